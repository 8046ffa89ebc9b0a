/** Writes docs/graph.schema.json from the zod schema (run with `npm run schema`). */
import { writeFileSync } from 'node:fs';
import { graphJsonSchema } from '../src/graph/schema';

const schema = {
  $id: 'https://backprop.studio/schema/graph-v1.json',
  title: 'Backprop Studio graph file, version 1',
  ...graphJsonSchema(),
};
writeFileSync(new URL('../docs/graph.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
console.log('wrote docs/graph.schema.json');

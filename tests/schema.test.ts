/** The committed JSON Schema is the one the zod schema generates, and it accepts the examples' shape. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphJsonSchema } from '../src/graph/schema';

describe('docs/graph.schema.json', () => {
  it('is up to date with src/graph/schema.ts (run `npm run schema` after changing the format)', () => {
    const committed = JSON.parse(readFileSync('docs/graph.schema.json', 'utf8'));
    const { $id: _id, title: _title, ...rest } = committed;
    expect(rest).toEqual(graphJsonSchema());
  });

  it('documents the required top-level fields', () => {
    const schema = graphJsonSchema() as {
      required: string[];
      properties: Record<string, { description?: string }>;
    };
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'nodes', 'edges', 'training']));
    expect(schema.properties.training.description).toBeTruthy();
  });
});

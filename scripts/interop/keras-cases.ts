/**
 * Writes the Keras interop cases for `check_keras_archive.py`: every graph of `graphs/` that
 * Keras layers can express, and the generated test graphs, each as DIR/<name>/model.keras with
 * random inputs (inputs.json) and our compiled graph's predictions for them (expected.json).
 *
 *   npx tsx scripts/interop/keras-cases.ts DIR
 *   for d in DIR/*\/; do python scripts/interop/check_keras_archive.py $d/model.keras $d/inputs.json --expected $d/expected.json; done
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportGraph } from '../../src/export/registry';
import { planKerasModel } from '../../src/interop/keras-from-graph';
import { graphWeights } from '../../src/interop/keras-weights';
import {
  exampleDocs,
  generatedDocs,
  kerasOnlyDoc,
  ourPrediction,
  perturbed,
  randomFeatures,
  shaped,
} from '../../tests/export/keras-fixtures';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: keras-cases.ts DIR');
  process.exit(1);
}
for (const [file, doc] of [...exampleDocs(), ...generatedDocs(), ['keras-only', kerasOnlyDoc()] as const]) {
  const name = file.replace(/\.json$/, '');
  const graph = shaped(doc);
  const plan = planKerasModel(graph, 'keras3');
  if (!plan.model) {
    console.log(`${name}: not layer-expressible (${plan.problems.length} nodes without a Keras layer)`);
    continue;
  }
  const weights = perturbed(await graphWeights(graph));
  const r = await exportGraph('keras', { ...doc, weights });
  if (!r.ok) throw new Error(`${name}: ${r.message}`);
  const x = randomFeatures(graph, 6, 5);
  const ours = ourPrediction(graph, weights, x, plan.model.outputs[0]);
  const outShape = [6, ...(graph.shapes.get(plan.model.outputs[0])!.slice(1) as number[])];
  const nest = (flat: ArrayLike<number>, shape: number[]): unknown => {
    if (shape.length === 1) return Array.from(flat);
    const step = flat.length / shape[0];
    return Array.from({ length: shape[0] }, (_, i) =>
      nest(Array.prototype.slice.call(flat, i * step, (i + 1) * step) as number[], shape.slice(1)),
    );
  };
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'model.keras'), r.files[0].contents);
  writeFileSync(join(out, 'inputs.json'), JSON.stringify({ inputs: nest(x.dataSync(), x.shape) }));
  writeFileSync(join(out, 'expected.json'), JSON.stringify({ predictions: nest(ours, outShape) }));
  console.log(`${name}: written`);
}

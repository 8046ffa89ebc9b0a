/**
 * Every example graph exported to ONNX and run by ONNX Runtime (onnxruntime-web's wasm backend)
 * gives our compiled graph's predictions on the same random inputs, with the initial weights and
 * with stored (trained-like) weights; the exported model names its input and outputs after the
 * graph's nodes, and training-only nodes are listed as left out.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/export/registry';
import { decodeModel, toNumber } from '../../src/interop/onnx-codec';
import {
  initialWeights,
  loadGraph,
  maxAbsDiff,
  ortPredictions,
  ourPredictions,
  randomFeatures,
} from './onnx-helpers';

const names = readdirSync('graphs')
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

/** float32 tolerance: the runtimes sum in different orders. */
const TOLERANCE = 1e-4;

describe('ONNX export of the example graphs, run by ONNX Runtime', () => {
  it.each(names)('%s predicts what our graph predicts', async (name) => {
    const { doc, graph } = loadGraph(`graphs/${name}.json`);
    const weights = await initialWeights(graph);
    // Stored weights moved off their initial values, as training would leave them.
    const trained = structuredClone(weights);
    for (const node of Object.values(trained))
      for (const w of Object.values(node)) w.values = w.values.map((v, i) => v + 0.05 * Math.sin(i + 1));
    for (const [label, stored] of [
      ['initial', undefined],
      ['stored', trained],
    ] as const) {
      const r = await exportGraph('onnx', { ...doc, weights: stored }, { initialWeights });
      if (!r.ok) return expect.fail(r.message);
      const bytes = r.files[0].contents as Uint8Array;
      expect(r.files[0].path).toMatch(/\.onnx$/);
      const model = decodeModel(bytes);
      expect(toNumber(model.opsetImport?.[0].version)).toBeGreaterThanOrEqual(17);
      const features = randomFeatures(graph, 5, 7);
      const ort = await ortPredictions(bytes, features);
      const ours = await ourPredictions(graph, stored ?? weights, features, ort.names);
      features.dispose();
      for (const [i, out] of ort.values.entries()) {
        const diff = maxAbsDiff(out, ours[i]);
        expect(diff, `${name} (${label} weights), output ${ort.names[i]}`).toBeLessThan(TOLERANCE);
      }
      expect(model.graph?.input?.map((v) => v.name)).toEqual(['x']);
      // Losses are training: each is named as left out, and predictions are the outputs.
      for (const n of doc.nodes.filter((n) => /Error|Entropy|MSE|Penalty/.test(n.op)))
        expect(r.limitations.some((l) => l.nodeId === n.id)).toBe(true);
    }
  });
});

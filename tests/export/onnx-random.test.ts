/**
 * Generated graphs (dense, convolutional and embedding layer stacks, op-level graphs) exported to
 * ONNX and run by ONNX Runtime give our compiled graph's predictions on the same random inputs,
 * with stored non-trivial weights (batch-norm statistics included).
 */
import { describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { exportGraph } from '../../src/export/registry';
import {
  initialWeights,
  maxAbsDiff,
  ortPredictions,
  ourPredictions,
  perturbed,
  randomFeatures,
} from './onnx-helpers';
import { randomGraphs } from './onnx-random-graphs';

const graphs = randomGraphs(25, 20_251_202);

describe('ONNX export of generated graphs, run by ONNX Runtime', () => {
  it.each(graphs.map((g) => [g.name!, g] as const))('%s predicts what our graph predicts', async (_, doc) => {
    const { graph, diagnostics } = checkGraph(doc);
    if (!graph) return expect.fail(diagnostics.map((d) => d.message).join('; '));
    const weights = perturbed(await initialWeights(graph));
    const r = await exportGraph('onnx', { ...doc, weights });
    if (!r.ok) return expect.fail(r.message);
    const features = randomFeatures(graph, 3, 11);
    const ort = await ortPredictions(r.files[0].contents as Uint8Array, features);
    const ours = await ourPredictions(graph, weights, features, ort.names);
    features.dispose();
    expect(ort.names.length).toBe(1);
    expect(maxAbsDiff(ort.values[0], ours[0]), JSON.stringify(doc.nodes)).toBeLessThan(1e-4);
  });
});

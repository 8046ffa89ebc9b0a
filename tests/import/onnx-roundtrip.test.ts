/**
 * Round trips graph → ONNX → import → graph: the imported graph computes the same function as the
 * original (same predictions on the same inputs) for every example graph and generated graphs,
 * keeps the prediction nodes' ids, folds activations back into their layers, and trains (it gets
 * a Target and a loss).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/export/registry';
import { checkGraph } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';
import { importModel } from '../../src/import/registry';
import {
  initialWeights,
  loadGraph,
  maxAbsDiff,
  ourPredictions,
  perturbed,
  randomFeatures,
} from '../export/onnx-helpers';
import { randomGraphs } from '../export/onnx-random-graphs';

const examples = readdirSync('graphs')
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, loadGraph(`graphs/${f}`).doc] as const);
const generated = randomGraphs(25, 31_337).map((d) => [d.name!, d] as const);

async function roundTrip(doc: GraphDoc): Promise<void> {
  const { graph } = checkGraph(doc);
  if (!graph) return expect.fail('the graph has errors');
  const weights = perturbed(await initialWeights(graph));
  const exported = await exportGraph('onnx', { ...doc, weights });
  if (!exported.ok) return expect.fail(exported.message);
  const bytes = exported.files[0].contents as Uint8Array;
  const imported = await importModel({ name: 'model.onnx', bytes, siblings: new Map() });
  if (!imported.ok) return expect.fail(imported.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
  const back = checkGraph(imported.doc);
  expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  // It trains exactly when the original does (a graph of pooling and dropout has nothing to train).
  const trains = (d: GraphDoc) => checkGraph(d, { training: true }).graph !== null;
  expect(trains(imported.doc)).toBe(trains(doc));
  // The outputs keep their ids; each now feeds a loss.
  const outputs = graph.order.filter((id) =>
    doc.edges.some((e) => e.source === id && e.targetPort === 'prediction'),
  );
  for (const id of outputs)
    expect(imported.doc.edges.some((e) => e.source === id && e.targetPort === 'prediction')).toBe(true);
  // Layers come back as layers: no more nodes than the original's inference part plus Target/loss.
  expect(imported.doc.nodes.length).toBeLessThanOrEqual(doc.nodes.length + 2 * outputs.length);
  const features = randomFeatures(graph, 4, 5);
  const before = await ourPredictions(graph, weights, features, outputs);
  const after = await ourPredictions(back.graph!, imported.doc.weights, features, outputs);
  features.dispose();
  outputs.forEach((id, i) => expect(maxAbsDiff(before[i], after[i]), id).toBeLessThan(1e-5));
}

describe('graph → ONNX → import → graph computes the same function', () => {
  it.each(examples)('%s', async (_, doc) => roundTrip(doc));
  it.each(generated)('%s', async (_, doc) => roundTrip(doc));
});

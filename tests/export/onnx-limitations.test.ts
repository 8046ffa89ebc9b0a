/**
 * What the ONNX export says before writing: training-only nodes named one per line, logits
 * outputs, initial weights; and the graphs it refuses (a prediction that reads the labels, two
 * Inputs of different shapes) refused whole with each reason naming its node, no file written.
 */
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/export/registry';
import { parseGraphValue } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { decodeModel } from '../../src/interop/onnx-codec';
import { loadGraph } from './onnx-helpers';

/** A graph from nodes `[id, op, params]` and edges `[source, target, port]`. */
function graph(nodes: [string, string, object][], edges: [string, string, string][]): GraphDoc {
  const { doc, diagnostics } = parseGraphValue({
    schemaVersion: 1,
    nodes: nodes.map(([id, op, params]) => ({ id, op, params })),
    edges: edges.map(([source, target, targetPort]) => ({ source, sourcePort: 'out', target, targetPort })),
    layout: { nodes: {} },
    training: { dataset: { kind: 'xor' } },
  });
  if (!doc) throw new Error(diagnostics[0]?.message);
  return doc;
}

describe('ONNX export limitations', () => {
  it('names every training-only node of spiral-mlp, and writes input x and output "output"', async () => {
    const { doc } = loadGraph('graphs/spiral-mlp.json');
    const r = await exportGraph('onnx', doc);
    if (!r.ok) return expect.fail(r.message);
    const byNode = new Map(r.limitations.map((l) => [l.nodeId, l.message]));
    expect(byNode.get('t')).toMatch(/Target is part of training/);
    expect(byNode.get('loss')).toMatch(/part of training/);
    expect(byNode.get('reg')).toMatch(/part of training/);
    expect(r.limitations.some((l) => /initial weights of seed/.test(l.message))).toBe(true);
    expect(r.limitations.every((l) => !l.fatal)).toBe(true);
    const model = decodeModel(r.files[0].contents as Uint8Array);
    expect(model.graph?.input?.map((v) => v.name)).toEqual(['x']);
    expect(model.graph?.output?.map((v) => v.name)).toEqual(['output']);
    expect(model.graph?.input?.[0].type?.tensorType?.shape?.dim?.[0].dimParam).toBe('N');
  });

  it('says when the output is logits because the loss applies softmax itself', async () => {
    const r = await exportGraph('onnx', loadGraph('graphs/mnist-cnn.json').doc);
    if (!r.ok) return expect.fail(r.message);
    expect(r.limitations.find((l) => l.nodeId === 'output')?.message).toMatch(/logits/);
  });

  it('refuses a prediction that reads the labels, naming the Target', async () => {
    const doc = graph(
      [
        ['x', 'Input', { shape: [2] }],
        ['d', 'Dense', { units: 1 }],
        ['t', 'Target', { shape: [1] }],
        ['a', 'Add', {}],
        ['loss', 'MSE', {}],
      ],
      [
        ['x', 'd', 'in'],
        ['d', 'a', 'a'],
        ['t', 'a', 'b'],
        ['a', 'loss', 'prediction'],
        ['t', 'loss', 'target'],
      ],
    );
    const r = await exportGraph('onnx', doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/node "t": the prediction depends on the labels/);
  });

  it('refuses two Inputs of different shapes (the app feeds both the same features)', async () => {
    const doc = graph(
      [
        ['x', 'Input', { shape: [2] }],
        ['y', 'Input', { shape: [3] }],
        ['c', 'Concat', {}],
        ['t', 'Target', { shape: [5] }],
        ['loss', 'MSE', {}],
      ],
      [
        ['x', 'c', 'inputs'],
        ['y', 'c', 'inputs'],
        ['c', 'loss', 'prediction'],
        ['t', 'loss', 'target'],
      ],
    );
    const r = await exportGraph('onnx', doc);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message.split('\n').slice(1)).toEqual([expect.stringMatching(/^\s*node "y": a second Input/)]);
  });
});

/**
 * Graphs the training fuzz (`tests/graph/fuzz-train.test.ts`) found to break `prepareRun` or the
 * first step, kept as regressions.
 */
import { describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { loadDataset } from '../../src/data/load';
import { checkGraph } from '../../src/graph/check';
import { prepareRun } from '../../src/run/prepare';
import { walkTrainerStep } from '../../src/step/stepper';
import { Trainer } from '../../src/train/trainer';
import { tf } from '../helpers/tf';

type Node = { id: string; op: string; params: Record<string, unknown> };

/** Input [2] and a Target as wide as `prediction` (2 when it is `x` or `s`, else 1) on four inline examples, the loss `E` on `prediction`, plus `extra`. */
function doc(prediction: string, extra: Node[] = [], extraEdges: [string, string, string][] = []): GraphDoc {
  const nodes: Node[] = [
    { id: 'x', op: 'Input', params: { shape: [2] } },
    { id: 't', op: 'Target', params: { shape: [prediction === 'x' || prediction === 's' ? 2 : 1] } },
    { id: 'E', op: 'MSE', params: {} },
    ...extra,
  ];
  const edges = [[prediction, 'E', 'prediction'], ['t', 'E', 'target'], ...extraEdges].map(
    ([source, target, targetPort]) => ({ source, target, targetPort }),
  );
  const width = prediction === 'x' || prediction === 's' ? 2 : 1;
  const training = {
    dataset: {
      kind: 'inline',
      features: [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      labels: [0, 1, 1, 0].map((v) => Array.from({ length: width }, () => v)),
    },
    optimizer: { type: 'sgd', learningRate: 0.1 },
    batchSize: 4,
    epochs: 1,
  };
  const loaded = parseGraphText(JSON.stringify({ schemaVersion: 1, nodes, edges, training }));
  expect(loaded.diagnostics).toEqual([]);
  return loaded.doc!;
}

describe('a graph with nothing to train', () => {
  it('is refused at the graph stage, not thrown from the first step (Input → MSE)', async () => {
    const before = tf.memory().numTensors;
    const r = await prepareRun(doc('x'), {});
    expect(r).toMatchObject({ ok: false, stage: 'graph' });
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'nothing-to-train', severity: 'error', nodeId: 'E' });
    expect(r.diagnostics[0].message).toMatch(/nothing to train/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is refused when the only weights feed no loss (Input → Sigmoid → MSE, Dense off to the side)', async () => {
    const r = await prepareRun(
      doc(
        's',
        [
          { id: 's', op: 'Sigmoid', params: {} },
          { id: 'side', op: 'Dense', params: { units: 3 } },
        ],
        [
          ['x', 's', 'in'],
          ['x', 'side', 'in'],
        ],
      ),
      {},
    );
    expect(r).toMatchObject({ ok: false, stage: 'graph' });
    if (r.ok) return;
    // The side branch is a warning; the error names the loss.
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([
      { code: 'nothing-to-train', nodeId: 'E' },
    ]);
  });

  it('still trains when a weight feeds a loss or a penalty', async () => {
    const graphs = [
      doc('h', [{ id: 'h', op: 'Dense', params: { units: 1 } }], [['x', 'h', 'in']]),
      // The loss alone has nothing to learn; the penalty's Parameter does.
      doc(
        'x',
        [
          { id: 'p', op: 'Parameter', params: { shape: [3] } },
          { id: 'pen', op: 'L2Penalty', params: { lambda: 0.1 } },
        ],
        [['p', 'pen', 'weights']],
      ),
    ];
    for (const d of graphs) {
      const before = tf.memory().numTensors;
      const r = await prepareRun(d, {});
      if (!r.ok) throw new Error(r.diagnostics.map((x) => x.message).join('; '));
      r.trainer.stepFast().dispose();
      r.trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

describe('a one-hot Target of shape [1] (found as graph #1376 of the training fuzz)', () => {
  /**
   * Input [2] → Dense 1 → CategoricalCrossEntropy ← Target one-hot [1], on blobs of one class (the
   * fuzz found it with MulticlassHinge, which validation now refuses on a single score).
   */
  function oneClass(): GraphDoc {
    const loaded = parseGraphText(
      JSON.stringify({
        schemaVersion: 1,
        nodes: [
          { id: 'x', op: 'Input', params: { shape: [2] } },
          { id: 'h', op: 'Dense', params: { units: 1 } },
          { id: 't', op: 'Target', params: { shape: [1], encoding: 'onehot' } },
          { id: 'E', op: 'CategoricalCrossEntropy', params: {} },
        ],
        edges: [
          { source: 'x', target: 'h', targetPort: 'in' },
          { source: 'h', target: 'E', targetPort: 'prediction' },
          { source: 't', target: 'E', targetPort: 'target' },
        ],
        training: { dataset: { kind: 'blobs', classes: 1, pointsPerClass: 3 }, batchSize: 4, epochs: 1 },
      }),
    );
    expect(loaded.diagnostics).toEqual([]);
    return loaded.doc!;
  }

  it('is refused at the fit stage on the Target, instead of tfjs throwing "depth must be >=2"', async () => {
    const before = tf.memory().numTensors;
    const r = await prepareRun(oneClass(), {});
    expect(r).toMatchObject({
      ok: false,
      stage: 'fit',
      diagnostics: [{ code: 'shape-mismatch', nodeId: 't', field: 'shape' }],
    });
    if (!r.ok) expect(r.diagnostics[0].message).toMatch(/at least 2/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a trainer whose constructor throws frees the weights and tensors it had created', () => {
    const d = oneClass();
    const graph = checkGraph(d).graph!;
    const dataset = loadDataset(d.training.dataset, 1, () => new Uint8Array());
    const before = tf.memory().numTensors;
    expect(() => new Trainer({ graph, dataset })).toThrow(/depth/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('step mode through an op that passes its input through (found as graph #151 and 6 others)', () => {
  for (const [name, op] of [
    ['Linear', { id: 's', op: 'Linear', params: {} }],
    ['Dropout at rate 0', { id: 's', op: 'Dropout', params: { rate: 0 } }],
  ] as const) {
    it(`walks Input → Parameter + → ${name} → MSE without "Cannot compute gradient"`, async () => {
      const d = doc(
        's',
        [op, { id: 'p', op: 'Parameter', params: { shape: [2] } }, { id: 'a', op: 'Add', params: {} }],
        [
          ['x', 'a', 'a'],
          ['p', 'a', 'b'],
          ['a', 's', 'in'],
        ],
      );
      const before = tf.memory().numTensors;
      const r = await prepareRun(d, {});
      if (!r.ok) throw new Error(r.diagnostics.map((x) => x.message).join('; '));
      try {
        const walk = await walkTrainerStep(r.trainer, 0, false);
        const edge = walk.events.find((e) => e.phase === 'backward' && e.nodeId === 'a');
        expect(edge).toMatchObject({ chain: [{ consumer: 's', localKind: 'elementwise' }] });
        await walkTrainerStep(r.trainer, null, true);
      } finally {
        r.trainer.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('a class loss on a single score', () => {
  it('is refused by validation, naming the loss and its prediction (it used to throw inside the step)', async () => {
    const { checkGraph } = await import('../../src/graph/check');
    for (const op of ['SparseCategoricalCrossEntropy', 'MulticlassHinge']) {
      const loaded = parseGraphText(
        JSON.stringify({
          schemaVersion: 1,
          nodes: [
            { id: 'x', op: 'Input', params: { shape: [2] } },
            { id: 'h', op: 'Dense', params: { units: 1 } },
            { id: 't', op: 'Target', params: { shape: [1], encoding: 'index' } },
            { id: 'E', op, params: {} },
          ],
          edges: [
            { source: 'x', target: 'h', targetPort: 'in' },
            { source: 'h', target: 'E', targetPort: 'prediction' },
            { source: 't', target: 'E', targetPort: 'target' },
          ],
          training: { dataset: { kind: 'blobs', classes: 1, pointsPerClass: 4 } },
        }),
      );
      const errors = checkGraph(loaded.doc!).diagnostics.filter((d) => d.severity === 'error');
      expect(errors[0], op).toMatchObject({ nodeId: 'E', field: 'prediction' });
      expect(errors[0].message).toMatch(/at least 2 classes/);
    }
  });
});

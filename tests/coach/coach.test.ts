/**
 * The training coach on real runs of the lecture networks (a perceptron on XOR, a sigmoid network
 * with a learning rate far too low, a ReLU network pushed too hard, a healthy run) and its unit
 * readings on traces whose numbers are written here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../helpers/tf';
import { coach } from '../../src/coach/coach';
import { deadUnits, shareNearBounds } from '../../src/coach/signals';
import type { CoachPoint } from '../../src/coach/types';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc, TrainingSpec } from '../../src/graph/types';
import { prepareRun } from '../../src/run/prepare';
import type { TensorTrace } from '../../src/trace/types';
import { statsOf } from '../../src/trace/read';

const example = (name: string): GraphDoc => parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8')).doc!;

/** Trains `doc` with `training` changes and asks the coach about the end of the run. */
async function coachAfter(doc: GraphDoc, training: Partial<TrainingSpec>) {
  const prepared = await prepareRun({ ...doc, training: { ...doc.training, ...training } }, {});
  if (!prepared.ok) throw new Error(JSON.stringify(prepared));
  const { trainer, graph } = prepared;
  const history: CoachPoint[] = [];
  try {
    await trainer.run(
      (e) => {
        if (e.type === 'epoch')
          history.push({
            step: e.progress.step,
            loss: e.progress.loss,
            accuracy: e.progress.train?.accuracy,
          });
      },
      { progressEveryMs: 1e9 },
    );
    const frame = await trainer.inspectStep(Math.max(0, trainer.steps - 1), 1_000_000);
    return {
      graph,
      advice: coach({ graph, history, frame, stepsPerEpoch: trainer.stepsPerEpoch }),
      history,
    };
  } finally {
    trainer.dispose();
  }
}

const trace = (values: number[], shape = [values.length]): TensorTrace => ({
  shape,
  stats: statsOf(values),
  values,
});

describe('unit readings', () => {
  it('counts outputs near the bounds of a bounded activation, from numbers and from a histogram', () => {
    expect(shareNearBounds(trace([0.001, 0.5, 0.999, 0.995]), 0, 1)).toBe(0.75);
    const summary: TensorTrace = {
      shape: [1000],
      stats: { min: -1, max: 1, mean: 0, std: 1, norm: 30, nonFinite: 0 },
      histogram: [450, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 500],
    };
    // Bins of width 0.125: the first and last lie within 2 % of the range (0.04) of the bounds? No:
    // only bins entirely inside the margin count, and a 0.125-wide bin is not, so none count.
    expect(shareNearBounds(summary, -1, 1)).toBe(0);
    expect(shareNearBounds({ ...summary, stats: { ...summary.stats, min: 0.99, max: 1 } }, -1, 1)).toBe(1);
  });

  it('finds units that are zero for every example of the batch', () => {
    // 3 examples × 4 units; units 1 and 3 never fire.
    expect(deadUnits(trace([0.5, 0, 2, 0, 0, 0, 1, 0, 0.1, 0, 0, 0], [3, 4]))).toEqual({ dead: 2, units: 4 });
    expect(deadUnits(trace([1, 2, 3, 4], [1, 4]))).toEqual({ dead: 0, units: 4 });
    // A summary carries the count the trace reader computed.
    const summary = { shape: [32, 100], stats: statsOf([0, 1]), histogram: [1], nonPositiveUnits: 63 };
    expect(deadUnits(summary)).toEqual({ dead: 63, units: 100 });
    expect(deadUnits({ ...summary, nonPositiveUnits: undefined })).toBeNull();
  });
});

describe('coach on a frame written by hand', () => {
  it('reports saturated sigmoid units of xor-keras with the remedies that fit them', async () => {
    const { checkGraph } = await import('../../src/graph/check');
    const graph = checkGraph(example('xor-keras')).graph!;
    const nodes: Record<string, { value: TensorTrace; grad: TensorTrace | null }> = {};
    for (const id of graph.order) nodes[id] = { value: trace([0.3]), grad: trace([0.1]) };
    // Four examples, both hidden units pinned at the ends of the sigmoid.
    nodes.hidden = {
      value: trace([0.999, 0.001, 0.998, 0.0005, 0.9999, 0.002, 0.997, 0.001], [4, 2]),
      grad: trace([1e-3]),
    };
    const frame = { step: 400, epoch: 100, loss: 0.69, nodes, weights: {} };
    const history = Array.from({ length: 10 }, (_, i) => ({ step: (i + 1) * 40, loss: 0.69, accuracy: 0.5 }));
    const advice = coach({ graph, history, frame, stepsPerEpoch: 4 });
    const saturated = advice.find((a) => a.kind === 'saturated')!;
    expect(saturated.nodeIds).toEqual(['hidden']);
    expect(saturated.remedies.map((r) => r.label)).toEqual([
      'Learning rate ÷ 10 (0.03)',
      'Use relu in "hidden"',
      'Another seed (6)',
    ]);
    expect(advice.map((a) => a.kind)).toContain('chance');
  });
});

describe('coach on real runs', () => {
  it('tells a perceptron on XOR that it can only draw a straight boundary', async () => {
    const { advice, history } = await coachAfter(example('perceptron-xor'), {});
    expect(history.at(-1)!.accuracy).toBeLessThanOrEqual(0.75);
    expect(advice.map((a) => a.kind)).toContain('linear-model');
  });

  it('says the loss is flat when the learning rate is far too low, and offers a higher one', async () => {
    const doc = example('xor-mlp');
    const { advice, graph } = await coachAfter(doc, {
      optimizer: { type: 'sgd', learningRate: 1e-5 },
      epochs: 60,
    });
    const stuck = advice.find((a) => a.kind === 'stalled' || a.kind === 'chance');
    expect(stuck, JSON.stringify(advice)).toBeDefined();
    const higher = stuck!.remedies.find((r) => r.training?.optimizer?.learningRate === 1e-4);
    expect(higher?.label).toMatch(/Learning rate × 10/);
    expect(graph.doc.training.optimizer.learningRate).toBe(1e-5);
  });

  it('finds dead ReLUs after a far too large step, and offers leaky ReLU on that layer', async () => {
    const doc = example('spiral-mlp');
    const { advice } = await coachAfter(doc, { optimizer: { type: 'sgd', learningRate: 40 }, epochs: 3 });
    const dead = advice.find((a) => a.kind === 'dead-relu' || a.kind === 'exploding');
    expect(dead, JSON.stringify(advice.map((a) => a.title))).toBeDefined();
    if (dead!.kind === 'dead-relu') {
      expect(dead!.nodeIds).toContain('hidden');
      expect(dead!.remedies[0].params).toEqual([
        { nodeId: 'hidden', name: 'activation', value: 'leakyRelu' },
      ]);
    }
  });

  it('has nothing to say about a run that learns', async () => {
    const { advice, history } = await coachAfter(example('xor-mlp'), {});
    expect(history.at(-1)!.accuracy).toBe(1);
    expect(advice).toEqual([]);
  });
});

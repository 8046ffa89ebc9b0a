/**
 * Training defaults: a file with only a data set (or no training section) loads, trains with the
 * data set's recommended settings, and saves back only what it had. The lecture's XOR network
 * learns XOR with the default run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/backend/node';
import { parseGraphValue, serializeGraph } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { prepareRun } from '../../src/run/prepare';

/** Input[2] → Dense(units, activation) → Dense(1, sigmoid) → loss, as a file with `training`. */
function studentFile(units: number, activation: string, loss: string, training?: unknown): unknown {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'x', op: 'Input', params: { shape: [2] } },
      { id: 'h', op: 'Dense', params: { units, activation } },
      { id: 'o', op: 'Dense', params: { units: 1, activation: 'sigmoid' } },
      { id: 't', op: 'Target', params: { shape: [1] } },
      { id: 'loss', op: loss, params: {} },
    ],
    edges: [
      { source: 'x', target: 'h', targetPort: 'in' },
      { source: 'h', target: 'o', targetPort: 'in' },
      { source: 'o', target: 'loss', targetPort: 'prediction' },
      { source: 't', target: 'loss', targetPort: 'target' },
    ],
    ...(training === undefined ? {} : { training }),
  };
}

function load(value: unknown): GraphDoc {
  const r = parseGraphValue(value);
  expect(r.diagnostics).toEqual([]);
  return r.doc!;
}

describe('loading a training section with fields left out', () => {
  it('fills the data set’s defaults and remembers which fields were filled', () => {
    const doc = load(studentFile(3, 'tanh', 'BinaryCrossEntropy', { dataset: { kind: 'xor' } }));
    expect(doc.training).toEqual({
      dataset: { kind: 'xor' },
      testSplit: 0,
      shuffle: true,
      lossWeights: {},
      optimizer: { type: 'sgd', learningRate: 5 },
      batchSize: 4,
      epochs: 1000,
      seed: 1,
    });
    expect(doc.defaultedTraining).toEqual([
      'testSplit',
      'shuffle',
      'lossWeights',
      'optimizer',
      'batchSize',
      'epochs',
      'seed',
    ]);
  });

  it('saves only the data set back when that is all the file had', () => {
    const doc = load(studentFile(3, 'tanh', 'BinaryCrossEntropy', { dataset: { kind: 'xor' } }));
    expect(JSON.parse(serializeGraph(doc)).training).toEqual({ dataset: { kind: 'xor' } });
  });

  it('refuses a file without a data set, saying what to add', () => {
    for (const [training, path] of [
      [undefined, 'training'],
      [{ epochs: 3 }, 'training.dataset'],
    ] as const) {
      const r = parseGraphValue(studentFile(3, 'tanh', 'BinaryCrossEntropy', training));
      expect(r.doc).toBeNull();
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({ code: 'schema', path });
      expect(r.diagnostics[0].message).toMatch(/"dataset": \{ "kind": "xor" \}/);
    }
  });

  it('uses another data set’s defaults for the spiral', () => {
    const doc = load(studentFile(3, 'tanh', 'BinaryCrossEntropy', { dataset: { kind: 'spiral' }, seed: 4 }));
    expect(doc.training).toMatchObject({
      optimizer: { type: 'adam', learningRate: 0.02 },
      batchSize: 32,
      epochs: 150,
      seed: 4,
    });
  });

  it('gives an optimizer named without a step size its default step size', () => {
    const xorAdam = load(
      studentFile(3, 'tanh', 'L2Error', { dataset: { kind: 'xor' }, optimizer: { type: 'adam' } }),
    );
    expect(xorAdam.training.optimizer).toEqual({ type: 'adam', learningRate: 0.01 });
    const xorSgd = load(
      studentFile(3, 'tanh', 'L2Error', {
        dataset: { kind: 'xor' },
        optimizer: { type: 'sgd', momentum: 0 },
      }),
    );
    expect(xorSgd.training.optimizer).toEqual({ type: 'sgd', momentum: 0, learningRate: 5 });
    expect(JSON.parse(serializeGraph(xorSgd)).training).toEqual({
      dataset: { kind: 'xor' },
      optimizer: { type: 'sgd', momentum: 0 },
    });
  });

  it('saves exactly the fields the file had', () => {
    const training = {
      dataset: { kind: 'moons', samples: 50 },
      epochs: 7,
      optimizer: { type: 'sgd', learningRate: 0.3 },
    };
    const doc = load(studentFile(2, 'sigmoid', 'L2Error', training));
    expect(JSON.parse(serializeGraph(doc)).training).toEqual(training);
    // A complete section is written back unchanged.
    const full = load(studentFile(2, 'sigmoid', 'L2Error', doc.training));
    expect(full.defaultedTraining).toBeUndefined();
    expect(JSON.parse(serializeGraph(full)).training).toEqual(doc.training);
  });

  it('still refuses a bad value, with its path', () => {
    const r = parseGraphValue(studentFile(2, 'tanh', 'L2Error', { dataset: { kind: 'xor' }, epochs: 0 }));
    expect(r.doc).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code: 'schema', path: 'training.epochs' });
  });
});

describe('the default run on XOR', () => {
  beforeAll(async () => {
    await startNodeBackend('cpu');
  });
  const results: Record<string, boolean> = {};

  /** Trains the file's default run and tells whether it ends at 100 % accuracy. */
  async function learns(units: number, activation: string, loss: string, seed: number): Promise<boolean> {
    const doc = load(studentFile(units, activation, loss, { dataset: { kind: 'xor' }, seed }));
    const run = await prepareRun(doc, {});
    if (!run.ok) throw new Error(JSON.stringify(run.diagnostics));
    try {
      while (!run.trainer.done) run.trainer.stepFast().dispose();
      return (await run.trainer.evaluate()).train.accuracy === 1;
    } finally {
      run.trainer.dispose();
    }
  }

  // Measured: with SGD 5, full batch, 1000 epochs, 58 of these 60 runs reach 100 %; the two that
  // do not are the 2-unit tanh net at seed 4, in XOR's local minimum. BCE everywhere, L2 on 2 and 4.
  it('reaches 100 % for 3 and 4 hidden units, and for most 2-unit nets', async () => {
    for (const loss of ['BinaryCrossEntropy', 'L2Error'])
      for (const activation of ['sigmoid', 'tanh'])
        for (const units of loss === 'L2Error' ? [2, 4] : [2, 3, 4])
          for (let seed = 1; seed <= 5; seed++)
            results[`${loss} ${activation} ${units} seed ${seed}`] = await learns(
              units,
              activation,
              loss,
              seed,
            );
    const failed = Object.keys(results).filter((k) => !results[k]);
    expect(failed.filter((k) => !/ 2 seed /.test(k))).toEqual([]);
    expect(failed.length).toBeLessThanOrEqual(2);
  }, 300_000);
});

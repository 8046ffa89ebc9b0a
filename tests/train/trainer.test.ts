/**
 * The trainer on the spiral MLP: seeded reproducibility, reset, pause/resume/stop, step limits,
 * the train/test split, epoch events, and traced steps checked against a plain-JS float64
 * forward and backward pass of the same network.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Feeds } from '../../src/compile/program';
import type { Dataset } from '../../src/data/dataset';
import type { GraphDoc, TrainingSpec } from '../../src/graph/types';
import { Trainer } from '../../src/train/trainer';
import type { Progress, TrainerEvent } from '../../src/train/progress';
import type { TensorTrace } from '../../src/trace/types';
import { loadExample, tf } from '../helpers/tf';

const spiral = loadExample('spiral-mlp');
/** λ of the graph's L2 penalty on the hidden kernel. */
const LAMBDA = 0.0005;
/** The clip the cross-entropy applies to probabilities. */
const EPSILON = 1e-7;

const trainers: Trainer[] = [];

/** A trainer on the spiral MLP, disposed after the test. */
function spiralTrainer(overrides: Partial<TrainingSpec> = {}): Trainer {
  const trainer = new Trainer({ graph: spiral.graph, dataset: spiral.dataset, overrides });
  trainers.push(trainer);
  return trainer;
}

afterEach(() => {
  for (const t of trainers.splice(0)) {
    t.stop();
    t.dispose();
  }
});

/** The objective of `steps` untraced steps, read back one by one. */
async function lossCurve(trainer: Trainer, steps: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = trainer.stepFast();
    losses.push((await loss.data())[0]);
    loss.dispose();
  }
  return losses;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// A float64 reference of the spiral MLP: x → Dense(100, relu) → Dense(3, softmax) → CE, + λΣW₁².

type Matrix = number[][];

/** Row-major values → rows × cols matrix. */
const toMatrix = (values: readonly number[], cols: number): Matrix =>
  Array.from({ length: values.length / cols }, (_, i) => values.slice(i * cols, (i + 1) * cols));

const matMul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));

const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));

interface MlpWeights {
  w1: Matrix;
  b1: number[];
  w2: Matrix;
  b2: number[];
}

function weightsFromDoc(weights: NonNullable<GraphDoc['weights']>): MlpWeights {
  return {
    w1: toMatrix(weights.hidden.kernel.values, weights.hidden.kernel.shape[1]),
    b1: weights.hidden.bias.values,
    w2: toMatrix(weights.output.kernel.values, weights.output.kernel.shape[1]),
    b2: weights.output.bias.values,
  };
}

function weightsFromFrame(weights: Record<string, { value: TensorTrace }>): MlpWeights {
  const matrix = (key: string) => toMatrix(weights[key].value.values!, weights[key].value.shape[1]);
  return {
    w1: matrix('hidden/kernel'),
    b1: weights['hidden/bias'].value.values!,
    w2: matrix('output/kernel'),
    b2: weights['output/bias'].value.values!,
  };
}

interface Reference {
  s1: Matrix;
  h: Matrix;
  p: Matrix;
  loss: number;
  objective: number;
  /** dE/d(node output). */
  dp: Matrix;
  dh: Matrix;
  /** dE/d(weight). */
  dw1: Matrix;
  db1: number[];
  dw2: Matrix;
  db2: number[];
}

/** Forward and backward pass for a batch `x` [N, 2] with one-hot targets `t` [N, 3]. */
function reference(w: MlpWeights, x: Matrix, t: Matrix): Reference {
  const n = x.length;
  const s1 = matMul(x, w.w1).map((row) => row.map((v, j) => v + w.b1[j]));
  const h = s1.map((row) => row.map((v) => Math.max(0, v)));
  const s2 = matMul(h, w.w2).map((row) => row.map((v, j) => v + w.b2[j]));
  const p = s2.map((row) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / z);
  });
  const clip = (v: number) => Math.min(1 - EPSILON, Math.max(EPSILON, v));
  const loss =
    -p.reduce((s, row, i) => s + row.reduce((a, v, k) => a + t[i][k] * Math.log(clip(v)), 0), 0) / n;
  const penalty = LAMBDA * w.w1.flat().reduce((a, v) => a + v * v, 0);
  // Probabilities stay inside the clip here, so the clip passes gradients through unchanged.
  const dp = p.map((row, i) => row.map((v, k) => -t[i][k] / (v * n)));
  const ds2 = p.map((row, i) => row.map((v, k) => (v - t[i][k]) / n));
  const dh = matMul(ds2, transpose(w.w2));
  const ds1 = dh.map((row, i) => row.map((v, j) => (s1[i][j] > 0 ? v : 0)));
  const colSums = (a: Matrix) => a[0].map((_, j) => a.reduce((s, row) => s + row[j], 0));
  return {
    s1,
    h,
    p,
    loss,
    objective: loss + penalty,
    dp,
    dh,
    dw1: matMul(transpose(x), ds1).map((row, i) => row.map((v, j) => v + 2 * LAMBDA * w.w1[i][j])),
    db1: colSums(ds1),
    dw2: matMul(transpose(h), ds2),
    db2: colSums(ds2),
  };
}

/** Element-wise closeness relative to the largest reference magnitude. */
function expectAllClose(actual: readonly number[], expected: readonly number[], rel = 1e-5): void {
  expect(actual).toHaveLength(expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1e-6);
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
  expect(worst).toBeLessThanOrEqual(rel * scale);
}

/** Rows of a data set's features and one-hot labels. */
function examples(ds: Dataset): { x: Matrix; t: Matrix } {
  const k = ds.numClasses!;
  return {
    x: toMatrix(Array.from(ds.features), ds.featureShape[0]),
    t: Array.from(ds.labels, (c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))),
  };
}

// ---------------------------------------------------------------------------------------------

describe('Trainer: seeds and reset', () => {
  it('starts from identical weights and follows an identical loss curve for the same seed', async () => {
    const a = spiralTrainer({ seed: 7 });
    const b = spiralTrainer({ seed: 7 });
    const weightsA = await a.program.exportWeights();
    expect(await b.program.exportWeights()).toEqual(weightsA);
    expect(Object.keys(weightsA).sort()).toEqual(['hidden', 'output']);
    const curveA = await lossCurve(a, 30);
    const curveB = await lossCurve(b, 30);
    expect(curveB).toEqual(curveA);
    expect(curveA.every(Number.isFinite)).toBe(true);
    // It learns: the last steps' loss is well below the first.
    expect(curveA[29]).toBeLessThan(curveA[0]);
    expect(await b.program.exportWeights()).toEqual(await a.program.exportWeights());
  });

  it('starts from different weights and follows a different curve for another seed', async () => {
    const a = spiralTrainer({ seed: 7 });
    const b = spiralTrainer({ seed: 8 });
    const weightsA = await a.program.exportWeights();
    const weightsB = await b.program.exportWeights();
    expect(weightsB.hidden.kernel.values).not.toEqual(weightsA.hidden.kernel.values);
    expect(weightsB.output.kernel.values).not.toEqual(weightsA.output.kernel.values);
    // Biases start at zero whatever the seed.
    expect(weightsB.hidden.bias.values).toEqual(weightsA.hidden.bias.values);
    expect(await lossCurve(b, 5)).not.toEqual(await lossCurve(a, 5));
  });

  it('reset() returns to the initial weights, step 0, and the same loss curve', async () => {
    const trainer = spiralTrainer({ seed: 3 });
    const initial = await trainer.program.exportWeights();
    // 25 steps: stops in the middle of the third epoch (10 steps each).
    const first = await lossCurve(trainer, 25);
    expect(trainer.steps).toBe(25);
    expect(await trainer.program.exportWeights()).not.toEqual(initial);
    trainer.reset();
    expect(trainer.steps).toBe(0);
    expect(trainer.epoch).toBe(0);
    expect(await trainer.program.exportWeights()).toEqual(initial);
    expect(await lossCurve(trainer, 25)).toEqual(first);
  });
});

describe('Trainer: run control', () => {
  it('run() reports the same per-step losses as stepFast()', async () => {
    const reference = await lossCurve(spiralTrainer({ epochs: 2 }), 20);
    const trainer = spiralTrainer({ epochs: 2 });
    const losses: number[] = [];
    await trainer.run(
      (e) => {
        if (e.type === 'progress' || e.type === 'epoch') losses.push(e.progress.loss);
      },
      { progressEveryMs: 0, evaluateEachEpoch: false },
    );
    expect(losses).toEqual(reference);
  });

  it('pause() holds the step count until resume(), then the run finishes', async () => {
    const trainer = spiralTrainer({ epochs: 2 });
    let paused!: () => void;
    const pausedNow = new Promise<void>((resolve) => (paused = resolve));
    let pausedOnce = false;
    const run = trainer.run(
      (e) => {
        if (e.type === 'progress' && !pausedOnce) {
          pausedOnce = true;
          trainer.pause();
          paused();
        }
      },
      { progressEveryMs: 0, evaluateEachEpoch: false },
    );
    await pausedNow;
    const atPause = trainer.steps;
    expect(atPause).toBe(1);
    await sleep(60);
    expect(trainer.steps).toBe(atPause);
    expect(trainer.isPaused).toBe(true);
    expect(trainer.isRunning).toBe(true);
    trainer.resume();
    const progress = await run;
    expect(progress.done).toBe(true);
    expect(progress.step).toBe(20);
    expect(trainer.isRunning).toBe(false);
  });

  it('stop() ends a run after the current step, also while paused', async () => {
    const trainer = spiralTrainer({ epochs: 5 });
    const events: TrainerEvent[] = [];
    const progress = await trainer.run(
      (e) => {
        events.push(e);
        if (e.type === 'progress' && e.progress.step === 5) trainer.stop();
      },
      { progressEveryMs: 0, evaluateEachEpoch: false },
    );
    expect(progress.step).toBe(5);
    expect(progress.done).toBe(false);
    expect(trainer.steps).toBe(5);
    expect(trainer.isRunning).toBe(false);
    expect(events.some((e) => e.type === 'done')).toBe(false);

    // Paused, then stopped: the run returns without taking another step.
    let paused!: () => void;
    const pausedNow = new Promise<void>((resolve) => (paused = resolve));
    const run = trainer.run(
      (e) => {
        if (e.type === 'progress' && e.progress.step === 8) {
          trainer.pause();
          paused();
        }
      },
      { progressEveryMs: 0, evaluateEachEpoch: false },
    );
    await pausedNow;
    await sleep(20);
    trainer.stop();
    expect((await run).step).toBe(8);
    expect(trainer.steps).toBe(8);
    expect(trainer.isRunning).toBe(false);
  });

  it('honours maxSteps, continues from where it stopped, and never runs past the last epoch', async () => {
    const trainer = spiralTrainer({ epochs: 2 });
    expect(trainer.stepsPerEpoch).toBe(10);
    expect(trainer.totalSteps).toBe(20);
    const events: TrainerEvent[] = [];
    const listener = (e: TrainerEvent) => events.push(e);
    const report = { evaluateEachEpoch: false };
    expect((await trainer.run(listener, report, 7)).step).toBe(7);
    expect(trainer.steps).toBe(7);
    expect((await trainer.run(listener, report, 5)).step).toBe(12);
    expect(trainer.epoch).toBe(1);
    expect(events.some((e) => e.type === 'done')).toBe(false);
    const last = await trainer.run(listener, report, 100);
    expect(last.step).toBe(20);
    expect(last.done).toBe(true);
    expect(trainer.done).toBe(true);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    // A finished trainer takes no more steps.
    expect((await trainer.run(listener, report, 5)).step).toBe(20);
  });

  it('refuses to start a second run while one is active', async () => {
    const trainer = spiralTrainer({ epochs: 2 });
    const run = trainer.run(() => undefined, { evaluateEachEpoch: false });
    await expect(trainer.run(() => undefined)).rejects.toThrow(/already running/);
    trainer.stop();
    await run;
  });

  it("emits one 'epoch' event per epoch with increasing epochs and metrics, then 'done'", async () => {
    const trainer = spiralTrainer({ epochs: 3 });
    const events: TrainerEvent[] = [];
    const final = await trainer.run((e) => events.push(e), { progressEveryMs: 0 });
    const epochs = events.filter((e) => e.type === 'epoch').map((e) => e.progress);
    expect(epochs.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(epochs.map((p) => p.step)).toEqual([10, 20, 30]);
    for (const p of epochs) {
      expect(p.train?.loss).toBeGreaterThan(0);
      expect(p.train?.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.train?.accuracy).toBeLessThanOrEqual(1);
      expect(p.test).toBeUndefined();
    }
    expect(epochs.map((p) => p.done)).toEqual([false, false, true]);
    // Progress events in between, one per step, never at an epoch end.
    const steps = events.filter((e) => e.type === 'progress').map((e) => e.progress.step);
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1).filter((s) => s % 10 !== 0));
    expect(events[events.length - 1].type).toBe('done');
    expect(final.done).toBe(true);
    // The last epoch's metrics are those of the final weights.
    expect(epochs[2].train).toEqual((await trainer.evaluate()).train);
  });

  it("emits 'epoch' events even when progress reports are rare", async () => {
    const trainer = spiralTrainer({ epochs: 4 });
    const kinds: string[] = [];
    const epochsSeen: number[] = [];
    await trainer.run(
      (e) => {
        kinds.push(e.type);
        if (e.type === 'epoch') epochsSeen.push(e.progress.epoch);
      },
      { progressEveryMs: 1e9, evaluateEachEpoch: false },
    );
    expect(epochsSeen).toEqual([1, 2, 3, 4]);
    expect(kinds).toEqual(['epoch', 'epoch', 'epoch', 'epoch', 'done']);
  });
});

describe('Trainer: train/test split and evaluation', () => {
  it('splits 300 spiral points 240/60 without losing or duplicating examples', () => {
    const trainer = spiralTrainer({ testSplit: 0.2 });
    expect(trainer.train.count).toBe(240);
    expect(trainer.test?.count).toBe(60);
    expect(trainer.stepsPerEpoch).toBe(8);
    const key = (ds: Dataset, i: number) => `${ds.features[2 * i]},${ds.features[2 * i + 1]},${ds.labels[i]}`;
    const keys = (ds: Dataset) => Array.from({ length: ds.count }, (_, i) => key(ds, i));
    const split = [...keys(trainer.train), ...keys(trainer.test!)].sort();
    expect(split).toEqual(keys(spiral.dataset).sort());
  });

  it('evaluate() gives test metrics equal to an independent computation', async () => {
    const trainer = spiralTrainer({ testSplit: 0.2 });
    await lossCurve(trainer, 40);
    const { train, test } = await trainer.evaluate();
    expect(test).toBeDefined();
    for (const [ds, result] of [
      [trainer.train, train],
      [trainer.test!, test!],
    ] as const) {
      // Accuracy: tfjs forward pass on the whole set, argmax in JS.
      const outputs = tf.tidy(() => {
        const { x, t } = examples(ds);
        const feeds: Feeds = { features: tf.tensor2d(x), labels: { t: tf.tensor2d(t) } };
        return tf.keep(trainer.program.forward(feeds, { training: false, seed: 0 }).outputs.get('output')!);
      });
      const probabilities = outputs.arraySync() as Matrix;
      outputs.dispose();
      const argmax = (row: number[]) => row.indexOf(Math.max(...row));
      const correct = probabilities.filter((row, i) => argmax(row) === ds.labels[i]).length;
      expect(result.accuracy).toBeCloseTo(correct / ds.count, 10);
      // Loss: the float64 reference from the exported weights.
      const { x, t } = examples(ds);
      const ref = reference(weightsFromDoc(await trainer.program.exportWeights()), x, t);
      expect(Math.abs(result.loss - ref.objective)).toBeLessThanOrEqual(1e-5 * ref.objective);
      // The reference agrees on the predictions too.
      expect(ref.p.filter((row, i) => argmax(row) === ds.labels[i]).length).toBe(correct);
    }
    // 40 steps of Adam at 0.02 beat chance (1/3) on the training set clearly.
    expect(train.accuracy).toBeGreaterThan(0.5);
  });

  it('evaluate() without a split has no test metrics', async () => {
    const result = await spiralTrainer().evaluate();
    expect(result.test).toBeUndefined();
    expect(result.train.accuracy).toBeGreaterThanOrEqual(0);
  });
});

describe('Trainer: traced steps', () => {
  const LR = 0.1;
  const nodeIds = ['x', 'hidden', 'output', 't', 'loss', 'reg'];
  const weightKeys = ['hidden/kernel', 'hidden/bias', 'output/kernel', 'output/bias'];

  it('traces every node and weight, with update = −lr × grad for plain SGD', async () => {
    const trainer = spiralTrainer({ optimizer: { type: 'sgd', learningRate: LR } });
    const before = await trainer.program.exportWeights();
    const frame = await trainer.stepTraced(1e6);
    expect(frame.step).toBe(1);
    expect(frame.epoch).toBe(0);
    expect(Object.keys(frame.nodes).sort()).toEqual([...nodeIds].sort());
    expect(Object.keys(frame.weights).sort()).toEqual([...weightKeys].sort());
    expect(frame.nodes.x.value.shape).toEqual([32, 2]);
    expect(frame.nodes.hidden.value.shape).toEqual([32, 100]);
    expect(frame.nodes.output.value.shape).toEqual([32, 3]);
    expect(frame.nodes.loss.value.shape).toEqual([]);
    // Every node on a path from the weights to the objective has a gradient.
    for (const id of ['hidden', 'output', 'loss', 'reg']) {
      expect(frame.nodes[id].grad, id).not.toBeNull();
      expect(frame.nodes[id].grad!.shape).toEqual(frame.nodes[id].value.shape);
    }
    // The objective is loss + reg, so both receive dE/d(term) = 1.
    expect(frame.nodes.loss.grad!.values).toEqual([1]);
    expect(frame.nodes.reg.grad!.values).toEqual([1]);
    expect(frame.loss).toBeCloseTo(frame.nodes.loss.value.values![0] + frame.nodes.reg.value.values![0], 6);

    const after = await trainer.program.exportWeights();
    for (const key of weightKeys) {
      const w = frame.weights[key];
      const [nodeId, name] = key.split('/');
      expect(w.nodeId).toBe(nodeId);
      expect(w.name).toBe(name);
      expect(w.grad).not.toBeNull();
      expect(w.update).not.toBeNull();
      // The traced value is the weight before the step.
      expect(w.value.values).toEqual(before[nodeId][name].values);
      const grad = w.grad!.values!;
      const update = w.update!.values!;
      expect(update).toHaveLength(grad.length);
      update.forEach((u, i) =>
        expect(Math.abs(u + LR * grad[i])).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(LR * grad[i])),
      );
      // And old + update is the new weight.
      const old = before[nodeId][name].values;
      after[nodeId][name].values.forEach((v, i) =>
        expect(Math.abs(v - (old[i] + update[i]))).toBeLessThanOrEqual(1e-6),
      );
      expect(grad.some((g) => g !== 0)).toBe(true);
    }
  });

  it('traces values, gradients and the loss that a float64 reference computes for the same batch', async () => {
    const trainer = spiralTrainer({ optimizer: { type: 'sgd', learningRate: LR } });
    await lossCurve(trainer, 3);
    const frame = await trainer.stepTraced(1e6);
    expect(frame.step).toBe(4);
    const x = toMatrix(frame.nodes.x.value.values!, 2);
    const t = toMatrix(frame.nodes.t.value.values!, 3);
    // The batch is real spiral data with one-hot targets.
    expect(t.every((row) => row.reduce((a, b) => a + b, 0) === 1)).toBe(true);
    const ref = reference(weightsFromFrame(frame.weights), x, t);

    expect(Math.abs(frame.loss - ref.objective)).toBeLessThanOrEqual(1e-5 * ref.objective);
    expect(Math.abs(frame.nodes.loss.value.values![0] - ref.loss)).toBeLessThanOrEqual(1e-5 * ref.loss);
    expectAllClose(frame.nodes.hidden.value.values!, ref.h.flat());
    expectAllClose(frame.nodes.output.value.values!, ref.p.flat());
    expectAllClose(frame.nodes.output.grad!.values!, ref.dp.flat(), 1e-4);
    expectAllClose(frame.nodes.hidden.grad!.values!, ref.dh.flat(), 1e-4);
    expectAllClose(frame.weights['hidden/kernel'].grad!.values!, ref.dw1.flat(), 1e-4);
    expectAllClose(frame.weights['hidden/bias'].grad!.values!, ref.db1, 1e-4);
    expectAllClose(frame.weights['output/kernel'].grad!.values!, ref.dw2.flat(), 1e-4);
    expectAllClose(frame.weights['output/bias'].grad!.values!, ref.db2, 1e-4);
  });

  it('sends large tensors as summaries under the default limit, with statistics', async () => {
    const trainer = spiralTrainer();
    const frame = await trainer.stepTraced();
    const hidden = frame.nodes.hidden.value;
    expect(hidden.values).toBeUndefined();
    expect(hidden.histogram?.reduce((a, b) => a + b, 0)).toBe(32 * 100);
    expect(hidden.stats.min).toBeGreaterThanOrEqual(0);
    expect(frame.weights['output/bias'].value.values).toEqual([0, 0, 0]);
    expect(Number.isFinite(frame.loss)).toBe(true);
  });

  it('stepTraced(0) summarises every tensor and still reports the objective', async () => {
    const a = spiralTrainer({ seed: 4 });
    const b = spiralTrainer({ seed: 4 });
    const expected = (await lossCurve(a, 1))[0];
    const frame = await b.stepTraced(0);
    expect(frame.nodes.output.value.values).toBeUndefined();
    expect(frame.nodes.output.value.histogram).toHaveLength(16);
    expect(frame.loss).toBeCloseTo(expected, 6);
  });

  it('traced and untraced steps give the same objective and weights', async () => {
    const a = spiralTrainer({ seed: 5 });
    const b = spiralTrainer({ seed: 5 });
    const fast = await lossCurve(a, 3);
    const traced: number[] = [];
    for (let i = 0; i < 3; i++) traced.push((await b.stepTraced()).loss);
    expect(traced).toEqual(fast);
    const wa = await a.program.exportWeights();
    const wb = await b.program.exportWeights();
    for (const node of ['hidden', 'output'])
      for (const name of ['kernel', 'bias'])
        expectAllClose(wb[node][name].values, wa[node][name].values, 1e-6);
  });

  it('emits trace frames from run() with increasing steps when tracing is on', async () => {
    const trainer = spiralTrainer({ epochs: 1 });
    const frames: number[] = [];
    const progress: Progress = await trainer.run(
      (e) => {
        if (e.type === 'trace') frames.push(e.frame.step);
      },
      { traceEveryMs: 0, evaluateEachEpoch: false },
    );
    expect(progress.done).toBe(true);
    expect(frames).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});

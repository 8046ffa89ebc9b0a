/**
 * Tensor leaks: the number of live tensors must not grow with the number of steps, traced runs or
 * evaluations (measured after a warm-up, since optimizers create their slot variables on the first
 * step), and disposing a trainer must free everything it created.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OptimizerSpec } from '../../src/graph/types';
import { Trainer } from '../../src/train/trainer';
import type { TrainerEvent } from '../../src/train/progress';
import { loadExample, tf } from '../helpers/tf';

const spiral = loadExample('spiral-mlp');

const OPTIMIZERS: OptimizerSpec[] = [
  { type: 'sgd', learningRate: 0.1 },
  { type: 'momentum', learningRate: 0.05 },
  { type: 'adam', learningRate: 0.02 },
];

/** Every optimizer type, for the dispose checks. */
const ALL_OPTIMIZERS: OptimizerSpec[] = [
  ...OPTIMIZERS,
  { type: 'adagrad', learningRate: 0.05 },
  { type: 'rmsprop', learningRate: 0.01 },
];

const trainers: Trainer[] = [];

/** Many epochs so no run below reaches the end of training. */
function spiralTrainer(optimizer: OptimizerSpec, testSplit = 0): Trainer {
  const trainer = new Trainer({
    graph: spiral.graph,
    dataset: spiral.dataset,
    overrides: { optimizer, testSplit, epochs: 1000 },
  });
  trainers.push(trainer);
  return trainer;
}

afterEach(() => {
  for (const t of trainers.splice(0)) t.dispose();
});

const live = () => tf.memory().numTensors;

function fastSteps(trainer: Trainer, n: number): void {
  for (let i = 0; i < n; i++) trainer.stepFast().dispose();
}

describe('no tensor leaks', () => {
  it('stepFast with sgd: as many tensors after 1,000 steps as after 10', () => {
    const trainer = spiralTrainer(OPTIMIZERS[0]);
    fastSteps(trainer, 10);
    const after10 = live();
    fastSteps(trainer, 990);
    expect(trainer.steps).toBe(1000);
    expect(live()).toBe(after10);
  });

  for (const optimizer of OPTIMIZERS.slice(1)) {
    it(`stepFast with ${optimizer.type}: no growth after the slot variables exist`, () => {
      const trainer = spiralTrainer(optimizer);
      const fresh = live();
      fastSteps(trainer, 10);
      const after10 = live();
      // The optimizer's slots (one or two per trainable weight) appear on the first step.
      expect(after10).toBeGreaterThan(fresh);
      fastSteps(trainer, 200);
      expect(live()).toBe(after10);
    });
  }

  it('stepTraced with adam: as many tensors after 40 traced steps as after 10', async () => {
    const trainer = spiralTrainer(OPTIMIZERS[2]);
    for (let i = 0; i < 10; i++) await trainer.stepTraced();
    const after10 = live();
    for (let i = 0; i < 30; i++) await trainer.stepTraced();
    expect(live()).toBe(after10);
  });

  it('run with a trace every step: as many tensors after 60 steps as after 10', async () => {
    const trainer = spiralTrainer(OPTIMIZERS[2]);
    const report = { traceEveryMs: 0, progressEveryMs: 0, evaluateEachEpoch: false };
    let frames = 0;
    const listener = (e: TrainerEvent) => {
      if (e.type === 'trace') frames++;
    };
    await trainer.run(listener, report, 10);
    const after10 = live();
    await trainer.run(listener, report, 50);
    expect(trainer.steps).toBe(60);
    expect(frames).toBe(60);
    expect(live(), 'tensors left behind by 50 traced steps of run()').toBe(after10);
  });

  it('run with a trace every step and rare progress reports: no growth either', async () => {
    const trainer = spiralTrainer(OPTIMIZERS[0]);
    const report = { traceEveryMs: 0, progressEveryMs: 1e9, evaluateEachEpoch: false };
    await trainer.run(() => undefined, report, 10);
    const after10 = live();
    await trainer.run(() => undefined, report, 40);
    expect(live(), 'tensors left behind by 40 traced steps of run()').toBe(after10);
  });

  it('run without tracing, with per-epoch evaluation: as many tensors after 400 steps as after 10', async () => {
    const trainer = spiralTrainer(OPTIMIZERS[1], 0.2);
    const report = { progressEveryMs: 0 };
    await trainer.run(() => undefined, report, 10);
    const after10 = live();
    await trainer.run(() => undefined, report, 390);
    expect(trainer.steps).toBe(400);
    expect(live()).toBe(after10);
  });

  it('evaluate: as many tensors after 100 evaluations as after 10', async () => {
    const trainer = spiralTrainer(OPTIMIZERS[2], 0.2);
    fastSteps(trainer, 2);
    for (let i = 0; i < 10; i++) await trainer.evaluate();
    const after10 = live();
    for (let i = 0; i < 90; i++) await trainer.evaluate();
    expect(live()).toBe(after10);
  });

  it('reset keeps the tensor count of a fresh trainer', () => {
    const trainer = spiralTrainer(OPTIMIZERS[2]);
    const fresh = live();
    for (let i = 0; i < 5; i++) {
      fastSteps(trainer, 3);
      trainer.reset();
    }
    expect(live()).toBe(fresh);
  });
});

describe('dispose', () => {
  for (const optimizer of ALL_OPTIMIZERS) {
    it(`returns the tensor count to the baseline (${optimizer.type}, test split, trained, traced, reset)`, async () => {
      const baseline = live();
      const trainer = new Trainer({
        graph: spiral.graph,
        dataset: spiral.dataset,
        overrides: { optimizer, testSplit: 0.2, epochs: 2 },
      });
      expect(live()).toBeGreaterThan(baseline);
      await trainer.run(() => undefined, { progressEveryMs: 0 });
      await trainer.stepTraced();
      await trainer.evaluate();
      trainer.reset();
      fastSteps(trainer, 3);
      trainer.dispose();
      expect(live(), 'tensors left after dispose()').toBe(baseline);
    });
  }
});

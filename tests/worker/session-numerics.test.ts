/**
 * What the session computes besides training: the decision boundary (checked against the program's
 * own forward pass), the exact step and node of a non-finite loss, weights kept across a backend
 * switch, and no tensor left behind by load/play/pause/reset/walk cycles.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '../helpers/tf';
import { compile } from '../../src/compile/program';
import { checkGraph } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';
import { loadDataset } from '../../src/data/load';
import { cellOf, gridPoints } from '../../src/train/boundary-plane';
import { Trainer } from '../../src/train/trainer';
import { nonFiniteReport } from '../../src/worker/nonfinite';
import { Recorder, graphDoc } from './recorder';

const sessions: Recorder[] = [];

function recorder(): Recorder {
  const r = new Recorder();
  sessions.push(r);
  return r;
}

afterEach(async () => {
  for (const r of sessions.splice(0)) await r.send({ type: 'dispose' });
});

/** The spiral MLP's output probabilities for points [n, 2] with the given weights (own program). */
function classify(doc: GraphDoc, weights: NonNullable<GraphDoc['weights']>, xy: Float32Array): number[] {
  const { graph } = checkGraph({ ...doc, weights });
  const program = compile(graph!);
  const n = xy.length / 2;
  const classes = tf.tidy(() => {
    const feeds = { features: tf.tensor2d(xy, [n, 2]), labels: { t: tf.zeros([n, 3]) } };
    return tf.argMax(program.forward(feeds, { training: false, seed: 0 }).outputs.get('output')!, 1);
  });
  const out = Array.from(classes.dataSync());
  classes.dispose();
  program.dispose();
  return out;
}

describe('decision boundary', () => {
  it('classifies every cell as the program does and, once trained, matches most training labels', async () => {
    const doc = graphDoc('spiral-mlp', { epochs: 60 });
    const r = recorder();
    await r.send({ type: 'load', doc });
    await r.send({
      type: 'configure',
      rates: { boundaryResolution: 40, boundaryEveryMs: 50, traceEveryMs: 0 },
    });
    const first = r.last('boundary')!.grid;
    // Loaded before the resolution changed: the default 48.
    expect(first.resolution).toBe(48);
    expect(first.classes).toHaveLength(48 * 48);
    expect(first.confidence).toHaveLength(48 * 48);
    expect(Math.max(...first.classes)).toBeLessThan(3);
    expect(Math.min(...first.confidence)).toBeGreaterThanOrEqual(1 / 3 - 1e-6);
    expect(Math.max(...first.confidence)).toBeLessThanOrEqual(1);

    await r.send({ type: 'play' });
    await r.until((x) => x.states().includes('done'), 'the run to finish', 30_000);
    const grids = r.of('boundary').map((e) => e.grid);
    // Grids during the run, then one of the final weights.
    expect(grids.length).toBeGreaterThan(2);
    const grid = grids[grids.length - 1];
    expect(grid.step).toBe(600);
    expect(grid.resolution).toBe(40);
    expect(grid.classes).toHaveLength(1600);

    // Independently: the cell centres through a program compiled from the exported weights.
    const weights = await r.weights();
    const centres = gridPoints(grid.range, grid.resolution);
    expect(classify(doc, weights, centres)).toEqual(Array.from(grid.classes));

    // The data points: the class of their cell is their label for most of them.
    const points = r.last('loaded')!.dataset.points!;
    expect(grid.range).toEqual(points.range);
    const n = points.label.length;
    expect(n).toBe(300);
    let agree = 0;
    for (let k = 0; k < n; k++)
      if (grid.classes[cellOf(grid, points.xy[2 * k], points.xy[2 * k + 1])] === points.label[k]) agree++;
    expect(agree / n).toBeGreaterThan(0.8);
    // And the exact points through the program agree with their cells almost everywhere.
    const exact = classify(doc, weights, points.xy);
    let same = 0;
    for (let k = 0; k < n; k++)
      if (exact[k] === grid.classes[cellOf(grid, points.xy[2 * k], points.xy[2 * k + 1])]) same++;
    expect(same / n).toBeGreaterThan(0.9);
  });

  it('gives binary graphs classes 0/1 and none for data sets that are not two-dimensional', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    const grid = r.last('boundary')!.grid;
    expect(new Set(grid.classes).size).toBeLessThanOrEqual(2);
    expect(Math.max(...grid.classes)).toBeLessThanOrEqual(1);
    expect(Math.min(...grid.confidence)).toBeGreaterThanOrEqual(0.5);
    const sine = recorder();
    await sine.send({ type: 'load', doc: graphDoc('sine-regression') });
    await sine.send({ type: 'step' });
    expect(sine.last('loaded')!.dataset.points).toBeUndefined();
    expect(sine.of('boundary')).toEqual([]);
    // boundaryEveryMs 0 switches grids off.
    await r.send({ type: 'configure', rates: { boundaryEveryMs: 0 } });
    const count = r.of('boundary').length;
    await r.send({ type: 'step' });
    expect(r.of('boundary')).toHaveLength(count);
  });
});

describe('non-finite loss', () => {
  const huge = { optimizer: { type: 'sgd' as const, learningRate: 1e6 }, epochs: 1000 };

  /** The first step whose loss is not finite, reading every loss. */
  async function firstBadStep(): Promise<number> {
    const doc = graphDoc('spiral-mlp', huge);
    const { graph } = checkGraph(doc);
    const dataset = loadDataset(doc.training.dataset, doc.training.seed);
    const trainer = new Trainer({ graph: graph!, dataset });
    try {
      for (let step = 1; step <= 100; step++) {
        const loss = trainer.stepFast();
        const value = (await loss.data())[0];
        loss.dispose();
        if (!Number.isFinite(value)) return step;
      }
      throw new Error('the loss stayed finite');
    } finally {
      trainer.dispose();
    }
  }

  it('pauses at a huge learning rate and names the exact step and the node', async () => {
    const expected = await firstBadStep();
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', huge) });
    // Progress is read rarely (at epoch ends), yet the step is exact.
    await r.send({ type: 'configure', rates: { progressEveryMs: 1e9, traceEveryMs: 0 } });
    await r.send({ type: 'play' });
    await r.until((x) => x.of('nonfinite').length > 0 && x.states().at(-1) === 'paused', 'the report');
    const { report } = r.last('nonfinite')!;
    expect(report.step).toBe(expected);
    // The L2 penalty λΣW² on the hidden kernel overflows first (it comes first in the order).
    expect(report.nodeId).toBe('reg');
    expect(report.where).toBe('value');
    expect(report.message).toMatch(
      new RegExp(
        `^values of "reg" \\(L2Penalty\\) stopped being finite at step ${expected}: 1 of 1 are NaN or ±∞`,
      ),
    );
    expect(report.message).toMatch(/its weights hidden\/kernel (reach \d\.\de\+\d+|holds \d+ NaN)/);
    expect(report.message).toMatch(/learning rate 1e\+6 is too large — lower it and press Reset\.$/);
    expect(r.states()).toEqual(['ready', 'running', 'paused']);
    // Reset makes the graph trainable again (with a sane rate it would learn).
    await r.send({ type: 'reset' });
    expect(r.states().at(-1)).toBe('ready');
    await r.send({ type: 'step' });
    expect(Number.isFinite(r.last('trace')!.frame.loss)).toBe(true);
  });

  it('reports a non-finite loss of a single step too', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', huge) });
    const expected = await firstBadStep();
    for (let i = 0; i < expected; i++) await r.send({ type: 'step' });
    expect(r.of('nonfinite')).toHaveLength(1);
    expect(r.last('nonfinite')!.report.step).toBe(expected);
    expect(r.states().at(-1)).toBe('paused');
  });

  it('falls back to the gradient, then to the loss alone, when no value is non-finite', () => {
    const doc = graphDoc('xor-mlp');
    const { graph } = checkGraph(doc);
    const finite = { shape: [1], stats: { min: 0, max: 1, mean: 0, std: 0, norm: 1, nonFinite: 0 } };
    const bad = { ...finite, shape: [4, 4], stats: { ...finite.stats, nonFinite: 3 } };
    const nodes = Object.fromEntries(graph!.order.map((id) => [id, { value: finite, grad: finite }]));
    nodes.hidden = { value: finite, grad: bad };
    nodes.output = { value: finite, grad: bad };
    const frame = { step: 5, epoch: 0, loss: NaN, nodes, weights: {} };
    const report = nonFiniteReport(graph!, frame, 5, 0.05);
    // The one closest to the loss, going backward.
    expect(report).toMatchObject({ step: 5, nodeId: 'output', where: 'gradient' });
    expect(report.message).toMatch(/^the gradient dE\/d\(output\) of "output" \(Dense\) .* 3 of 16/);
    expect(nonFiniteReport(graph!, null, 5, 0.05)).toMatchObject({ nodeId: null, where: null });
  });
});

describe('backend switch', () => {
  it('keeps the weights and the step count from wasm to cpu and back, also during a run', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 10_000 }) });
    for (let i = 0; i < 3; i++) await r.send({ type: 'step' });
    const trained = await r.weights();
    await r.send({ type: 'setBackend', name: 'cpu' });
    expect(r.last('backend')!.choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await r.weights()).toEqual(trained);
    expect(r.states().at(-1)).toBe('paused');
    await r.send({ type: 'step' });
    expect(r.last('trace')!.frame.step).toBe(4);
    const after4 = await r.weights();

    await r.send({ type: 'play' });
    await r.until((x) => x.last('progress')!.progress.step > 10, 'a few steps on cpu');
    await r.send({ type: 'setBackend', name: 'wasm' });
    expect(r.last('backend')!.choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const step = r.last('progress')!.progress.step;
    // The run goes on where it was.
    await r.until((x) => x.last('progress')!.progress.step > step + 5, 'steps on wasm');
    expect(r.states().at(-1)).toBe('running');
    await r.send({ type: 'pause' });
    expect(await r.weights()).not.toEqual(after4);
    expect(r.of('error')).toEqual([]);

    // A backend that cannot start: an error, and the graph still trains on the one running.
    const failing = new Recorder({ startBackend: () => Promise.reject(new Error('no such backend')) });
    sessions.push(failing);
    await failing.send({ type: 'load', doc: graphDoc('xor-mlp') });
    await failing.send({ type: 'step' });
    const weights = await failing.weights();
    await failing.send({ type: 'setBackend', name: 'webgpu' });
    expect(failing.last('error')!.message).toBe('no such backend');
    expect(await failing.weights()).toEqual(weights);
  });
});

describe('tensors', () => {
  it('stay flat across load/play/pause/reset/walk cycles and return to the baseline on dispose', async () => {
    const live = () => tf.memory().numTensors;
    const baseline = live();
    const r = new Recorder();
    r.autoAck = true;
    const cycle = async () => {
      await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 10_000, testSplit: 0.2 }) });
      await r.send({ type: 'configure', rates: { traceEveryMs: 1, progressEveryMs: 5, boundaryEveryMs: 5 } });
      await r.send({ type: 'play' });
      const at = r.of('progress').length;
      await r.until((x) => x.of('progress').length > at + 5, 'progress');
      await r.send({ type: 'pause' });
      await r.send({ type: 'walk', example: 0, apply: true });
      await r.send({ type: 'walk', example: null, apply: false });
      await r.send({ type: 'step' });
      await r.send({ type: 'reset' });
      await r.send({ type: 'play' });
      await r.until((x) => x.of('progress').length > at + 10, 'progress');
      // Loading while running stops and frees the old run.
      await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
      await r.send({ type: 'play' });
      await r.send({ type: 'pause' });
    };
    await cycle();
    const afterOne = live();
    await cycle();
    await cycle();
    expect(live(), 'tensors left behind by two more cycles').toBe(afterOne);
    expect(r.of('error')).toEqual([]);
    await r.send({ type: 'dispose' });
    expect(live(), 'tensors left after dispose').toBe(baseline);
    // A disposed session answers nothing.
    const count = r.events.length;
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    expect(r.events).toHaveLength(count);
  });
});

/**
 * The training worker's session driven through its message protocol in Node (wasm backend): loading,
 * running to the end, trace throttling by acknowledgement, pause/play, reset, walking a step,
 * rates changed during a run, and graphs or data that cannot be trained.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../helpers/tf';
import type { GraphDoc } from '../../src/graph/types';
import { Recorder, graphDoc, sleep } from './recorder';

const sessions: Recorder[] = [];

function recorder(): Recorder {
  const r = new Recorder();
  sessions.push(r);
  return r;
}

afterEach(async () => {
  for (const r of sessions.splice(0)) await r.send({ type: 'dispose' });
});

describe('load', () => {
  it('loads the slides’ XOR graph: a data set summary with its points, then state ready', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-slides') });
    expect(r.of('invalid')).toEqual([]);
    const loaded = r.last('loaded')!;
    expect(loaded.stepsPerEpoch).toBe(4);
    expect(loaded.totalSteps).toBe(400);
    expect(loaded.weightsRestored).toBe(false);
    expect(loaded.dataset).toMatchObject({
      trainCount: 4,
      testCount: 0,
      featureShape: [2],
      task: 'regression',
    });
    // Four points (1,0)→1, (0,0)→0, (0,1)→1, (1,1)→0 in a plane padded by 10 % of the extent.
    expect(Array.from(loaded.dataset.points!.xy)).toEqual([1, 0, 0, 0, 0, 1, 1, 1]);
    expect(Array.from(loaded.dataset.points!.label)).toEqual([1, 0, 1, 0]);
    expect(loaded.dataset.points!.range.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([
      -0.1, 1.1, -0.1, 1.1,
    ]);
    expect(r.states()).toEqual(['ready']);
    // A two-feature data set gets a decision boundary over the same plane.
    const grid = r.last('boundary')!.grid;
    expect(grid.range).toEqual(loaded.dataset.points!.range);
    expect(grid.classes).toHaveLength(48 * 48);
    expect(grid.step).toBe(0);
  });

  it('reports stored weights as restored and starts from them', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    await r.send({ type: 'step' });
    const trained = await r.weights();
    await r.send({ type: 'load', doc: { ...graphDoc('xor-mlp'), weights: trained } });
    expect(r.last('loaded')!.weightsRestored).toBe(true);
    expect(await r.weights()).toEqual(trained);
  });

  it('answers an invalid graph with diagnostics and keeps training the old one', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    const broken: GraphDoc = graphDoc('xor-mlp');
    broken.edges = broken.edges.filter((e) => e.target !== 'loss' || e.targetPort !== 'target');
    r.clear();
    await r.send({ type: 'load', doc: broken });
    const invalid = r.last('invalid')!;
    expect(invalid.diagnostics.some((d) => d.code === 'unconnected-port' && d.nodeId === 'loss')).toBe(true);
    expect(r.of('loaded')).toEqual([]);
    expect(r.states()).toEqual([]);
    await r.send({ type: 'step' });
    expect(r.of('error')).toEqual([]);
    expect(r.last('trace')!.frame.step).toBe(1);
    expect(r.last('progress')!.progress.step).toBe(1);
  });

  it('answers a CSV file with a bad row with a diagnostic naming the line', async () => {
    const r = recorder();
    const doc = graphDoc('xor-mlp', { dataset: { kind: 'csv', path: 'xor.csv' } });
    const csv = 'a,b,label\n0,0,0\n0,1,1\n1,0\n1,1,0\n';
    await r.send({ type: 'load', doc, files: { 'xor.csv': new TextEncoder().encode(csv) } });
    const [d] = r.last('invalid')!.diagnostics;
    expect(d).toMatchObject({ code: 'bad-training', field: 'training.dataset', line: 4 });
    expect(d.message).toMatch(/line 4/);
    // A file the graph names but the UI did not send.
    await r.send({ type: 'load', doc, files: {} });
    expect(r.last('invalid')!.diagnostics[0].message).toMatch(/"xor\.csv" was not sent/);
    // The same file with the row fixed loads.
    const fixed = csv.replace('1,0\n', '1,0,1\n');
    await r.send({ type: 'load', doc, files: { 'xor.csv': new TextEncoder().encode(fixed) } });
    expect(r.last('loaded')!.dataset.trainCount).toBe(4);
  });

  it('reports a request without a loaded graph as an error and stays usable', async () => {
    const r = recorder();
    await r.send({ type: 'play' });
    await r.send({ type: 'step' });
    expect(r.of('error').map((e) => e.message)).toEqual(['no graph is loaded', 'no graph is loaded']);
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    expect(r.states()).toEqual(['ready']);
  });
});

describe('running', () => {
  it('plays XOR to the end: progress with rising steps, full accuracy, state done', async () => {
    const r = recorder();
    r.autoAck = true;
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    await r.send({ type: 'configure', rates: { progressEveryMs: 0 } });
    await r.send({ type: 'play' });
    await r.until((x) => x.states().includes('done'), 'the run to finish');
    expect(r.states()).toEqual(['ready', 'running', 'done']);
    const steps = r.of('progress').map((e) => e.progress.step);
    expect(steps.length).toBeGreaterThan(10);
    expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
    const final = r.last('progress')!.progress;
    expect(final).toMatchObject({ step: 300, done: true, epoch: 300 });
    expect(final.train?.accuracy).toBe(1);
    // Playing a finished run is refused until a reset.
    await r.send({ type: 'play' });
    expect(r.last('error')!.message).toMatch(/done; press Reset/);
  });

  it('sends no trace frame while the previous one is unacknowledged, and none with traceEveryMs 0', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 10_000 }) });
    await r.send({ type: 'configure', rates: { traceEveryMs: 1, progressEveryMs: 10 } });
    await r.send({ type: 'play' });
    await r.until((x) => x.of('trace').length === 1, 'the first trace');
    const first = r.last('trace')!;
    const stepAtFirst = first.frame.step;
    // Training goes on, but without an acknowledgement no other frame comes.
    await r.until((x) => (x.last('progress')?.progress.step ?? 0) > stepAtFirst + 30, 'thirty more steps');
    expect(r.of('trace')).toHaveLength(1);
    // A stale acknowledgement does not open the gate either.
    await r.send({ type: 'traceAck', seq: first.seq - 1 });
    await sleep(30);
    expect(r.of('trace')).toHaveLength(1);
    await r.send({ type: 'traceAck', seq: first.seq });
    await r.until((x) => x.of('trace').length === 2, 'the second trace');
    const second = r.last('trace')!;
    expect(second.seq).toBe(first.seq + 1);
    expect(second.frame.step).toBeGreaterThan(stepAtFirst + 30);
    // Tracing off: acknowledged, training on, no more frames.
    await r.send({ type: 'configure', rates: { traceEveryMs: 0 } });
    await r.send({ type: 'traceAck', seq: second.seq });
    const at = r.last('progress')!.progress.step;
    await r.until((x) => x.last('progress')!.progress.step > at + 50, 'fifty more steps');
    expect(r.of('trace')).toHaveLength(2);
    await r.send({ type: 'pause' });
  });

  it("charges the page's display time to the side-feed budget: a page that draws slowly gets fewer frames", async () => {
    // Frames as often as the budget allows, acknowledged at once, with the page's time reported.
    const framesPerStep = async (pageMs: number | undefined): Promise<number> => {
      const r = recorder();
      r.autoAck = true;
      r.ackPageMs = pageMs;
      await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { batchSize: 8, epochs: 1000 }) });
      await r.send({ type: 'configure', rates: { progressEveryMs: 0, traceEveryMs: 1, traceBudget: 0.1 } });
      await r.send({ type: 'play' });
      await r.until((x) => (x.last('progress')?.progress.step ?? 0) >= 3000, '3000 steps', 60_000);
      await r.send({ type: 'pause' });
      return r.of('trace').length / r.last('progress')!.progress.step;
    };
    // The first run also compiles kernels, which makes its traced steps look costly: not measured.
    await framesPerStep(undefined);
    const free = await framesPerStep(undefined);
    // 200 ms of page time per frame against 10 % of training time: one frame per 2 s of training at
    // most, far fewer than when only the worker's own tracing time counts.
    const slowPage = await framesPerStep(200);
    expect(free).toBeGreaterThan(0);
    expect(slowPage).toBeLessThan(free / 2);
  }, 120_000);

  it('takes new rates during a run: progress every step and tracing switched on', async () => {
    const r = recorder();
    r.autoAck = true;
    // One example per step: 300 steps per epoch, so epoch-end reports are rare.
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { batchSize: 1, epochs: 100 }) });
    await r.send({ type: 'configure', rates: { progressEveryMs: 1e9, traceEveryMs: 0 } });
    await r.send({ type: 'play' });
    await sleep(40);
    // Only epoch ends (if one was reached) report; nothing is traced.
    expect(r.of('progress').every((e) => e.progress.step % 300 === 0)).toBe(true);
    expect(r.of('trace')).toHaveLength(0);
    const before = r.of('progress').length;
    await r.send({ type: 'configure', rates: { progressEveryMs: 0, traceEveryMs: 1 } });
    await r.until(
      (x) => x.of('progress').length >= before + 20 && x.of('trace').length >= 3,
      'progress and traces',
    );
    const steps = r
      .of('progress')
      .map((e) => e.progress.step)
      .slice(before);
    // Every step reported now, not only epoch ends.
    expect(steps.slice(0, 10).every((s, i) => i === 0 || s === steps[i - 1] + 1)).toBe(true);
    expect(steps.some((s) => s % 300 !== 0)).toBe(true);
    await r.send({ type: 'pause' });
  });

  it('pause stops progress until play resumes from the same step', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 10_000 }) });
    await r.send({ type: 'configure', rates: { progressEveryMs: 5, traceEveryMs: 0 } });
    await r.send({ type: 'play' });
    await r.until((x) => x.of('progress').length >= 3, 'progress');
    await r.send({ type: 'pause' });
    expect(r.states()).toEqual(['ready', 'running', 'paused']);
    const count = r.of('progress').length;
    const step = r.last('progress')!.progress.step;
    await sleep(80);
    expect(r.of('progress')).toHaveLength(count);
    await r.send({ type: 'play' });
    await r.until((x) => x.of('progress').length > count + 2, 'progress after play');
    expect(r.states()).toEqual(['ready', 'running', 'paused', 'running']);
    expect(r.of('progress')[count].progress.step).toBeGreaterThan(step);
    await r.send({ type: 'pause' });
    expect(r.states().at(-1)).toBe('paused');
  });

  it('reset returns to the initial weights of a fresh load and the same first step', async () => {
    const doc = graphDoc('spiral-mlp', { epochs: 10_000 });
    const fresh = recorder();
    await fresh.send({ type: 'load', doc });
    const initial = await fresh.weights();
    await fresh.send({ type: 'step' });
    const firstLoss = fresh.last('trace')!.frame.loss;

    const r = recorder();
    await r.send({ type: 'load', doc });
    await r.send({ type: 'configure', rates: { progressEveryMs: 0 } });
    await r.send({ type: 'play' });
    await r.until((x) => (x.last('progress')?.progress.step ?? 0) >= 25, 'some steps');
    await r.send({ type: 'pause' });
    expect(await r.weights()).not.toEqual(initial);
    await r.send({ type: 'reset' });
    expect(r.states().at(-1)).toBe('ready');
    expect(r.last('boundary')!.grid.step).toBe(0);
    expect(await r.weights()).toEqual(initial);
    r.clear();
    await r.send({ type: 'step' });
    expect(r.last('trace')!.frame).toMatchObject({ step: 1, loss: firstLoss });
    expect(r.last('progress')!.progress).toMatchObject({ step: 1, loss: firstLoss });
    expect(r.states()).toEqual(['paused']);
  });

  it('reset while running stops the run first', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 10_000 }) });
    await r.send({ type: 'play' });
    await sleep(30);
    await r.send({ type: 'reset' });
    const count = r.of('progress').length;
    await sleep(50);
    expect(r.of('progress')).toHaveLength(count);
    expect(r.states()).toEqual(['ready', 'running', 'ready']);
  });
});

describe('walk', () => {
  it('walks the slides’ example (1, 0) → 1: E = 0.0277256, and applying counts as a step', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-slides') });
    const before = await r.weights();
    await r.send({ type: 'walk', example: 0, apply: false });
    const look = r.last('walk')!;
    expect(look.walk.loss).toBeCloseTo(0.0277256, 5);
    expect(look).toMatchObject({ step: 1, example: 0 });
    expect(look.walk.events.filter((e) => e.phase === 'update').every((e) => e.update === null)).toBe(true);
    expect(await r.weights()).toEqual(before);
    expect(r.states()).toEqual(['ready']);

    await r.send({ type: 'walk', example: 0, apply: true });
    const walked = r.last('walk')!;
    expect(walked.walk.loss).toBeCloseTo(0.0277256, 5);
    expect(walked.step).toBe(1);
    expect(r.last('progress')!.progress.step).toBe(1);
    expect(r.states()).toEqual(['ready', 'paused']);
    // The slides' update of b2: −μ · dE/dz2 with μ = 10.
    const b2 = walked.walk.events.find((e) => e.phase === 'update' && e.key === 'b2');
    expect(b2?.phase === 'update' && b2.update?.values?.[0]).toBeGreaterThan(0);
    expect((await r.weights()).b2.value.values[0]).not.toBe(before.b2.value.values[0]);

    // The next batch (batch size 1, no shuffle: example 1, (0, 0) → 0).
    await r.send({ type: 'walk', example: null, apply: true });
    expect(r.last('walk')).toMatchObject({ step: 2, example: null });
    const x = r.last('walk')!.walk.events.find((e) => e.phase === 'forward' && e.nodeId === 'x');
    expect(x?.phase === 'forward' && x.value.values).toEqual([0, 0]);

    await r.send({ type: 'walk', example: 4, apply: false });
    expect(r.last('error')!.message).toMatch(/example 4 is not in the training split/);
  });
});

describe('robustness', () => {
  it('answers malformed requests and bad rates with errors, never a throw', async () => {
    const r = recorder();
    await r.send(null as never);
    await r.send({ type: 'explode' } as never);
    await r.send({ type: 'configure', rates: { traceEveryMs: -1 } });
    expect(r.of('error').map((e) => e.message)).toEqual([
      'a request must be an object, got null',
      'unknown request "explode"',
      'rate traceEveryMs must be a number ≥ 0, got -1',
    ]);
  });
});

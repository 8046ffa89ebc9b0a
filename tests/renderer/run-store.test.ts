/**
 * The run slice without a browser: worker events folded into state, step-mode views that keep
 * earlier values, bounded chart history, and the client's ack-after-paint and weight round trip.
 */
import { describe, expect, it } from 'vitest';
import {
  HISTORY_LIMIT,
  appendHistory,
  createRunStore,
  leaveStepMode,
  reduceRun,
  seekStep,
  walkView,
} from '../../renderer/run/runStore';
import { TrainingClient, trainingKey } from '../../renderer/run/client';
import type { WorkerPort } from '../../renderer/run/client';
import type { StepWalk } from '../../src/step/stepper';
import type { TensorTrace, TraceFrame } from '../../src/trace/types';
import type { WorkerEvent, WorkerRequest } from '../../src/worker/protocol';
import { DEFAULT_TRAINING } from '../../src/graph/types';
import type { GraphDoc } from '../../src/graph/types';

const tt = (v: number): TensorTrace => ({
  shape: [1],
  values: [v],
  stats: { min: v, max: v, mean: v, std: 0, norm: Math.abs(v), nonFinite: 0 },
});

const walk: StepWalk = {
  loss: 0.5,
  events: [
    { phase: 'forward', nodeId: 'x', op: 'Input', formula: 'x', value: tt(1), inputs: [] },
    {
      phase: 'forward',
      nodeId: 'y',
      op: 'Sigmoid',
      formula: 'B',
      value: tt(2),
      inputs: [{ port: 'in', from: 'x' }],
    },
    { phase: 'backward', nodeId: 'y', op: 'Sigmoid', formula: 'd', grad: tt(-3), chain: [] },
    { phase: 'backward', nodeId: 'x', op: 'Input', formula: 'd', grad: tt(-4), chain: [] },
  ],
};

describe('run store', () => {
  it('folds progress into a history and a reset (state ready) clears it', () => {
    const run = createRunStore();
    const apply = (e: WorkerEvent) => run.setState((s) => reduceRun(s, e));
    const progress = {
      epoch: 0,
      step: 5,
      stepsPerEpoch: 10,
      totalSteps: 100,
      epochs: 10,
      loss: 0.7,
      examplesPerSecond: 100,
      elapsedMs: 50,
      done: false,
    };
    apply({ type: 'state', state: 'running' });
    apply({ type: 'progress', progress });
    apply({
      type: 'progress',
      progress: { ...progress, step: 10, loss: 0.6, train: { loss: 0.55, accuracy: 0.8 } },
    });
    expect(run.getState().history.map((h) => [h.step, h.loss, h.trainAccuracy])).toEqual([
      [5, 0.7, undefined],
      [10, 0.6, 0.8],
    ]);
    apply({ type: 'state', state: 'ready' });
    expect(run.getState().history).toEqual([]);
    expect(run.getState().progress).toBeNull();
  });

  it('merges a point for the same step (epoch event after progress)', () => {
    const h = appendHistory([{ step: 3, loss: 1 }], { step: 3, loss: 0.9, testAccuracy: 0.5 });
    expect(h).toEqual([{ step: 3, loss: 0.9, testAccuracy: 0.5 }]);
  });

  it('keeps the history bounded by thinning old points, and keeps the newest', () => {
    let h = [] as ReturnType<typeof appendHistory>;
    for (let i = 1; i <= 5 * HISTORY_LIMIT; i++) h = appendHistory(h, { step: i, loss: 1 / i });
    expect(h.length).toBeLessThanOrEqual(HISTORY_LIMIT);
    expect(h.at(-1)!.step).toBe(5 * HISTORY_LIMIT);
    expect(h.map((p) => p.step)).toEqual([...h.map((p) => p.step)].sort((a, b) => a - b));
  });

  it('shows trace frames on the canvas, except in step mode', () => {
    const run = createRunStore();
    const frame: TraceFrame = {
      step: 1,
      epoch: 0,
      loss: 1,
      nodes: { x: { value: tt(7), grad: null } },
      weights: {},
    };
    run.setState((s) => reduceRun(s, { type: 'trace', seq: 1, frame }));
    expect(run.getState().view.x.value!.values).toEqual([7]);
    run.setState((s) => reduceRun(s, { type: 'walk', walk, step: 1, example: 0 }));
    run.setState((s) =>
      reduceRun(s, {
        type: 'trace',
        seq: 2,
        frame: { ...frame, nodes: { x: { value: tt(9), grad: null } } },
      }),
    );
    expect(run.getState().view.x.value!.values).toEqual([1]);
    run.setState((s) => leaveStepMode(s));
    expect(run.getState().view.x.value!.values).toEqual([9]);
  });

  it('step mode keeps the values of earlier events and focuses the current node', () => {
    const run = createRunStore();
    run.setState((s) => reduceRun(s, { type: 'walk', walk, step: 1, example: 0 }));
    expect(Object.keys(run.getState().view)).toEqual(['x']);
    run.setState((s) => seekStep(s, 2));
    const v = run.getState().view;
    expect(v.x.value!.values).toEqual([1]);
    expect(v.y.value!.values).toEqual([2]);
    expect(v.y.grad!.values).toEqual([-3]);
    expect(v.x.grad).toBeUndefined();
    expect(run.getState().focus).toEqual({ nodeId: 'y', phase: 'backward' });
    run.setState((s) => seekStep(s, 99));
    expect(run.getState().stepMode!.index).toBe(3);
    expect(walkView(walk, 3).x.grad!.values).toEqual([-4]);
  });
});

/** A worker stand-in that records requests and lets the test answer them. */
class RecordingPort implements WorkerPort {
  sent: WorkerRequest[] = [];
  onmessage: ((e: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(message: WorkerRequest): void {
    this.sent.push(message);
  }
  terminate(): void {}
  reply(event: WorkerEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<WorkerEvent>);
  }
}

const doc = (lr: number, units = 4): GraphDoc => ({
  schemaVersion: 1,
  nodes: [{ id: 'd', op: 'Dense', params: { units } }],
  edges: [],
  layout: { nodes: { d: { x: 0, y: 0 } } },
  training: { ...DEFAULT_TRAINING, optimizer: { type: 'sgd', learningRate: lr } },
});

describe('training client', () => {
  it('asks for a backend at start and acknowledges each trace frame', () => {
    const port = new RecordingPort();
    const client = new TrainingClient(port, createRunStore());
    expect(port.sent.find((m) => m.type !== 'requestCounter')).toEqual({ type: 'setBackend', name: 'auto' });
    port.reply({ type: 'trace', seq: 4, frame: { step: 1, epoch: 0, loss: 0, nodes: {}, weights: {} } });
    expect(port.sent.at(-1)).toEqual({ type: 'traceAck', seq: 4 });
    expect(client.run.getState().frame!.step).toBe(1);
  });

  it('reloads only when what trains changed, and keeps trained weights across a training-only change', async () => {
    const port = new RecordingPort();
    const client = new TrainingClient(port, createRunStore());
    await client.sync(doc(0.1));
    await client.sync({ ...doc(0.1), layout: { nodes: { d: { x: 50, y: 50 } } } });
    expect(port.sent.filter((m) => m.type === 'load')).toHaveLength(1);
    expect(trainingKey(doc(0.1))).not.toBe(trainingKey(doc(0.2)));

    port.reply({ type: 'state', state: 'paused' });
    const pending = client.sync(doc(0.2));
    const ask = port.sent.at(-1) as Extract<WorkerRequest, { type: 'exportWeights' }>;
    expect(ask.type).toBe('exportWeights');
    const weights = { d: { kernel: { shape: [2, 4], values: new Array(8).fill(0.5) } } };
    port.reply({ type: 'weights', requestId: ask.requestId, weights });
    await pending;
    const load = port.sent.at(-1) as Extract<WorkerRequest, { type: 'load' }>;
    expect(load.type).toBe('load');
    expect(load.doc.weights).toEqual(weights);
    expect(load.doc.training.optimizer.learningRate).toBe(0.2);

    // A structural change starts from the initializers.
    await client.sync(doc(0.2, 8));
    const fresh = port.sent.at(-1) as Extract<WorkerRequest, { type: 'load' }>;
    expect(fresh.doc.weights).toBeUndefined();
  });
});

describe('request counter', () => {
  it('shares a counter first (where there is shared memory) and counts every later request in it', async () => {
    const port = new RecordingPort();
    const client = new TrainingClient(port, createRunStore());
    const first = port.sent[0];
    if (typeof SharedArrayBuffer !== 'function') {
      console.log('no SharedArrayBuffer here: the client shares no counter, runs yield every step');
      expect(first.type).toBe('setBackend');
      return;
    }
    expect(first.type).toBe('requestCounter');
    const counter = (first as Extract<WorkerRequest, { type: 'requestCounter' }>).counter;
    expect(counter.buffer).toBeInstanceOf(SharedArrayBuffer);
    await client.sync(doc(0.1));
    client.play();
    client.pause();
    // setBackend, configure, load, play, pause…: each counted before it was posted.
    expect(port.sent.map((m) => m.type)).toEqual(
      expect.arrayContaining(['setBackend', 'load', 'play', 'pause']),
    );
    expect(Atomics.load(counter, 0)).toBe(port.sent.length - 1);
  });
});

describe('answers about a replaced document', () => {
  it('drops the problems of an earlier load that arrive after another document was opened', async () => {
    const port = new RecordingPort();
    const client = new TrainingClient(port, createRunStore());
    await client.sync(doc(0.1));
    const first = port.sent.at(-1) as Extract<WorkerRequest, { type: 'load' }>;
    // Another document opens; its load is posted only after the sync delay.
    client.detach(true);
    const stale = { code: 'missing-loss', severity: 'error', message: 'the graph has no loss node' } as const;
    port.reply({ type: 'invalid', id: first.id, diagnostics: [stale] });
    expect(client.run.getState().blocked).toEqual([]);
    await client.sync(doc(0.2), true);
    const second = port.sent.at(-1) as Extract<WorkerRequest, { type: 'load' }>;
    expect(second.id).toBeGreaterThan(first.id ?? 0);
    port.reply({ type: 'invalid', id: second.id, diagnostics: [stale] });
    expect(client.run.getState().blocked).toEqual([stale]);
  });
});

describe('a worker that fails to load', () => {
  it('says so instead of waiting for a backend forever', () => {
    const port = new RecordingPort();
    const client = new TrainingClient(port, createRunStore());
    port.onerror?.({ message: 'SyntaxError: bad import' } as ErrorEvent);
    expect(client.run.getState().error).toBe(
      'the training worker failed: SyntaxError: bad import; training is unavailable',
    );
  });
});

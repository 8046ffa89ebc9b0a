/**
 * A session whose UI shares its request counter (as the editor does where the page is cross-origin
 * isolated): runs step back to back between yields, yet a pause announced in the middle of a slice
 * and delivered later, as a message from another thread would be, still lands within a step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../helpers/tf';
import { TrainingSession } from '../../src/worker/session';
import type { WorkerEvent, WorkerRequest } from '../../src/worker/protocol';
import { graphDoc } from './recorder';

interface Sliced {
  session: TrainingSession;
  events: WorkerEvent[];
  /** Counts the request in shared memory, then hands it over after `delayMs` (a message in flight). */
  send: (request: WorkerRequest, delayMs?: number) => Promise<void>;
  /** Called with each trace frame's step before the frame is acknowledged. */
  onTrace: (step: number) => void;
}

const open: TrainingSession[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.handle({ type: 'dispose' });
});

function slicedSession(): Sliced {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const events: WorkerEvent[] = [];
  const out: Sliced = {
    session: new TrainingSession((event) => {
      events.push(event);
      if (event.type === 'trace') {
        out.onTrace(event.frame.step);
        void out.send({ type: 'traceAck', seq: event.seq });
      }
    }),
    events,
    send: (request, delayMs) => {
      Atomics.add(counter, 0, 1);
      if (delayMs === undefined) return out.session.handle(request);
      return new Promise((done) => setTimeout(() => void out.session.handle(request).then(done), delayMs));
    },
    onTrace: () => undefined,
  };
  void out.session.handle({ type: 'requestCounter', counter });
  open.push(out.session);
  return out;
}

describe('a session with a shared request counter', () => {
  it('pauses within a step of a request announced mid-slice and delivered later', async () => {
    const s = slicedSession();
    await s.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 10_000 }) });
    let sentAt = 0;
    let paused: Promise<void> | null = null;
    // A traced step well inside an epoch (spiral-mlp: 10 steps each; an epoch's end evaluates and
    // draws, which takes a while) announces a pause, and the message itself arrives 30 ms later. A
    // run that did not wait for it would step on meanwhile.
    let frames = 0;
    s.onTrace = (step) => {
      if (paused || ++frames < 3 || step % 10 === 0 || step % 10 > 6) return;
      sentAt = performance.timeOrigin + performance.now();
      paused = s.send({ type: 'pause', sentAt }, 30);
    };
    await s.send({ type: 'play' });
    const start = Date.now();
    while (!paused && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 5));
    expect(paused, 'a trace frame inside an epoch within 30 s').not.toBeNull();
    await paused;
    const state = s.events.filter((e) => e.type === 'state').at(-1) as Extract<
      WorkerEvent,
      { type: 'state' }
    >;
    expect(state.state).toBe('paused');
    expect(state.stepsAfterPause).toBeLessThanOrEqual(1);
  });

  it('still trains to the end with every feed on and reports progress on its own clock', async () => {
    const s = slicedSession();
    await s.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 20 }) });
    await s.send({ type: 'play' });
    const start = Date.now();
    while (!s.events.some((e) => e.type === 'state' && e.state === 'done') && Date.now() - start < 60_000)
      await new Promise((r) => setTimeout(r, 5));
    const progress = s.events.filter((e) => e.type === 'progress') as Extract<
      WorkerEvent,
      { type: 'progress' }
    >[];
    expect(progress.at(-1)!.progress).toMatchObject({ step: 20 * 10, done: true, epoch: 20 });
    // The decision boundary is sent after load and at the end at least.
    expect(s.events.filter((e) => e.type === 'boundary').length).toBeGreaterThanOrEqual(2);
  });
});

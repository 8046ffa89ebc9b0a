/**
 * The worker's traffic does not grow with training speed: progress at most every
 * `progressEveryMs` even when an epoch ends every few steps, a pause lands within a step of being
 * sent, and every answer to a `load` carries its id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../helpers/tf';
import { Recorder, graphDoc } from './recorder';

const sessions: Recorder[] = [];

function recorder(): Recorder {
  const r = new Recorder();
  r.autoAck = true;
  sessions.push(r);
  return r;
}

afterEach(async () => {
  for (const r of sessions.splice(0)) await r.send({ type: 'dispose' });
});

describe('pacing', () => {
  it('posts progress at most every progressEveryMs although an epoch ends every 4 steps', async () => {
    const r = recorder();
    // XOR with batch 1: 4 steps an epoch, so the trainer reports an epoch end every few ms.
    await r.send({ type: 'load', doc: graphDoc('xor-keras', { epochs: 100_000 }) });
    await r.send({ type: 'configure', rates: { progressEveryMs: 100 } });
    const started = performance.now();
    await r.send({ type: 'play' });
    // However fast this machine trains, wait for a hundred epochs (400 steps) to go by.
    await r.until((x) => (x.last('progress')?.progress.step ?? 0) >= 400, 'a hundred epochs', 60_000);
    await r.send({ type: 'pause' });
    const elapsed = performance.now() - started;
    const progress = r.of('progress').map((e) => e.progress);
    expect(progress.at(-1)!.step / 4).toBeGreaterThanOrEqual(100);
    // A hundred epoch ends, yet at most one report per 100 ms (plus the first and the final one).
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 3);
    expect(progress.length).toBeLessThan(100);
    // The epoch ends skipped still show: the reports carry the last epoch's train metrics.
    expect(progress.at(-1)!.train?.accuracy).toBeTypeOf('number');
  });

  it('ends a rate-limited run with a report of its last step, also when that was an epoch end', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-keras', { epochs: 300 }) });
    await r.send({ type: 'play' });
    await r.until((x) => x.states().includes('done'), 'the run to finish');
    expect(r.last('progress')!.progress).toMatchObject({ step: 1200, done: true, epoch: 300 });
    expect(r.last('progress')!.progress.loss).toBeTypeOf('number');
    expect(Number.isFinite(r.last('progress')!.progress.loss)).toBe(true);
  });

  it('pauses within a step of the request, and says how many steps started after it', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('spiral-mlp', { epochs: 10_000 }) });
    await r.send({ type: 'play' });
    await r.until((x) => (x.last('progress')?.progress.step ?? 0) > 20, 'some steps');
    // Sent from another task while the run trains, as a click would be.
    const sentAt = performance.timeOrigin + performance.now();
    await r.send({ type: 'pause', sentAt });
    const state = r.of('state').at(-1)!;
    expect(state.state).toBe('paused');
    expect(state.stepsAfterPause).toBeLessThanOrEqual(1);
  });

  it('answers every load with its id: loaded, invalid, or an error', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-keras'), id: 7 });
    expect(r.last('loaded')!.id).toBe(7);
    const broken = graphDoc('xor-keras');
    await r.send({ type: 'load', doc: { ...broken, edges: [] }, id: 8 });
    expect(r.last('invalid')!.id).toBe(8);
    // A data file the UI did not send.
    const csv = graphDoc('xor-keras', { dataset: { kind: 'csv', path: 'missing.csv' } });
    await r.send({ type: 'load', doc: csv, id: 9 });
    expect(r.last('invalid')!.id).toBe(9);
  });
});

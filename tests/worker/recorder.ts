/**
 * Test double for the worker's parent: a `TrainingSession` whose events are recorded, with helpers
 * to wait for events and to read the example graphs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc, TrainingSpec } from '../../src/graph/types';
import { TrainingSession } from '../../src/worker/session';
import type { SessionOptions } from '../../src/worker/session';
import type { WorkerEvent, WorkerRequest } from '../../src/worker/protocol';

/** A worker event of one type. */
export type EventOf<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

/** Reads `graphs/<name>.json`, with training settings overridden. */
export function graphDoc(name: string, training: Partial<TrainingSpec> = {}): GraphDoc {
  const path = fileURLToPath(new URL(`../../graphs/${name}.json`, import.meta.url));
  const { doc, diagnostics } = parseGraphText(readFileSync(path, 'utf8'));
  if (!doc) throw new Error(`${name}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return { ...doc, training: { ...doc.training, ...training } };
}

/** A session with every event it posts kept in order. */
export class Recorder {
  readonly events: WorkerEvent[] = [];
  readonly session: TrainingSession;
  /** Trace frames are acknowledged as soon as they arrive. */
  autoAck = false;
  /** With `autoAck`: the page's display time each acknowledgement reports (none when undefined). */
  ackPageMs: number | undefined;

  constructor(options: SessionOptions = {}) {
    this.session = new TrainingSession((event) => {
      this.events.push(event);
      if (this.autoAck && event.type === 'trace')
        void this.session.handle({
          type: 'traceAck',
          seq: event.seq,
          ...(this.ackPageMs !== undefined ? { pageMs: this.ackPageMs } : {}),
        });
    }, options);
  }

  send(request: WorkerRequest): Promise<void> {
    return this.session.handle(request);
  }

  of<T extends WorkerEvent['type']>(type: T): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type);
  }

  last<T extends WorkerEvent['type']>(type: T): EventOf<T> | undefined {
    const all = this.of(type);
    return all[all.length - 1];
  }

  /** The states posted, in order. */
  states(): string[] {
    return this.of('state').map((e) => e.state);
  }

  clear(): void {
    this.events.length = 0;
  }

  /** Waits until `check` holds over the events (polling), or fails after `timeoutMs`. */
  async until(check: (r: Recorder) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!check(this)) {
      if (Date.now() - start > timeoutMs) {
        const kinds = this.events.map((e) => e.type).join(',');
        throw new Error(`timed out waiting for ${what}; events: ${kinds.slice(-400)}`);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** The current weights through an `exportWeights` request. */
  async weights(): Promise<NonNullable<GraphDoc['weights']>> {
    const requestId = Math.floor(Math.random() * 1e9);
    await this.send({ type: 'exportWeights', requestId });
    const reply = this.of('weights').find((e) => e.requestId === requestId);
    if (!reply) throw new Error(`no weights reply: ${this.last('error')?.message ?? 'no error either'}`);
    return reply.weights;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

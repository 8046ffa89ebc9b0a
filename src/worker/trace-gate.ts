/**
 * Trace frames to the UI, one unacknowledged frame at a time. A busy UI then receives fewer frames
 * instead of a growing queue: while it has not drawn the last one, new ones are dropped, and the
 * trainer is told not to trace at all (see `open`), so no step pays for a frame nobody will see.
 */
import type { TraceFrame } from '../trace/types';
import type { PostEvent } from './session';

/** Numbers the trace frames a session posts and holds back new ones until the UI acknowledges. */
export class TraceGate {
  private seq = 0;
  /** Sequence number of the trace frame the UI has not acknowledged yet. */
  private awaitingAck: number | null = null;

  constructor(private readonly post: PostEvent) {}

  /** Whether the UI has drawn every frame sent, so a new one would be taken. */
  get open(): boolean {
    return this.awaitingAck === null;
  }

  /** Posts a frame the UI asked for (a single step, a resting trace), even while one is unacknowledged. */
  send(frame: TraceFrame): void {
    this.seq++;
    this.awaitingAck = this.seq;
    this.post({ type: 'trace', seq: this.seq, frame });
  }

  /** Posts a frame of a run, or drops it (not queued) while the UI has not drawn the previous one. */
  offer(frame: TraceFrame): void {
    if (this.open) this.send(frame);
  }

  /** The UI has drawn frame `seq` (and so every earlier one). */
  ack(seq: number): void {
    if (this.awaitingAck !== null && seq >= this.awaitingAck) this.awaitingAck = null;
  }

  /** Forgets the unacknowledged frame: a newly loaded graph starts with the gate open. */
  clear(): void {
    this.awaitingAck = null;
  }
}

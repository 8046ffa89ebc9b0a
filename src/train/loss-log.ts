/**
 * Per-step objectives kept on the backend between progress reports, so a step never waits for a
 * read-back; at a report they are read together, which also tells the exact step where the loss
 * first became NaN or infinite.
 */
import * as tf from '@tensorflow/tfjs';

/** At most this many tensors wait; older ones are concatenated into one. */
const PENDING_LOSSES = 64;

/** What a read of the pending losses found. */
export interface LossReading {
  /** Mean objective over the steps since the last read (NaN when none). */
  mean: number;
  /** The first step whose objective was not finite, with that value; null when all were finite. */
  nonFinite: { step: number; value: number } | null;
}

/** The objectives of the steps since the last read, in step order. */
export class PendingLosses {
  private parts: tf.Tensor[] = [];
  private count = 0;
  private firstStep = 0;

  /** Whether any loss waits. */
  get size(): number {
    return this.count;
  }

  /** Keeps the objective of step `step` (takes ownership of the tensor). */
  keep(loss: tf.Scalar, step: number): void {
    if (this.count === 0) this.firstStep = step;
    this.parts.push(loss);
    this.count++;
    if (this.parts.length >= PENDING_LOSSES) {
      const parts = this.parts;
      const joined = tf.tidy(() => tf.concat(parts.map((t) => t.reshape([-1]))));
      for (const t of parts) t.dispose();
      this.parts = [joined];
    }
  }

  /** Reads every waiting loss with one backend read and forgets them. */
  async read(): Promise<LossReading> {
    if (this.count === 0) return { mean: NaN, nonFinite: null };
    const { parts, count, firstStep } = this;
    this.parts = [];
    this.count = 0;
    let values: Float32Array;
    try {
      const all = tf.tidy(() => tf.concat(parts.map((t) => t.reshape([-1]))));
      try {
        values = (await all.data()) as Float32Array;
      } finally {
        all.dispose();
      }
    } finally {
      for (const t of parts) t.dispose();
    }
    let sum = 0;
    let bad = -1;
    for (let i = 0; i < count; i++) {
      sum += values[i];
      if (bad < 0 && !Number.isFinite(values[i])) bad = i;
    }
    return { mean: sum / count, nonFinite: bad < 0 ? null : { step: firstStep + bad, value: values[bad] } };
  }

  /** Frees the waiting losses unread. */
  dispose(): void {
    for (const t of this.parts) t.dispose();
    this.parts = [];
    this.count = 0;
  }
}

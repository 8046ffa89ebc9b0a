/**
 * The one way traces are read back: callers register tensors with a callback that places the
 * resulting `TensorTrace`, then `read` fetches all of them with a single asynchronous backend read.
 * Training frames and step-mode walks both build on it, so a frame and a walk of the same step
 * agree number for number.
 */
import type * as tf from '@tensorflow/tfjs';
import { readTensors } from './read';
import type { TensorTrace } from './types';

/** Tensors to read in one go, each with where its trace goes. */
export class TraceReadPlan {
  private readonly tensors: tf.Tensor[] = [];
  private readonly places: ((trace: TensorTrace) => void)[] = [];
  private readonly full: boolean[] = [];
  private readonly owned: tf.Tensor[] = [];

  /**
   * Reads `tensor` with the others and hands its trace to `place`. The caller still owns the tensor,
   * unless `options.owned`: then the plan disposes it after the read. With `options.full` every
   * element comes back whatever the full limit (an image already cut to what is shown).
   */
  add(
    tensor: tf.Tensor,
    place: (trace: TensorTrace) => void,
    options?: { full?: boolean; owned?: boolean },
  ): void {
    this.tensors.push(tensor);
    this.places.push(place);
    this.full.push(options?.full === true);
    if (options?.owned) this.owned.push(tensor);
  }

  /** Number of tensors registered so far. */
  get size(): number {
    return this.tensors.length;
  }

  /** Reads every registered tensor (one backend read) and places the traces in registration order. */
  async read(fullLimit?: number): Promise<void> {
    let traces: TensorTrace[];
    try {
      traces = await readTensors(this.tensors, fullLimit, this.full);
    } finally {
      for (const t of this.owned) t.dispose();
      this.owned.length = 0;
    }
    this.places.forEach((place, i) => place(traces[i]));
  }

  /** Frees the tensors the plan owns without reading (a plan given up on). */
  dispose(): void {
    for (const t of this.owned) t.dispose();
    this.owned.length = 0;
  }
}

/** A scalar's value from its trace (the mean when it was summarised). */
export function scalarOf(trace: TensorTrace): number {
  return trace.values?.[0] ?? trace.stats.mean;
}

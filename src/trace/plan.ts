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

  /** Reads `tensor` with the others and hands its trace to `place`. The caller still owns the tensor. */
  add(tensor: tf.Tensor, place: (trace: TensorTrace) => void): void {
    this.tensors.push(tensor);
    this.places.push(place);
  }

  /** Number of tensors registered so far. */
  get size(): number {
    return this.tensors.length;
  }

  /** Reads every registered tensor (one backend read) and places the traces in registration order. */
  async read(fullLimit?: number): Promise<void> {
    const traces = await readTensors(this.tensors, fullLimit);
    this.places.forEach((place, i) => place(traces[i]));
  }
}

/** A scalar's value from its trace (the mean when it was summarised). */
export function scalarOf(trace: TensorTrace): number {
  return trace.values?.[0] ?? trace.stats.mean;
}

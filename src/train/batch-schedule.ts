/**
 * Which examples each training step sees. A step's batch and its random seed are functions of the
 * step index alone (plus the spec), so any past step can be recomputed exactly: the non-finite
 * report and step mode replay the batch of a step that was already taken.
 */
import { createRng, shuffledIndices } from '../data/random';
import type { TrainingSpec } from '../graph/types';

/**
 * Largest training split (bytes on the backend, features and encoded labels) that is copied in each
 * epoch's shuffled order so batches are cut contiguously; a bigger one is gathered batch by batch
 * rather than held twice. MNIST's 60,000 training images take 190 MB.
 */
export const EPOCH_COPY_LIMIT = 256 * 2 ** 20;

/** The parts of the training spec that decide the batches. */
export type ScheduleSpec = Pick<TrainingSpec, 'batchSize' | 'seed' | 'shuffle'>;

/** Batches and seeds of every step of a training run over one training split. */
export class BatchSchedule {
  private epochOrder: number[] = [];
  /** Epoch `epochOrder` was drawn for (−1: none). */
  private orderEpoch = -1;

  /**
   * @param spec - Read at every call rather than copied, as the trainer read its spec.
   * @param count - Examples in the training split.
   */
  constructor(
    private readonly spec: ScheduleSpec,
    private readonly count: number,
  ) {}

  /** Examples per step (the last batch of an epoch may be smaller). */
  get batchSize(): number {
    return Math.min(this.spec.batchSize, this.count);
  }

  /** Steps per epoch. */
  get stepsPerEpoch(): number {
    return Math.ceil(this.count / this.batchSize);
  }

  /** Epoch (0-based) that step `stepIndex` (0-based) belongs to. */
  epochOf(stepIndex: number): number {
    return Math.floor(stepIndex / this.stepsPerEpoch);
  }

  /** Examples in the batch of step `stepIndex`: `batchSize`, or fewer for an epoch's last batch. */
  batchLength(stepIndex: number): number {
    return Math.min(this.batchSize, this.count - (stepIndex % this.stepsPerEpoch) * this.batchSize);
  }

  /** Where the batch of step `stepIndex` starts in its epoch's order (see {@link epochIndices}). */
  offset(stepIndex: number): number {
    return (stepIndex % this.stepsPerEpoch) * this.batchSize;
  }

  /**
   * Every example index of epoch `epoch` in the order its steps take them: a shuffle seeded by the
   * seed and the epoch (or 0, 1, 2… without shuffling). Step `s` of the epoch takes the
   * `batchLength(s)` indices from `offset(s)` on.
   */
  epochIndices(epoch: number): Int32Array {
    this.order(epoch);
    return Int32Array.from(this.epochOrder);
  }

  /**
   * Example indices (into the training split) of the batch of step `stepIndex` (0-based). Each
   * epoch's order is a shuffle seeded by the seed and the epoch, so any step's batch can be
   * recomputed; the order of the latest epoch asked for is kept, since steps come in order.
   */
  indices(stepIndex: number): Int32Array {
    this.order(this.epochOf(stepIndex));
    const start = this.offset(stepIndex);
    return Int32Array.from(this.epochOrder.slice(start, start + this.batchSize));
  }

  /** Makes `epochOrder` the order of epoch `epoch`. */
  private order(epoch: number): void {
    if (epoch === this.orderEpoch && this.epochOrder.length > 0) return;
    const n = this.count;
    this.epochOrder = this.spec.shuffle
      ? shuffledIndices(n, createRng(this.spec.seed, `epoch-${epoch}`))
      : Array.from({ length: n }, (_, i) => i);
    this.orderEpoch = epoch;
  }

  /** Seed for the random ops (dropout) of step `stepIndex`. */
  seed(stepIndex: number): number {
    return (this.spec.seed * 1_000_003 + stepIndex) % 2147483647;
  }

  /** Drops the kept epoch order (after a reset). */
  forget(): void {
    this.epochOrder = [];
    this.orderEpoch = -1;
  }
}

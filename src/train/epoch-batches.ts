/**
 * The batches of a run's steps: the examples `BatchSchedule.indices` names, in that order, so runs
 * stay reproducible per seed whichever way a batch is made. On a host backend (WASM, cpu) each batch
 * is copied row by row out of host memory. On a GPU backend the split is gathered once per epoch
 * into its shuffled order and every step slices its rows from that copy, which costs less than a
 * gather per step; a split larger than `EPOCH_COPY_LIMIT` is not copied, its batches are gathered.
 */
import type { Feeds } from '../compile/program';
import { EPOCH_COPY_LIMIT } from './batch-schedule';
import type { BatchSchedule } from './batch-schedule';
import { disposeFeeds, sliceFeeds } from './feeds';
import { batchesOnHost } from './host-rows';
import type { DeviceData } from './feeds';

/** Batches for the steps of one trainer. */
export class EpochBatches {
  /** The split in the order of epoch `epoch`, or null before the first step and after `forget`. */
  private copy: { epoch: number; feeds: Feeds } | null = null;
  private readonly copyEpochs: boolean;

  /**
   * @param schedule - Which examples each step takes.
   * @param data - The training split on the backend.
   * @param shuffled - Whether epochs are shuffled (read at every step, like the schedule's spec).
   */
  constructor(
    private readonly schedule: BatchSchedule,
    private readonly data: DeviceData,
    private readonly shuffled: () => boolean,
  ) {
    this.copyEpochs = data.bytes <= EPOCH_COPY_LIMIT;
  }

  /** The batch of step `step` (tensors owned by the caller): the examples `schedule.indices(step)` names. */
  batch(step: number): Feeds {
    const start = this.schedule.offset(step);
    const length = this.schedule.batchLength(step);
    if (!this.shuffled()) return this.data.rows(start, length);
    if (!this.copyEpochs || batchesOnHost()) {
      // A copy made before the backend changed to a host one is of no more use.
      this.forget();
      return this.data.batch(this.schedule.indices(step));
    }
    const epoch = this.schedule.epochOf(step);
    if (this.copy?.epoch !== epoch) {
      this.forget();
      this.copy = { epoch, feeds: this.data.batch(this.schedule.epochIndices(epoch)) };
    }
    return sliceFeeds(this.copy.feeds, start, length);
  }

  /** Frees the epoch's copy (after a reset, or for good). */
  forget(): void {
    if (this.copy) disposeFeeds(this.copy.feeds);
    this.copy = null;
  }
}

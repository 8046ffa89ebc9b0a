/**
 * The batches of a run's steps, cut contiguously from the training split in each epoch's order: the
 * split is gathered once per epoch (its shuffled copy) and every step slices its rows from it, which
 * costs less than gathering every batch by index. Same examples, same order as
 * `BatchSchedule.indices`, so runs stay reproducible per seed. A split larger than
 * `EPOCH_COPY_LIMIT` is not copied; its batches are gathered.
 */
import type { Feeds } from '../compile/program';
import { EPOCH_COPY_LIMIT } from './batch-schedule';
import type { BatchSchedule } from './batch-schedule';
import { disposeFeeds, sliceFeeds } from './feeds';
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
    const bytes = [data.features, ...Object.values(data.labels)].reduce((sum, t) => sum + t.size * 4, 0);
    this.copyEpochs = bytes <= EPOCH_COPY_LIMIT;
  }

  /** The batch of step `step` (tensors owned by the caller): the examples `schedule.indices(step)` names. */
  batch(step: number): Feeds {
    const start = this.schedule.offset(step);
    const length = this.schedule.batchLength(step);
    if (!this.shuffled()) return sliceFeeds(this.data, start, length);
    if (!this.copyEpochs) return this.data.batch(this.schedule.indices(step));
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

/**
 * When a run lets the event loop in. A yield costs little once (a MessageChannel round trip in a
 * worker), but a fast model's step is a millisecond or less, so yielding after every step is a
 * measurable share of a run. When the controller can tell whether a request is waiting (the editor
 * counts its requests in shared memory, see `src/worker/request-count.ts`), steps run back to back
 * for a slice of time and the run yields as soon as a request waits, so a pause still lands within a
 * step. Without that signal the run yields after every step, as a request could be waiting at any time.
 */

/** Milliseconds of steps run back to back before yielding, when requests are signalled. */
export const SLICE_MS = 20;

/** Decides after each step whether the run yields before the next one. */
export class StepSlices {
  private sliceStart: number;

  /**
   * @param now - When the run (and so its first slice) starts.
   * @param waiting - Whether a request waits to be handled; absent: unknown (yield every step).
   * @param sliceMs - Length of a slice.
   */
  constructor(
    now: number,
    private readonly waiting: (() => boolean) | undefined,
    private readonly sliceMs = SLICE_MS,
  ) {
    this.sliceStart = now;
  }

  /** Whether requests are signalled, so steps may run back to back. */
  get sliced(): boolean {
    return this.waiting !== undefined;
  }

  /** After a step that ended at `now`: whether to yield before the next. */
  shouldYield(now: number): boolean {
    if (!this.waiting) return true;
    return this.waiting() || now - this.sliceStart >= this.sliceMs;
  }

  /** Whether a request announced is still on its way (then the run yields again, a few times at most). */
  stillWaiting(): boolean {
    return this.waiting?.() ?? false;
  }

  /** The run yielded; the next slice starts at `now`. */
  yielded(now: number): void {
    this.sliceStart = now;
  }
}

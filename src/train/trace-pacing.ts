/**
 * When to trace: at most every `traceEveryMs`, and further apart when traced steps cost more than
 * the trace budget (the share of training time tracing may add) allows at that rate.
 */

/** Decides which steps of a run are traced, from the measured cost of traced and untraced steps. */
export class TracePacer {
  private lastTrace = -Infinity;
  private fastMs = 0;
  private tracedMs = 0;
  private tracedCount = 0;

  /**
   * @param budget - Largest share of training time tracing may add (0.1: 10 %).
   */
  constructor(private readonly budget: number) {}

  /**
   * Whether the step starting at `now` should be traced, given the requested spacing (`undefined`:
   * never; 0: every step, always honoured).
   */
  due(now: number, traceEveryMs: number | undefined): boolean {
    if (traceEveryMs === undefined) return false;
    const interval =
      traceEveryMs === 0 ? 0 : Math.max(traceEveryMs, Math.max(0, this.tracedMs - this.fastMs) / this.budget);
    return now - this.lastTrace >= interval;
  }

  /** Records a traced step that started at `start` and took `ms`. */
  traced(start: number, ms: number): void {
    this.lastTrace = start;
    // The first traced step of a run also compiles kernels and warms caches: its time is not a
    // measure of tracing, and counting it would space every later frame far apart.
    this.tracedCount++;
    if (this.tracedCount === 2) this.tracedMs = ms;
    else if (this.tracedCount > 2) this.tracedMs = 0.8 * this.tracedMs + 0.2 * ms;
  }

  /**
   * What a frame costs beyond an untraced step, from the traced steps after the first (which also
   * compiles kernels once); 0 until there is such a step.
   */
  get frameCostMs(): number {
    return this.tracedCount >= 2 ? Math.max(0, this.tracedMs - this.fastMs) : 0;
  }

  /** Time of an untraced step (a moving average; 0 before the first). */
  get fastStepMs(): number {
    return this.fastMs;
  }

  /** Records an untraced step that took `ms` (it returns before the backend finishes: time per step). */
  fast(ms: number): void {
    this.fastMs = this.fastMs === 0 ? ms : 0.9 * this.fastMs + 0.1 * ms;
  }
}

/**
 * What a training run tells its listener, and how often: the progress report, the events a run
 * emits, and the reporting options the caller chooses. Kept apart from the `Trainer` so consumers
 * (worker protocol, CLI, renderer) depend on the report's shape, not on the training loop.
 */
import type { FeedBudget } from './feed-budget';
import type { TraceFrame } from '../trace/types';
import type { Evaluation } from './metrics';

/** Progress report. */
export interface Progress {
  /** Current epoch, 0-based (equals `epochs` when done). */
  epoch: number;
  /** Steps taken so far. */
  step: number;
  /** Steps per epoch. */
  stepsPerEpoch: number;
  /** Total steps of the run. */
  totalSteps: number;
  /** Epochs of the run. */
  epochs: number;
  /** Mean objective over the steps since the last report. */
  loss: number;
  /** Metrics on the training set at the end of the last finished epoch. */
  train?: Evaluation;
  /** Metrics on the test set at the end of the last finished epoch (when there is a test split). */
  test?: Evaluation;
  /** Training throughput since the run (re)started. */
  examplesPerSecond: number;
  /** Wall time of the run so far, in milliseconds. */
  elapsedMs: number;
  /** The run has finished all epochs. */
  done: boolean;
}

/** Events a run emits. */
export type TrainerEvent =
  | { type: 'progress'; progress: Progress }
  | { type: 'trace'; frame: TraceFrame }
  | { type: 'epoch'; progress: Progress }
  /** `step` is exactly the first step whose objective was NaN or infinite. */
  | { type: 'nonfinite'; step: number; message: string }
  | { type: 'done'; progress: Progress };

/** How often the run reports and traces. */
export interface ReportOptions {
  /**
   * Minimum milliseconds between progress events (0: every step). Like `traceEveryMs` and
   * `fullLimit` it is read at every step, so a caller may change it on the object during a run.
   */
  progressEveryMs?: number;
  /** Minimum milliseconds between trace frames; `undefined` disables tracing. 33 ≈ 30 per second. */
  traceEveryMs?: number;
  /** Tensors with at most this many elements are traced in full. */
  fullLimit?: number;
  /**
   * Largest share of training time tracing may add (default 0.1). With `traceEveryMs > 0`, frames
   * are spaced further apart when a traced step costs more than the budget allows at that rate.
   * `traceEveryMs: 0` (every step) is always honoured.
   */
  traceBudget?: number;
  /** Evaluate train/test metrics at the end of every epoch (default true). */
  evaluateEachEpoch?: boolean;
  /**
   * Asked before a step the trace interval would trace; `false` takes an untraced step instead (a
   * consumer that cannot take a frame now does not pay for one).
   */
  wantTrace?: () => boolean;
  /**
   * Whether a request to the run's controller waits to be handled. Given, steps run back to back
   * for a slice of time (see `step-slices.ts`) and the run yields at once when this says true;
   * absent, the run yields to the event loop after every step.
   */
  requestsWaiting?: () => boolean;
  /**
   * The budget trace frames share with the other side-feeds (boundary grids, views): each step's
   * training time is credited to it, and a frame is traced only while it has credit.
   */
  feedBudget?: FeedBudget;
}

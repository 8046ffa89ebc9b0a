/**
 * One run of a trainer: steps until the epochs are done, `maxSteps` more were taken or a stop,
 * choosing which steps to trace, reading losses back in batches and emitting progress, epoch and
 * trace events. The trainer owns the weights and the step count; this module owns the rhythm of a
 * run and the pause/stop handshake with whoever controls it.
 */
import * as tf from '@tensorflow/tfjs';
import { PendingLosses } from './loss-log';
import type { Progress, ReportOptions, TrainerEvent } from './progress';
import { StepSlices } from './step-slices';
import { TracePacer } from './trace-pacing';
import type { Trainer } from './trainer';

/**
 * Pause, resume and stop requests for a run. The loop checks them between steps, so a request
 * takes effect after the current step rather than tearing one in half.
 */
export class RunControl {
  private pausedNow = false;
  private stopRequestedNow = false;
  private runningNow = false;
  private resumeWaiters: (() => void)[] = [];

  /** Whether a run is active (possibly paused). */
  get running(): boolean {
    return this.runningNow;
  }

  /** Whether the run is paused (or will pause at its next step). */
  get paused(): boolean {
    return this.pausedNow;
  }

  /** Whether the run was asked to end. */
  get stopRequested(): boolean {
    return this.stopRequestedNow;
  }

  /** Pauses the run after the current step. */
  pause(): void {
    this.pausedNow = true;
  }

  /** Resumes a paused run. */
  resume(): void {
    this.pausedNow = false;
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  /** Ends the run after the current step (also when paused, which it wakes). */
  stop(): void {
    this.stopRequestedNow = true;
    this.resume();
  }

  /** Settles at the next `resume` or `stop`. */
  resumed(): Promise<void> {
    return new Promise<void>((wake) => this.resumeWaiters.push(wake));
  }

  /** Marks a run as started; a stop requested before it no longer applies. */
  begin(): void {
    if (this.runningNow) throw new Error('the trainer is already running');
    this.runningNow = true;
    this.stopRequestedNow = false;
  }

  /** Marks the run as over. */
  end(): void {
    this.runningNow = false;
  }
}

/** Start times of the last steps of a trainer's runs, newest last (a ring of fixed size). */
class StepTimes {
  static readonly SIZE = 64;
  private readonly times = new Float64Array(StepTimes.SIZE);
  private count = 0;

  /** Notes that a step starts at `t` (`performance.now()`). */
  starting(t: number): void {
    this.times[this.count % StepTimes.SIZE] = t;
    this.count++;
  }

  /** Steps that started at or after `t`, counting back at most {@link StepTimes.SIZE}. */
  since(t: number): number {
    let n = 0;
    const oldest = Math.max(0, this.count - StepTimes.SIZE);
    for (let i = this.count - 1; i >= oldest && this.times[i % StepTimes.SIZE] >= t; i--) n++;
    return n;
  }
}

/** Step start times per trainer: the run loop writes them, a controller asks how a request landed. */
const stepTimes = new WeakMap<Trainer, StepTimes>();

/**
 * How many steps of `trainer`'s runs started at or after `t` (`performance.now()` of this thread);
 * at most 64. A controller measures with it how many steps ran after a pause was requested, which
 * includes the time the request waited to be seen.
 */
export function stepsStartedSince(trainer: Trainer, t: number): number {
  return stepTimes.get(trainer)?.since(t) ?? 0;
}

/**
 * Lets the event loop run (messages such as a pause request, timers) before the next step.
 * `setTimeout(0)` is clamped to 4 ms once nested, which would cost a fast run most of its time if
 * taken every step; a MessageChannel message (browsers, workers) or `setImmediate` (Node) is a
 * macrotask with no clamp, so a run can yield after every step (or slice, see `step-slices.ts`)
 * and a request waits one step at most.
 */
function eventLoopYield(): { next: () => Promise<void>; close: () => void } {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  const none = () => undefined;
  if (typeof immediate === 'function') return { next: () => new Promise((r) => immediate(r)), close: none };
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    let wake: (() => void) | null = null;
    channel.port1.onmessage = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    return {
      next: () =>
        new Promise<void>((r) => {
          wake = r;
          channel.port2.postMessage(null);
        }),
      close: () => channel.port1.close(),
    };
  }
  return { next: () => new Promise((r) => setTimeout(r, 0)), close: none };
}

/**
 * How long a run keeps yielding for a request announced in shared memory that has not arrived yet
 * (a message between threads takes well under a millisecond; a busy machine may delay it).
 */
const MAX_ANNOUNCED_WAIT_MS = 250;

/** What a run needs besides the trainer's public members. */
export interface RunParts {
  trainer: Trainer;
  control: RunControl;
  /** The progress report for `loss` of a run that started at `startedAt` and saw `examples`. */
  progressAt: (loss: number, startedAt: number, examples: number) => Progress;
}

/**
 * Trains until all epochs are done (or `maxSteps` more steps), emitting events; see `Trainer.run`.
 * Losses stay on the backend between reports so steps do not wait for read-back; at a report they
 * are read together, so a non-finite loss is reported with the exact step it appeared at (then the
 * run pauses).
 */
export async function runTraining(
  { trainer, control, progressAt }: RunParts,
  listener: (event: TrainerEvent) => void,
  report: ReportOptions,
  maxSteps: number,
): Promise<Progress> {
  control.begin();
  const evaluateEachEpoch = report.evaluateEachEpoch ?? true;
  const startedAt = performance.now();
  let lastProgress = startedAt;
  let examples = 0;
  let taken = 0;
  const losses = new PendingLosses();
  const pacer = new TracePacer(report.traceBudget ?? 0.1);
  const yieldNow = eventLoopYield();
  const slices = new StepSlices(startedAt, report.requestsWaiting);
  const budget = report.feedBudget;
  let times = stepTimes.get(trainer);
  if (!times) stepTimes.set(trainer, (times = new StepTimes()));
  const readLoss = async (): Promise<number> => {
    const { mean, nonFinite } = await losses.read();
    if (nonFinite) {
      const { step, value } = nonFinite;
      listener({
        type: 'nonfinite',
        step,
        message: `the loss became ${value} at step ${step}; lower the learning rate`,
      });
      control.pause();
    }
    return mean;
  };
  try {
    while (!trainer.done && taken < maxSteps && !control.stopRequested) {
      if (control.paused) await control.resumed();
      if (control.stopRequested) break;
      const epochBefore = trainer.epoch;
      const now = performance.now();
      times.starting(now);
      const batch = Math.min(
        trainer.batchSize,
        trainer.train.count - (trainer.steps % trainer.stepsPerEpoch) * trainer.batchSize,
      );
      const step = trainer.steps + 1;
      if (
        pacer.due(now, report.traceEveryMs) &&
        (budget?.allows('trace') ?? true) &&
        (report.wantTrace?.() ?? true)
      ) {
        const frame = await trainer.stepTraced(report.fullLimit);
        losses.keep(tf.scalar(frame.loss), step);
        // Posting the frame (a structured clone in a worker) is part of what it costs.
        listener({ type: 'trace', frame });
        const ms = performance.now() - now;
        pacer.traced(now, ms);
        // A traced step trains too: its cost beyond an untraced step's is the frame's (as the pacer
        // estimates it, leaving out the first frame's one-time kernel compilation).
        budget?.trained(Math.min(ms, pacer.fastStepMs));
        budget?.spent(pacer.frameCostMs);
      } else {
        const loss = trainer.stepFast();
        const ms = performance.now() - now;
        pacer.fast(ms);
        budget?.trained(ms);
        losses.keep(loss, step);
      }
      taken++;
      examples += batch;
      const epochEnded = trainer.epoch !== epochBefore || trainer.done;
      const t = performance.now();
      if (epochEnded || t - lastProgress >= (report.progressEveryMs ?? 250)) {
        lastProgress = t;
        const loss = await readLoss();
        if (epochEnded && evaluateEachEpoch) await trainer.evaluate();
        const progress = progressAt(loss, startedAt, examples);
        listener({ type: epochEnded ? 'epoch' : 'progress', progress });
      }
      // Yield to the event loop after every step, or after a slice of steps when a waiting request
      // is signalled (then at once when one waits), so a pause, step or reset request is seen before
      // the next step rather than after a batch of them. A request announced but not arrived yet is
      // waited for (yielding again) up to MAX_ANNOUNCED_WAIT_MS. While a side-feed (a decision
      // boundary, the views) is under way the run yields every step, so the feed finishes now rather
      // than a slice later, and the time it measures is its own.
      if (budget?.working || slices.shouldYield(performance.now())) {
        await yieldNow.next();
        const yieldedAt = performance.now();
        while (slices.stillWaiting() && performance.now() - yieldedAt < MAX_ANNOUNCED_WAIT_MS)
          await yieldNow.next();
        slices.yielded(performance.now());
      }
    }
    const loss = losses.size ? await readLoss() : NaN;
    const progress = progressAt(loss, startedAt, examples);
    if (trainer.done) listener({ type: 'done', progress });
    return progress;
  } finally {
    losses.dispose();
    yieldNow.close();
    control.end();
  }
}

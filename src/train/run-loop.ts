/**
 * One run of a trainer: steps until the epochs are done, `maxSteps` more were taken or a stop,
 * choosing which steps to trace, reading losses back in batches and emitting progress, epoch and
 * trace events. The trainer owns the weights and the step count; this module owns the rhythm of a
 * run and the pause/stop handshake with whoever controls it.
 */
import * as tf from '@tensorflow/tfjs';
import { PendingLosses } from './loss-log';
import type { Progress, ReportOptions, TrainerEvent } from './progress';
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
      const batch = Math.min(
        trainer.batchSize,
        trainer.train.count - (trainer.steps % trainer.stepsPerEpoch) * trainer.batchSize,
      );
      const step = trainer.steps + 1;
      if (pacer.due(now, report.traceEveryMs) && (report.wantTrace?.() ?? true)) {
        const frame = await trainer.stepTraced(report.fullLimit);
        pacer.traced(now, performance.now() - now);
        losses.keep(tf.scalar(frame.loss), step);
        listener({ type: 'trace', frame });
      } else {
        const loss = trainer.stepFast();
        pacer.fast(performance.now() - now);
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
      // Yield to the event loop so pause() and UI messages get through between steps.
      if (taken % 8 === 0) await new Promise((r) => setTimeout(r, 0));
    }
    const loss = losses.size ? await readLoss() : NaN;
    const progress = progressAt(loss, startedAt, examples);
    if (trainer.done) listener({ type: 'done', progress });
    return progress;
  } finally {
    losses.dispose();
    control.end();
  }
}

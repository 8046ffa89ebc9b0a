/**
 * The training controls of a session: play, pause, step, walk and reset on the loaded trainer, the
 * run state the toolbar shows, and what the UI is sent while and after the trainer works (progress,
 * traces, decision boundaries, the non-finite report).
 *
 * A run is not awaited: `play` starts it and returns, and its end is handled when it comes. Every
 * step checks that its graph is still the loaded one, since a load may replace it meanwhile.
 */
import { walkTrainerStep } from '../step/stepper';
import type { Progress, TrainerEvent } from '../train/progress';
import { stepsStartedSince } from '../train/run-loop';
import type { Trainer } from '../train/trainer';
import type { TraceFrame } from '../trace/types';
import type { BoundaryFeed } from './boundary-feed';
import { requireLoaded } from './loaded-graph';
import type { Loaded } from './loaded-graph';
import { nonFiniteReport } from './nonfinite';
import type { RunState } from './protocol';
import type { ReportSettings } from './report-rates';
import type { PostEvent } from './session';
import type { TraceGate } from './trace-gate';

/** The active run of the trainer. */
interface ActiveRun {
  trainer: Trainer;
  /** Settles when the run and its follow-up (non-finite report, final state) are over; never rejects. */
  done: Promise<void>;
  /** The session stopped it to replace or reset the trainer: no report, no state afterwards. */
  discard: boolean;
  /** First step whose loss was not finite, when one was. */
  nonFiniteStep: number | null;
}

/** How the controls reach their session. */
export interface RunControllerHost {
  post: PostEvent;
  /** Reports a failure as an `error` event (unless the session is disposed). */
  fail: (err: unknown) => void;
  /** The graph loaded now, or null. */
  current: () => Loaded | null;
  disposed: () => boolean;
  settings: ReportSettings;
  traces: TraceGate;
  /** What is recomputed after the weights change (the decision boundary, the views). */
  boundary: Pick<BoundaryFeed, 'send' | 'duringRun'>;
}

/** Drives the loaded trainer for a session and keeps the UI's view of it current. */
/** Elements up to which a step walk's tensors are sent whole. */
const STEP_WALK_FULL_LIMIT = 16_384;

export class RunController {
  private state: RunState = 'empty';
  private active: ActiveRun | null = null;
  private lastPostedStep = -1;
  /** When the last progress event was posted (`performance.now()`), for the rate limit. */
  private lastPostedAt = -Infinity;
  /** The newest report the rate limit held back, posted at the run's end if nothing newer was. */
  private heldBack: Progress | null = null;

  constructor(private readonly host: RunControllerHost) {}

  /** Whether a run is active. */
  get running(): boolean {
    return this.active !== null;
  }

  /**
   * Posts the run state when it changed (or always, with `force`); `stepsAfterPause` answers a
   * pause that said when it was sent.
   */
  setState(state: RunState, force = false, stepsAfterPause?: number): void {
    if (state === this.state && !force) return;
    this.state = state;
    this.host.post(
      stepsAfterPause === undefined ? { type: 'state', state } : { type: 'state', state, stepsAfterPause },
    );
  }

  /** Sets the state without telling the UI, which is gone (the session was disposed). */
  forgetState(state: RunState): void {
    this.state = state;
  }

  /** The state of a loaded trainer that is not running. */
  restingState(trainer: Trainer): RunState {
    return trainer.steps === 0 ? 'ready' : trainer.done ? 'done' : 'paused';
  }

  /** Forgets the last step reported, so a new or reset trainer's final progress is posted. */
  forgetProgress(): void {
    this.lastPostedStep = -1;
    this.heldBack = null;
  }

  private postProgress(progress: Progress): void {
    this.heldBack = null;
    this.lastPostedStep = progress.step;
    this.lastPostedAt = performance.now();
    this.host.post({ type: 'progress', progress });
  }

  /**
   * Progress during a run, at most every `progressEveryMs`. The trainer reports every epoch end as
   * well as on its timer, and a small data set ends an epoch every few steps (XOR with batch 1:
   * every 4), which flooded the page with thousands of events a second. An epoch end skipped here
   * loses nothing: its train/test metrics ride on the next report, and the run's end is posted.
   */
  private progressDuringRun(progress: Progress): void {
    if (performance.now() - this.lastPostedAt < this.host.settings.rates.progressEveryMs) {
      this.heldBack = progress;
      return;
    }
    this.postProgress(progress);
  }

  /** Starts a run of the loaded trainer and returns at once; a run already going is left alone. */
  play(): void {
    const loaded = requireLoaded(this.host.current());
    if (this.active) return;
    const trainer = loaded.trainer;
    if (trainer.done) throw new Error('training is done; press Reset to train again');
    // A run that stopped at a non-finite loss left the trainer paused.
    trainer.resume();
    const run: ActiveRun = { trainer, done: Promise.resolve(), discard: false, nonFiniteStep: null };
    this.active = run;
    this.setState('running');
    run.done = trainer
      .run((event) => this.onTrainerEvent(run, event), this.host.settings.report)
      .then(
        (final) => this.afterRun(run, final),
        (err: unknown) => {
          if (!run.discard) {
            this.host.fail(err);
            this.setState(this.restingState(trainer));
          }
        },
      )
      .catch((err: unknown) => this.host.fail(err))
      .finally(() => {
        if (this.active === run) this.active = null;
      });
  }

  private onTrainerEvent(run: ActiveRun, event: TrainerEvent): void {
    if (run.discard || this.host.disposed()) return;
    switch (event.type) {
      case 'progress':
      case 'epoch':
        this.progressDuringRun(event.progress);
        this.host.boundary.duringRun();
        return;
      case 'trace':
        this.host.traces.offer(event.frame);
        return;
      case 'nonfinite':
        run.nonFiniteStep ??= event.step;
        run.trainer.stop();
        return;
      case 'done':
        return;
    }
  }

  private async afterRun(run: ActiveRun, final: Progress): Promise<void> {
    if (run.discard || this.host.disposed()) return;
    if (final.step !== this.lastPostedStep) {
      // The run's own final report has no loss when the last step's was already read for a report
      // the rate limit held back (the last epoch's end): then that one is the final report.
      if (Number.isFinite(final.loss)) this.postProgress(final);
      else if (this.heldBack?.step === final.step) this.postProgress(this.heldBack);
    }
    this.heldBack = null;
    if (run.nonFiniteStep !== null) {
      await this.reportNonFinite(run.trainer, run.nonFiniteStep);
      this.setState('paused');
      return;
    }
    // Stopped by pause(): the pause handler sets the state.
    if (run.trainer.done) {
      this.setState('done');
      await this.sendRestingTrace(run.trainer);
      await this.host.boundary.send();
    }
  }

  /**
   * Traces the last batch with the weights as they are now, so a canvas that was sent sparse frames
   * during a fast run shows the final values when the run rests (done or paused).
   */
  private async sendRestingTrace(trainer: Trainer): Promise<void> {
    const rates = this.host.settings.rates;
    if (trainer.steps === 0 || rates.traceEveryMs === 0) return;
    this.host.traces.send(await trainer.inspectStep(trainer.steps - 1, rates.fullLimit));
  }

  /**
   * Ends the active run (after its current step) and waits for it. With `discard` the run's end is
   * not reported: the session is replacing or resetting the trainer.
   */
  async stopRun(discard: boolean): Promise<void> {
    const run = this.active;
    if (!run) return;
    run.discard ||= discard;
    run.trainer.stop();
    await run.done;
  }

  /**
   * Pauses the active run, if any, and shows where it rests. With `sentAt` (ms since the epoch)
   * the state says how many steps started after the user asked.
   */
  async pause(sentAt?: number): Promise<void> {
    if (!this.active) return;
    const trainer = this.active.trainer;
    await this.stopRun(false);
    const after =
      sentAt === undefined ? undefined : stepsStartedSince(trainer, sentAt - performance.timeOrigin);
    // A run that ended on a non-finite loss or at the last step has set its state already.
    const loaded = this.host.current();
    if (loaded && this.state === 'running') {
      this.setState(this.restingState(loaded.trainer), false, after);
      await this.sendRestingTrace(loaded.trainer);
      await this.host.boundary.send();
    }
  }

  /** Stops a run so a single step can be taken; the state becomes the resting one afterwards. */
  private async holdRun(): Promise<void> {
    if (this.active) await this.stopRun(false);
  }

  /** Takes one traced step (stopping a run first) and reports it. */
  async step(): Promise<void> {
    const loaded = requireLoaded(this.host.current());
    await this.holdRun();
    const trainer = loaded.trainer;
    if (trainer.done) {
      this.setState('done');
      throw new Error('training is done; press Reset to train again');
    }
    const frame = await trainer.stepTraced(this.host.settings.rates.fullLimit);
    if (this.host.current() !== loaded) return;
    this.host.traces.send(frame);
    this.postProgress(trainer.progressNow(frame.loss));
    if (!Number.isFinite(frame.loss)) {
      await this.reportNonFinite(trainer, frame.step);
      this.setState('paused');
      return;
    }
    this.setState(this.restingState(trainer));
    await this.host.boundary.send();
  }

  /** Walks one step node by node (stopping a run first); with `apply` the step counts. */
  async walk(example: number | null, apply: boolean): Promise<void> {
    const loaded = requireLoaded(this.host.current());
    await this.holdRun();
    const trainer = loaded.trainer;
    // A walk is sent once, not streamed: whole tensors up to a small CNN's feature maps, so step
    // mode can show convolution windows with their numbers (step/conv-windows.ts).
    const walk = await walkTrainerStep(
      trainer,
      example,
      apply,
      Math.max(this.host.settings.rates.fullLimit, STEP_WALK_FULL_LIMIT),
    );
    if (this.host.current() !== loaded) return;
    const step = apply ? trainer.steps : trainer.steps + 1;
    this.host.post({ type: 'walk', walk, step, example });
    if (apply) this.postProgress(trainer.progressNow(walk.loss));
    this.setState(this.restingState(trainer));
    if (apply) await this.host.boundary.send();
  }

  /** Back to step 0 with the initial weights (a run is discarded). */
  async reset(): Promise<void> {
    const loaded = requireLoaded(this.host.current());
    await this.stopRun(true);
    loaded.trainer.reset();
    this.lastPostedStep = -1;
    this.setState('ready', true);
    await this.host.boundary.send();
  }

  /** Locates a non-finite value with a step that changes nothing, and reports it. */
  private async reportNonFinite(trainer: Trainer, step: number): Promise<void> {
    const loaded = this.host.current();
    if (!loaded || loaded.trainer !== trainer) return;
    let frame: TraceFrame | null;
    try {
      // The batch of the failing step, with the weights as they are now.
      frame = await trainer.inspectStep(Math.max(0, step - 1), this.host.settings.rates.fullLimit);
    } catch {
      frame = null;
    }
    const report = nonFiniteReport(loaded.graph, frame, step, trainer.spec.optimizer.learningRate);
    this.host.post({ type: 'nonfinite', report });
  }
}

/**
 * The training worker's logic without the worker: a `TrainingSession` takes {@link WorkerRequest}s
 * and answers with {@link WorkerEvent}s through a `post` function. The browser's Web Worker wires
 * `post` to `postMessage`; Node tests record the events.
 *
 * Requests are handled one after another, but none waits for a run: `play` starts the trainer's run
 * and returns, so `pause`, `configure`, `traceAck` and `exportWeights` are answered while it trains.
 */
import { startNodeBackend } from '../backend/node';
import type { BackendChoice } from '../backend/select';
import type { Dataset } from '../data/dataset';
import type { GraphDoc } from '../graph/types';
import type { ShapedGraph } from '../shapes/infer';
import { prepareRun } from '../run/prepare';
import { computeBoundary, featureRange, isPlanar, samplePoints } from '../train/boundary';
import type { PlaneRange } from '../train/boundary';
import { Trainer } from '../train/trainer';
import { walkTrainerStep } from '../step/stepper';
import type { Progress, ReportOptions, TrainerEvent } from '../train/progress';
import type { TraceFrame } from '../trace/types';
import { nonFiniteReport } from './nonfinite';
import { DEFAULT_RATES } from './protocol';
import type { DatasetSummary, ReportRates, RunState, WorkerEvent, WorkerRequest } from './protocol';

/** Sends one event to the UI, with the buffers to transfer rather than copy. */
export type PostEvent = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** How a session reaches its environment. */
export interface SessionOptions {
  /**
   * Starts a tfjs backend, `name` first (any name it does not know, such as `auto`, means the
   * fastest that works). Default: the Node backends (wasm, then cpu).
   */
  startBackend?: (name?: string) => Promise<BackendChoice>;
  /** Clock in milliseconds, for the decision-boundary rate (default `performance.now`). */
  now?: () => number;
}

/** The graph being trained and what was derived from it. */
interface Loaded {
  graph: ShapedGraph;
  /** The whole data set (the trainer holds the split). */
  dataset: Dataset;
  trainer: Trainer;
  /** The plane of the decision boundary, for two-feature data sets. */
  range: PlaneRange | null;
  weightsRestored: boolean;
}

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

const defaultStartBackend = (name?: string) =>
  startNodeBackend(name === 'wasm' || name === 'cpu' ? name : undefined);

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs a graph's training for one UI, speaking the worker protocol. */
export class TrainingSession {
  private readonly startBackend: (name?: string) => Promise<BackendChoice>;
  private readonly now: () => number;
  private rates: ReportRates = { ...DEFAULT_RATES };
  /** Handed to every run and updated in place by `configure`, so new rates apply during a run. */
  private readonly report: ReportOptions;
  private current: Loaded | null = null;
  private state: RunState = 'empty';
  private active: ActiveRun | null = null;
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;
  /** Sequence number of the trace frame the UI has not acknowledged yet. */
  private awaitingAck: number | null = null;
  private lastBoundary = -Infinity;
  /** Boundary grids being read back during a run. */
  private readonly background = new Set<Promise<void>>();
  private boundaryBusy = false;
  private lastPostedStep = -1;
  private disposed = false;

  constructor(
    private readonly post: PostEvent,
    options: SessionOptions = {},
  ) {
    this.startBackend = options.startBackend ?? defaultStartBackend;
    this.now = options.now ?? (() => performance.now());
    this.report = { evaluateEachEpoch: true, wantTrace: () => this.awaitingAck === null };
    this.applyRates();
  }

  /**
   * Handles one request. Never throws: failures become `error` events (or `invalid` ones for graphs
   * and data that cannot be trained). Resolves when the request is handled, which for `play` is as
   * soon as the run has started.
   */
  handle(request: WorkerRequest): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (typeof request !== 'object' || request === null) {
      this.fail(new Error(`a request must be an object, got ${String(request)}`));
      return Promise.resolve();
    }
    // Acknowledgements and rates take effect at once, even while a request is being handled.
    if (request.type === 'traceAck' || request.type === 'configure') {
      try {
        if (request.type === 'traceAck') this.ack(request.seq);
        else this.configure(request.rates);
      } catch (err) {
        this.fail(err);
      }
      return Promise.resolve();
    }
    const task = this.queue.then(() => this.dispatch(request)).catch((err: unknown) => this.fail(err));
    this.queue = task;
    return task;
  }

  private async dispatch(request: WorkerRequest): Promise<void> {
    if (this.disposed) return;
    switch (request.type) {
      case 'setBackend':
        return this.switchBackend(request.name);
      case 'load':
        return this.load(request.doc, request.files);
      case 'play':
        return this.play();
      case 'pause':
        return this.pause();
      case 'step':
        return this.step();
      case 'reset':
        return this.reset();
      case 'walk':
        return this.walk(request.example, request.apply);
      case 'exportWeights': {
        const loaded = this.need();
        const weights = await loaded.trainer.program.exportWeights();
        this.post({ type: 'weights', requestId: request.requestId, weights });
        return;
      }
      case 'dispose':
        return this.dispose();
      case 'traceAck':
      case 'configure':
        return;
      default: {
        const unknown: never = request;
        throw new Error(`unknown request ${JSON.stringify((unknown as { type: unknown }).type)}`);
      }
    }
  }

  private fail(err: unknown): void {
    if (!this.disposed) this.post({ type: 'error', message: messageOf(err) });
  }

  private need(): Loaded {
    if (!this.current) throw new Error('no graph is loaded');
    return this.current;
  }

  private setState(state: RunState, force = false): void {
    if (state === this.state && !force) return;
    this.state = state;
    this.post({ type: 'state', state });
  }

  /** The state of a loaded trainer that is not running. */
  private restingState(trainer: Trainer): RunState {
    return trainer.steps === 0 ? 'ready' : trainer.done ? 'done' : 'paused';
  }

  private postProgress(progress: Progress): void {
    this.lastPostedStep = progress.step;
    this.post({ type: 'progress', progress });
  }

  private postTrace(frame: TraceFrame): void {
    this.seq++;
    this.awaitingAck = this.seq;
    this.post({ type: 'trace', seq: this.seq, frame });
  }

  // ---------------------------------------------------------------------------------------------
  // Rates and acknowledgements

  private ack(seq: number): void {
    if (this.awaitingAck !== null && seq >= this.awaitingAck) this.awaitingAck = null;
  }

  private configure(rates: Partial<ReportRates>): void {
    const next = { ...this.rates };
    for (const key of Object.keys(DEFAULT_RATES) as (keyof ReportRates)[]) {
      const v = rates[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new Error(`rate ${key} must be a number ≥ 0, got ${String(v)}`);
      next[key] = v;
    }
    next.boundaryResolution = Math.min(256, Math.max(2, Math.round(next.boundaryResolution)));
    next.fullLimit = Math.round(next.fullLimit);
    this.rates = next;
    this.applyRates();
  }

  private applyRates(): void {
    this.report.progressEveryMs = this.rates.progressEveryMs;
    // The protocol's 0 disables tracing; the trainer's 0 would trace every step.
    this.report.traceEveryMs = this.rates.traceEveryMs > 0 ? this.rates.traceEveryMs : undefined;
    this.report.fullLimit = this.rates.fullLimit;
    this.report.traceBudget = this.rates.traceBudget;
  }

  // ---------------------------------------------------------------------------------------------
  // Backend, load, dispose

  private async switchBackend(name: string): Promise<void> {
    const old = this.current;
    const wasRunning = this.active !== null;
    let saved: { weights: NonNullable<GraphDoc['weights']>; steps: number } | null = null;
    if (old) {
      await this.stopRun(true);
      saved = { weights: await old.trainer.program.exportWeights(), steps: old.trainer.steps };
      // Every tensor of the old backend goes before the switch.
      await this.settleBackground();
      old.trainer.dispose();
      this.current = null;
    }
    let failure: unknown = null;
    try {
      this.post({ type: 'backend', choice: await this.startBackend(name) });
    } catch (err) {
      failure = err;
    }
    if (old && saved) {
      // The same checked graph and data on the (new or still active) backend, with the weights kept.
      const graph: ShapedGraph = { ...old.graph, doc: { ...old.graph.doc, weights: saved.weights } };
      try {
        const trainer = new Trainer({ graph, dataset: old.dataset, startStep: saved.steps });
        this.current = { ...old, trainer };
        // A run goes on where it was; otherwise the state is what it was.
        if (wasRunning && !trainer.done) this.play();
        else this.setState(this.restingState(trainer));
        await this.sendBoundary();
      } catch (err) {
        this.setState('empty');
        throw err;
      }
    }
    if (failure) throw failure;
  }

  private async load(doc: GraphDoc, files: Record<string, Uint8Array> = {}): Promise<void> {
    const prepared = await prepareRun(doc, files);
    if (!prepared.ok) {
      this.post({ type: 'invalid', diagnostics: prepared.diagnostics });
      return;
    }
    const { graph, dataset, trainer } = prepared;
    // The new graph is good: only now does the old one go.
    await this.unload();
    const planar = isPlanar(dataset);
    this.current = {
      graph,
      dataset,
      trainer,
      range: planar ? featureRange(dataset) : null,
      weightsRestored: Object.keys(doc.weights ?? {}).length > 0,
    };
    this.awaitingAck = null;
    this.lastPostedStep = -1;
    const summary: DatasetSummary = {
      name: dataset.name,
      trainCount: trainer.train.count,
      testCount: trainer.test?.count ?? 0,
      featureShape: [...dataset.featureShape],
      task: dataset.task,
      ...(dataset.numClasses !== undefined ? { numClasses: dataset.numClasses } : {}),
      ...(dataset.classNames ? { classNames: [...dataset.classNames] } : {}),
      ...(dataset.featureNames ? { featureNames: [...dataset.featureNames] } : {}),
    };
    const transfer: Transferable[] = [];
    if (planar) {
      summary.points = samplePoints(dataset);
      transfer.push(summary.points.xy.buffer as ArrayBuffer, summary.points.label.buffer as ArrayBuffer);
    }
    this.post(
      {
        type: 'loaded',
        dataset: summary,
        stepsPerEpoch: trainer.stepsPerEpoch,
        totalSteps: trainer.totalSteps,
        weightsRestored: this.current.weightsRestored,
      },
      transfer,
    );
    this.setState('ready', true);
    await this.sendBoundary();
  }

  /** Stops the run and frees the current trainer. */
  private async unload(): Promise<void> {
    await this.stopRun(true);
    await this.settleBackground();
    this.current?.trainer.dispose();
    this.current = null;
  }

  private async dispose(): Promise<void> {
    await this.unload();
    this.state = 'empty';
    this.disposed = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  private play(): void {
    const loaded = this.need();
    if (this.active) return;
    const trainer = loaded.trainer;
    if (trainer.done) throw new Error('training is done; press Reset to train again');
    // A run that stopped at a non-finite loss left the trainer paused.
    trainer.resume();
    const run: ActiveRun = { trainer, done: Promise.resolve(), discard: false, nonFiniteStep: null };
    this.active = run;
    this.setState('running');
    run.done = trainer
      .run((event) => this.onTrainerEvent(run, event), this.report)
      .then(
        (final) => this.afterRun(run, final),
        (err: unknown) => {
          if (!run.discard) {
            this.fail(err);
            this.setState(this.restingState(trainer));
          }
        },
      )
      .catch((err: unknown) => this.fail(err))
      .finally(() => {
        if (this.active === run) this.active = null;
      });
  }

  private onTrainerEvent(run: ActiveRun, event: TrainerEvent): void {
    if (run.discard || this.disposed) return;
    switch (event.type) {
      case 'progress':
      case 'epoch':
        this.postProgress(event.progress);
        this.boundaryDuringRun();
        return;
      case 'trace':
        // Dropped, not queued, while the UI has not drawn the previous frame.
        if (this.awaitingAck === null) this.postTrace(event.frame);
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
    if (run.discard || this.disposed) return;
    if (final.step !== this.lastPostedStep && Number.isFinite(final.loss)) this.postProgress(final);
    if (run.nonFiniteStep !== null) {
      await this.reportNonFinite(run.trainer, run.nonFiniteStep);
      this.setState('paused');
      return;
    }
    // Stopped by pause(): the pause handler sets the state.
    if (run.trainer.done) {
      this.setState('done');
      await this.sendRestingTrace(run.trainer);
      await this.sendBoundary();
    }
  }

  /**
   * Traces the last batch with the weights as they are now, so a canvas that was sent sparse frames
   * during a fast run shows the final values when the run rests (done or paused).
   */
  private async sendRestingTrace(trainer: Trainer): Promise<void> {
    if (trainer.steps === 0 || this.rates.traceEveryMs === 0) return;
    this.postTrace(await trainer.inspectStep(trainer.steps - 1, this.rates.fullLimit));
  }

  /** Ends the active run (after its current step) and waits for it. */
  private async stopRun(discard: boolean): Promise<void> {
    const run = this.active;
    if (!run) return;
    run.discard ||= discard;
    run.trainer.stop();
    await run.done;
  }

  private async pause(): Promise<void> {
    if (!this.active) return;
    await this.stopRun(false);
    // A run that ended on a non-finite loss or at the last step has set its state already.
    if (this.current && this.state === 'running') {
      this.setState(this.restingState(this.current.trainer));
      await this.sendRestingTrace(this.current.trainer);
      await this.sendBoundary();
    }
  }

  /** Stops a run so a single step can be taken; the state becomes the resting one afterwards. */
  private async holdRun(): Promise<void> {
    if (this.active) await this.stopRun(false);
  }

  private async step(): Promise<void> {
    const loaded = this.need();
    await this.holdRun();
    const trainer = loaded.trainer;
    if (trainer.done) {
      this.setState('done');
      throw new Error('training is done; press Reset to train again');
    }
    const frame = await trainer.stepTraced(this.rates.fullLimit);
    if (this.current !== loaded) return;
    this.postTrace(frame);
    this.postProgress(trainer.progressNow(frame.loss));
    if (!Number.isFinite(frame.loss)) {
      await this.reportNonFinite(trainer, frame.step);
      this.setState('paused');
      return;
    }
    this.setState(this.restingState(trainer));
    await this.sendBoundary();
  }

  private async walk(example: number | null, apply: boolean): Promise<void> {
    const loaded = this.need();
    await this.holdRun();
    const trainer = loaded.trainer;
    const walk = await walkTrainerStep(trainer, example, apply, this.rates.fullLimit);
    if (this.current !== loaded) return;
    const step = apply ? trainer.steps : trainer.steps + 1;
    this.post({ type: 'walk', walk, step, example });
    if (apply) this.postProgress(trainer.progressNow(walk.loss));
    this.setState(this.restingState(trainer));
    if (apply) await this.sendBoundary();
  }

  private async reset(): Promise<void> {
    const loaded = this.need();
    await this.stopRun(true);
    loaded.trainer.reset();
    this.lastPostedStep = -1;
    this.setState('ready', true);
    await this.sendBoundary();
  }

  /** Locates a non-finite value with a step that changes nothing, and reports it. */
  private async reportNonFinite(trainer: Trainer, step: number): Promise<void> {
    const loaded = this.current;
    if (!loaded || loaded.trainer !== trainer) return;
    let frame: TraceFrame | null;
    try {
      // The batch of the failing step, with the weights as they are now.
      frame = await trainer.inspectStep(Math.max(0, step - 1), this.rates.fullLimit);
    } catch {
      frame = null;
    }
    const report = nonFiniteReport(loaded.graph, frame, step, trainer.spec.optimizer.learningRate);
    this.post({ type: 'nonfinite', report });
  }

  // ---------------------------------------------------------------------------------------------
  // Decision boundary

  private boundaryEnabled(): Loaded | null {
    const loaded = this.current;
    return loaded?.range && this.rates.boundaryEveryMs > 0 ? loaded : null;
  }

  /** Computes and posts a grid now (after load, step, reset, walk, the end of a run). */
  private async sendBoundary(): Promise<void> {
    const loaded = this.boundaryEnabled();
    if (!loaded) return;
    this.lastBoundary = this.now();
    await this.postBoundary(loaded);
  }

  /** During a run: a grid at most every `boundaryEveryMs`, one at a time, without waiting for it. */
  private boundaryDuringRun(): void {
    const loaded = this.boundaryEnabled();
    if (!loaded || this.boundaryBusy) return;
    const t = this.now();
    if (t - this.lastBoundary < this.rates.boundaryEveryMs) return;
    this.lastBoundary = t;
    this.boundaryBusy = true;
    const task = this.postBoundary(loaded).finally(() => {
      this.boundaryBusy = false;
      this.background.delete(task);
    });
    this.background.add(task);
  }

  private async postBoundary(loaded: Loaded): Promise<void> {
    try {
      const trainer = loaded.trainer;
      const grid = await computeBoundary(
        trainer.program,
        trainer.accuracy,
        loaded.range!,
        this.rates.boundaryResolution,
        trainer.steps,
      );
      // A grid of a graph that was replaced meanwhile is dropped.
      if (!grid || this.current !== loaded || this.disposed) return;
      this.post({ type: 'boundary', grid }, [
        grid.classes.buffer as ArrayBuffer,
        grid.confidence.buffer as ArrayBuffer,
      ]);
    } catch (err) {
      this.fail(err);
    }
  }

  private async settleBackground(): Promise<void> {
    await Promise.all([...this.background]);
  }
}

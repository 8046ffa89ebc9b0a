/**
 * The training loop: mini-batches, epochs, shuffling, a train/test split, metrics, and
 * pause/resume/step/reset, reporting progress and traces at a rate the caller chooses.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../compile/program';
import type { Feeds, Program } from '../compile/program';
import { createRng, shuffledIndices } from '../data/random';
import { splitDataset } from '../data/load';
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../shapes/infer';
import type { TrainingSpec } from '../graph/types';
import type { TraceFrame } from '../trace/types';
import { disposeFeeds, uploadData } from './feeds';
import type { DeviceData } from './feeds';
import { accuracyPlan, evaluate } from './metrics';
import type { AccuracyPlan, Evaluation } from './metrics';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { PendingLosses } from './loss-log';
import { fastStep, readStep, tracedStep } from './step';
import { TracePacer } from './trace-pacing';

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
}

/** Options to create a trainer. */
export interface TrainerOptions {
  graph: ShapedGraph;
  /** The whole data set; the trainer splits it by `training.testSplit`. */
  dataset: Dataset;
  /** Overrides of the graph's training section. */
  overrides?: Partial<
    Pick<TrainingSpec, 'epochs' | 'batchSize' | 'seed' | 'optimizer' | 'testSplit' | 'shuffle'>
  >;
  /** Steps already taken (a trainer rebuilt with exported weights continues where it was). */
  startStep?: number;
}

/** Trains one graph on one data set. */
export class Trainer {
  readonly spec: TrainingSpec;
  readonly program: Program;
  readonly train: Dataset;
  readonly test: Dataset | null;
  readonly accuracy: AccuracyPlan | null;
  private optimizer: tf.Optimizer;
  private trainData: DeviceData;
  private testData: DeviceData | null;
  private stepCount = 0;
  private epochOrder: number[] = [];
  /** Epoch `epochOrder` was drawn for (−1: none). */
  private orderEpoch = -1;
  private paused = false;
  private stopRequested = false;
  private running = false;
  private resumeWaiters: (() => void)[] = [];
  private lastTrain?: Evaluation;
  private lastTest?: Evaluation;

  constructor(options: TrainerOptions) {
    const { graph } = options;
    this.spec = { ...graph.doc.training, ...options.overrides };
    const { train, test } = splitDataset(options.dataset, this.spec.testSplit, this.spec.seed);
    this.train = train;
    this.test = test;
    this.program = compile(graph, { seed: this.spec.seed });
    this.optimizer = createOptimizer(this.spec.optimizer);
    this.trainData = uploadData(graph, train);
    this.testData = test ? uploadData(graph, test) : null;
    this.accuracy = accuracyPlan(graph, options.dataset);
    this.stepCount = Math.max(0, Math.floor(options.startStep ?? 0));
  }

  /** Examples per step (the last batch of an epoch may be smaller). */
  get batchSize(): number {
    return Math.min(this.spec.batchSize, this.train.count);
  }

  /** Steps per epoch. */
  get stepsPerEpoch(): number {
    return Math.ceil(this.train.count / this.batchSize);
  }

  /** Total steps of the run. */
  get totalSteps(): number {
    return this.stepsPerEpoch * this.spec.epochs;
  }

  /** Steps taken. */
  get steps(): number {
    return this.stepCount;
  }

  /** Current epoch (0-based). */
  get epoch(): number {
    return Math.floor(this.stepCount / this.stepsPerEpoch);
  }

  /** Whether all epochs are done. */
  get done(): boolean {
    return this.stepCount >= this.totalSteps;
  }

  /**
   * Example indices (into the training split) of the batch of step `stepIndex` (0-based; default the
   * next step). Each epoch's order is a shuffle seeded by the seed and the epoch, so any step's
   * batch can be recomputed.
   */
  batchIndices(stepIndex = this.stepCount): Int32Array {
    const epoch = Math.floor(stepIndex / this.stepsPerEpoch);
    if (epoch !== this.orderEpoch || this.epochOrder.length === 0) {
      const n = this.train.count;
      this.epochOrder = this.spec.shuffle
        ? shuffledIndices(n, createRng(this.spec.seed, `epoch-${epoch}`))
        : Array.from({ length: n }, (_, i) => i);
      this.orderEpoch = epoch;
    }
    const start = (stepIndex % this.stepsPerEpoch) * this.batchSize;
    return Int32Array.from(this.epochOrder.slice(start, start + this.batchSize));
  }

  /** Example indices of the next batch. */
  private nextIndices(): Int32Array {
    return this.batchIndices(this.stepCount);
  }

  /** Seed for random ops of step `stepIndex` (dropout); default the next step. */
  private stepSeed(stepIndex = this.stepCount): number {
    return (this.spec.seed * 1_000_003 + stepIndex) % 2147483647;
  }

  /** One untraced step; returns the objective tensor (caller disposes). */
  stepFast(): tf.Scalar {
    const feeds = this.trainData.batch(this.nextIndices());
    try {
      return fastStep(this.program, this.optimizer, feeds, this.stepSeed());
    } finally {
      disposeFeeds(feeds);
      this.stepCount++;
    }
  }

  /** One traced step: every node's value and gradient, every weight's gradient and update. */
  async stepTraced(fullLimit?: number): Promise<TraceFrame> {
    const epoch = this.epoch;
    const feeds = this.trainData.batch(this.nextIndices());
    let tensors;
    try {
      tensors = tracedStep(this.program, this.optimizer, feeds, this.stepSeed());
    } finally {
      disposeFeeds(feeds);
      this.stepCount++;
    }
    return readStep(this.program, tensors, { step: this.stepCount, epoch }, fullLimit);
  }

  /**
   * Lends the program, the optimizer, the feeds of one training example (its index in the training
   * split) or, with `null`, of the next batch, and the step's seed to `take`, which takes the step
   * itself (step mode walks it node by node). With `apply` the step counts (the batch of a `null`
   * walk is then used up); otherwise `take` must leave weights and optimizer state unchanged.
   */
  async lendStep<T>(
    example: number | null,
    apply: boolean,
    take: (step: { program: Program; optimizer: tf.Optimizer; feeds: Feeds; seed: number }) => Promise<T>,
  ): Promise<T> {
    if (example !== null && !(Number.isInteger(example) && example >= 0 && example < this.train.count))
      throw new RangeError(`example ${example} is not in the training split (0 to ${this.train.count - 1})`);
    const indices = example === null ? this.nextIndices() : Int32Array.of(example);
    const feeds = this.trainData.batch(indices);
    try {
      const result = await take({
        program: this.program,
        optimizer: this.optimizer,
        feeds,
        seed: this.stepSeed(),
      });
      if (apply) this.stepCount++;
      return result;
    } finally {
      disposeFeeds(feeds);
    }
  }

  /**
   * A traced step that changes nothing (no update, no optimizer state, same step count) on the batch
   * of step `stepIndex` (0-based; default the next step): every node's value and gradient with the
   * current weights, to find where a NaN comes from.
   */
  async inspectStep(stepIndex = this.stepCount, fullLimit?: number): Promise<TraceFrame> {
    const feeds = this.trainData.batch(this.batchIndices(stepIndex));
    let tensors;
    try {
      tensors = tracedStep(this.program, this.optimizer, feeds, this.stepSeed(stepIndex), false);
    } finally {
      disposeFeeds(feeds);
    }
    return readStep(
      this.program,
      tensors,
      { step: stepIndex + 1, epoch: Math.floor(stepIndex / this.stepsPerEpoch) },
      fullLimit,
    );
  }

  /** A progress report for the current step outside a run (after a single or walked step). */
  progressNow(loss: number): Progress {
    return this.progress(loss, performance.now(), 0);
  }

  /** Loss and accuracy on the training and test sets with the current weights. */
  async evaluate(): Promise<{ train: Evaluation; test?: Evaluation }> {
    const train = await evaluate(this.program, this.trainData, this.accuracy);
    const test = this.testData ? await evaluate(this.program, this.testData, this.accuracy) : undefined;
    this.lastTrain = train;
    this.lastTest = test;
    return { train, test };
  }

  /** Pauses a running `run` after the current step. */
  pause(): void {
    this.paused = true;
  }

  /** Resumes a paused `run`. */
  resume(): void {
    this.paused = false;
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  /** Ends a running `run` after the current step (also when paused). */
  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  /** Whether `run` is active (possibly paused). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Whether the run is paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Back to the initial weights for the seed, a fresh optimizer, step 0. */
  reset(): void {
    this.program.resetWeights(this.spec.seed);
    disposeOptimizer(this.optimizer);
    this.optimizer = createOptimizer(this.spec.optimizer);
    this.stepCount = 0;
    this.epochOrder = [];
    this.orderEpoch = -1;
    this.lastTrain = undefined;
    this.lastTest = undefined;
  }

  private progress(loss: number, startedAt: number, examples: number): Progress {
    const elapsedMs = performance.now() - startedAt;
    return {
      epoch: this.epoch,
      step: this.stepCount,
      stepsPerEpoch: this.stepsPerEpoch,
      totalSteps: this.totalSteps,
      epochs: this.spec.epochs,
      loss,
      train: this.lastTrain,
      test: this.lastTest,
      examplesPerSecond: elapsedMs > 0 ? (examples / elapsedMs) * 1000 : 0,
      elapsedMs,
      done: this.done,
    };
  }

  /**
   * Trains until all epochs are done (or `maxSteps` more steps), emitting events. Awaitable; while
   * paused it waits for `resume()`. Losses stay on the backend between reports so steps do not
   * wait for read-back; at a report they are read together, so a non-finite loss is reported with
   * the exact step it appeared at (then the run pauses).
   */
  async run(
    listener: (event: TrainerEvent) => void,
    report: ReportOptions = {},
    maxSteps = Infinity,
  ): Promise<Progress> {
    if (this.running) throw new Error('the trainer is already running');
    this.running = true;
    this.stopRequested = false;
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
        this.paused = true;
      }
      return mean;
    };
    try {
      while (!this.done && taken < maxSteps && !this.stopRequested) {
        if (this.paused) await new Promise<void>((wake) => this.resumeWaiters.push(wake));
        if (this.stopRequested) break;
        const epochBefore = this.epoch;
        const now = performance.now();
        const batch = Math.min(
          this.batchSize,
          this.train.count - (this.stepCount % this.stepsPerEpoch) * this.batchSize,
        );
        const step = this.stepCount + 1;
        if (pacer.due(now, report.traceEveryMs) && (report.wantTrace?.() ?? true)) {
          const frame = await this.stepTraced(report.fullLimit);
          pacer.traced(now, performance.now() - now);
          losses.keep(tf.scalar(frame.loss), step);
          listener({ type: 'trace', frame });
        } else {
          const loss = this.stepFast();
          pacer.fast(performance.now() - now);
          losses.keep(loss, step);
        }
        taken++;
        examples += batch;
        const epochEnded = this.epoch !== epochBefore || this.done;
        const t = performance.now();
        if (epochEnded || t - lastProgress >= (report.progressEveryMs ?? 250)) {
          lastProgress = t;
          const loss = await readLoss();
          if (epochEnded && evaluateEachEpoch) await this.evaluate();
          const progress = this.progress(loss, startedAt, examples);
          listener({ type: epochEnded ? 'epoch' : 'progress', progress });
        }
        // Yield to the event loop so pause() and UI messages get through between steps.
        if (taken % 8 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      const loss = losses.size ? await readLoss() : NaN;
      const progress = this.progress(loss, startedAt, examples);
      if (this.done) listener({ type: 'done', progress });
      return progress;
    } finally {
      losses.dispose();
      this.running = false;
    }
  }

  /** Frees every tensor the trainer holds. */
  dispose(): void {
    this.program.dispose();
    disposeOptimizer(this.optimizer);
    this.trainData.dispose();
    this.testData?.dispose();
  }
}

/**
 * The training loop: mini-batches, epochs, shuffling, a train/test split, metrics, and
 * pause/resume/step/reset, reporting progress and traces at a rate the caller chooses.
 */
import type * as tf from '@tensorflow/tfjs';
import { compile } from '../compile/program';
import type { Feeds, Program } from '../compile/program';
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
import { BatchSchedule } from './batch-schedule';
import { EpochBatches } from './epoch-batches';
import type { Progress, ReportOptions, TrainerEvent } from './progress';
import { RunControl, runTraining } from './run-loop';
import { fastStep, readStep, tracedStep } from './step';

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
  private readonly schedule: BatchSchedule;
  private readonly control = new RunControl();
  private stepCount = 0;
  private lastTrain?: Evaluation;
  private lastTest?: Evaluation;
  /** Each step's batch, cut from the epoch's shuffled copy of the split. */
  private readonly batches: EpochBatches;

  constructor(options: TrainerOptions) {
    const { graph } = options;
    this.spec = { ...graph.doc.training, ...options.overrides };
    const { train, test } = splitDataset(options.dataset, this.spec.testSplit, this.spec.seed);
    this.train = train;
    this.test = test;
    // A constructor that throws returns nothing to dispose: what was made so far is freed here.
    const made: { dispose(): void }[] = [];
    try {
      this.program = compile(graph, { seed: this.spec.seed });
      made.push(this.program);
      const optimizer = createOptimizer(this.spec.optimizer);
      this.optimizer = optimizer;
      made.push({ dispose: () => disposeOptimizer(optimizer) });
      this.trainData = uploadData(graph, train);
      made.push(this.trainData);
      this.testData = test ? uploadData(graph, test) : null;
      if (this.testData) made.push(this.testData);
      this.schedule = new BatchSchedule(this.spec, train.count);
      this.accuracy = accuracyPlan(graph, options.dataset);
    } catch (err) {
      for (const m of made.reverse()) m.dispose();
      throw err;
    }
    this.stepCount = Math.max(0, Math.floor(options.startStep ?? 0));
    this.batches = new EpochBatches(this.schedule, this.trainData, () => this.spec.shuffle);
  }

  /** Examples per step (the last batch of an epoch may be smaller). */
  get batchSize(): number {
    return this.schedule.batchSize;
  }

  /** Steps per epoch. */
  get stepsPerEpoch(): number {
    return this.schedule.stepsPerEpoch;
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
    return this.schedule.epochOf(this.stepCount);
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
    return this.schedule.indices(stepIndex);
  }

  /** Example indices of the next batch. */
  private nextIndices(): Int32Array {
    return this.batchIndices(this.stepCount);
  }

  /** Seed for random ops of step `stepIndex` (dropout); default the next step. */
  private stepSeed(stepIndex = this.stepCount): number {
    return this.schedule.seed(stepIndex);
  }

  /** One untraced step; returns the objective tensor (caller disposes). */
  stepFast(): tf.Scalar {
    const feeds = this.batches.batch(this.stepCount);
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
    const feeds = this.batches.batch(this.stepCount);
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
      { step: stepIndex + 1, epoch: this.schedule.epochOf(stepIndex) },
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
    this.control.pause();
  }

  /** Resumes a paused `run`. */
  resume(): void {
    this.control.resume();
  }

  /** Ends a running `run` after the current step (also when paused). */
  stop(): void {
    this.control.stop();
  }

  /** Whether `run` is active (possibly paused). */
  get isRunning(): boolean {
    return this.control.running;
  }

  /** Whether the run is paused. */
  get isPaused(): boolean {
    return this.control.paused;
  }

  /** Back to the initial weights for the seed, a fresh optimizer, step 0. */
  reset(): void {
    this.program.resetWeights(this.spec.seed);
    disposeOptimizer(this.optimizer);
    this.optimizer = createOptimizer(this.spec.optimizer);
    this.stepCount = 0;
    this.schedule.forget();
    this.batches.forget();
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
  run(
    listener: (event: TrainerEvent) => void,
    report: ReportOptions = {},
    maxSteps = Infinity,
  ): Promise<Progress> {
    // Not `async`: the loop's own promise is returned as is, so it settles on the same tick as before.
    const progressAt = (loss: number, startedAt: number, examples: number) =>
      this.progress(loss, startedAt, examples);
    return runTraining({ trainer: this, control: this.control, progressAt }, listener, report, maxSteps);
  }

  /** Frees every tensor the trainer holds. */
  dispose(): void {
    this.batches.forget();
    this.program.dispose();
    disposeOptimizer(this.optimizer);
    this.trainData.dispose();
    this.testData?.dispose();
  }
}

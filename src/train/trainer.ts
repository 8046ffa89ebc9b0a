/**
 * The training loop: mini-batches, epochs, shuffling, a train/test split, metrics, and
 * pause/resume/step/reset, reporting progress and traces at a rate the caller chooses.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../compile/program';
import type { Program } from '../compile/program';
import { createRng, shuffledIndices } from '../data/random';
import { splitDataset } from '../data/load';
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../graph/validate';
import type { TrainingSpec } from '../graph/types';
import type { TraceFrame } from '../trace/types';
import { disposeFeeds, uploadData } from './feeds';
import type { DeviceData } from './feeds';
import { accuracyPlan, evaluate } from './metrics';
import type { AccuracyPlan, Evaluation } from './metrics';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { fastStep, readStep, tracedStep } from './step';

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
  | { type: 'nonfinite'; step: number; message: string }
  | { type: 'done'; progress: Progress };

/** How often the run reports and traces. */
export interface ReportOptions {
  /** Minimum milliseconds between progress events (0: every step). */
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

  /** Example indices of the next batch; reshuffles at each epoch start (seeded by seed and epoch). */
  private nextIndices(): Int32Array {
    const inEpoch = this.stepCount % this.stepsPerEpoch;
    if (inEpoch === 0 || this.epochOrder.length === 0) {
      const n = this.train.count;
      this.epochOrder = this.spec.shuffle
        ? shuffledIndices(n, createRng(this.spec.seed, `epoch-${this.epoch}`))
        : Array.from({ length: n }, (_, i) => i);
    }
    const start = inEpoch * this.batchSize;
    return Int32Array.from(this.epochOrder.slice(start, start + this.batchSize));
  }

  /** Seed for random ops of the current step (dropout). */
  private stepSeed(): number {
    return (this.spec.seed * 1_000_003 + this.stepCount) % 2147483647;
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
   * wait for read-back.
   */
  async run(
    listener: (event: TrainerEvent) => void,
    report: ReportOptions = {},
    maxSteps = Infinity,
  ): Promise<Progress> {
    if (this.running) throw new Error('the trainer is already running');
    this.running = true;
    this.stopRequested = false;
    const progressEvery = report.progressEveryMs ?? 250;
    const evaluateEachEpoch = report.evaluateEachEpoch ?? true;
    const startedAt = performance.now();
    let lastProgress = startedAt;
    let lastTrace = -Infinity;
    let examples = 0;
    let lossSum: tf.Scalar = tf.scalar(0);
    let lossCount = 0;
    let taken = 0;
    const budget = report.traceBudget ?? 0.1;
    let fastMs = 0;
    let tracedMs = 0;
    const readLoss = async (): Promise<number> => {
      const value = lossCount ? (await lossSum.data())[0] / lossCount : NaN;
      lossSum.dispose();
      lossSum = tf.scalar(0);
      lossCount = 0;
      return value;
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
        const traceInterval =
          report.traceEveryMs === undefined || report.traceEveryMs === 0
            ? report.traceEveryMs
            : Math.max(report.traceEveryMs, Math.max(0, tracedMs - fastMs) / budget);
        if (traceInterval !== undefined && now - lastTrace >= traceInterval) {
          lastTrace = now;
          const frame = await this.stepTraced(report.fullLimit);
          tracedMs =
            tracedMs === 0 ? performance.now() - now : 0.8 * tracedMs + 0.2 * (performance.now() - now);
          const next = tf.add(lossSum, frame.loss) as tf.Scalar;
          lossSum.dispose();
          lossSum = next;
          listener({ type: 'trace', frame });
        } else {
          const loss = this.stepFast();
          // Untraced steps return before the backend finishes; their cost shows up as time per step.
          const took = performance.now() - now;
          fastMs = fastMs === 0 ? took : 0.9 * fastMs + 0.1 * took;
          const next = tf.add(lossSum, loss) as tf.Scalar;
          lossSum.dispose();
          loss.dispose();
          lossSum = next;
        }
        lossCount++;
        taken++;
        examples += batch;
        const epochEnded = this.epoch !== epochBefore || this.done;
        const t = performance.now();
        if (epochEnded || t - lastProgress >= progressEvery) {
          lastProgress = t;
          const loss = await readLoss();
          if (!Number.isFinite(loss)) {
            listener({
              type: 'nonfinite',
              step: this.stepCount,
              message: `the loss became ${loss} at step ${this.stepCount}; lower the learning rate`,
            });
            this.paused = true;
          }
          if (epochEnded && evaluateEachEpoch) await this.evaluate();
          const progress = this.progress(loss, startedAt, examples);
          listener({ type: epochEnded ? 'epoch' : 'progress', progress });
        }
        // Yield to the event loop so pause() and UI messages get through between steps.
        if (taken % 8 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      const loss = lossCount ? await readLoss() : NaN;
      const progress = this.progress(loss, startedAt, examples);
      if (this.done) listener({ type: 'done', progress });
      return progress;
    } finally {
      lossSum.dispose();
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

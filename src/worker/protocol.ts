/**
 * Messages between the editor and the training worker. Plain data only (structured-clone safe), so
 * the same protocol drives a Web Worker in the browser and a `TrainingSession` in Node tests.
 *
 * The UI sends {@link WorkerRequest}s; the worker answers with {@link WorkerEvent}s. Trace frames are
 * sent at most every `traceEveryMs` and never while the UI has not acknowledged the previous one
 * (`traceAck`), so a busy UI receives fewer frames instead of a growing queue.
 */
import type { BackendMeasurement } from '../backend/ranking';
import type { BackendChoice } from '../backend/select';
import type { Diagnostic } from '../graph/diagnostics';
import type { GraphDoc } from '../graph/types';
import type { RunLimits } from '../run/memory';
import type { StepWalk } from '../step/stepper';
import type { Progress } from '../train/progress';
import type { TraceFrame } from '../trace/types';
import type { ProbeResult, ViewsReport } from '../views/types';

/** What the UI asks the worker to do. */
export type WorkerRequest =
  /**
   * Switches the tfjs backend: `auto` is the fastest by measurement (see {@link BackendMeasuring}),
   * a name is that backend (the worker falls back along webgpu → webgl → wasm → cpu when it fails).
   */
  | ({ type: 'setBackend'; name: string } & BackendMeasuring)
  /**
   * Checks, compiles and prepares a graph for training, replacing the current one. `files` holds the
   * bytes of data files the graph names (CSV, IDX) by the path written in the graph. `limits` are
   * the memory and file-size limits the run must stay under (default 2 GB and 512 MB). `id`, when
   * given, comes back on the answer (`loaded`, `invalid`, or an `error` with `load` set), so the UI
   * knows which events still belong to the graph it replaced.
   */
  | { type: 'load'; doc: GraphDoc; files?: Record<string, Uint8Array>; limits?: RunLimits; id?: number }
  /** Changes how often the worker reports; takes effect at once, also during a run. */
  | { type: 'configure'; rates: Partial<ReportRates> }
  /** Trains until the epochs are done, a pause, or a non-finite loss. */
  | { type: 'play' }
  /**
   * Shares a counter (an `Int32Array` of length 1 on a `SharedArrayBuffer`) that the UI increments
   * with `Atomics.add` before posting each later request. A run then sees a request waiting without
   * yielding to look, so it yields only every slice of steps or when one waits (see
   * `src/worker/request-count.ts`). Sent first, and only where the page has shared memory.
   */
  | { type: 'requestCounter'; counter: Int32Array }
  /**
   * Pauses a running training after the current step. `sentAt` is when the user asked, in ms since
   * the epoch (`performance.timeOrigin + performance.now()` of the page, or the click's time): the
   * `state` answer then says how many steps started after it.
   */
  | { type: 'pause'; sentAt?: number }
  /** Takes one traced training step (one batch) while paused or idle. */
  | { type: 'step' }
  /** Back to the initial weights for the seed, a fresh optimizer, step 0. */
  | { type: 'reset' }
  /**
   * One training step as a walk node by node (forward, backward with the chain rule, update), on one
   * training example (`example` = its index in the training split) or on the next batch (`null`).
   * With `apply` false the weights stay as they are.
   */
  | { type: 'walk'; example: number | null; apply: boolean }
  /**
   * The UI has drawn trace frame `seq`; the worker may send the next. `pageMs`: main-thread time the
   * page spent showing it (applying the events that came with it, rendering, painting), sent where
   * the page shares the worker's cores: that time is then taken from training, and the worker
   * charges it to the side-feed budget like its own tracing time.
   */
  | { type: 'traceAck'; seq: number; pageMs?: number }
  /**
   * The plane the decision boundary and the hidden units' maps are drawn over, for data sets with
   * more than two features (see {@link DatasetSummary.slice}); answered by a new `boundary` grid.
   */
  | { type: 'boundaryPlane'; plane: BoundaryPlane }
  /** Asks for the current weights (answered by a `weights` event with the same `requestId`). */
  | { type: 'exportWeights'; requestId: number }
  /**
   * Runs one example (`features`, the Input's size: a drawn digit) through the graph with the
   * current weights; answered by a `probe` event with the same `requestId`.
   */
  | { type: 'probe'; requestId: number; features: Float32Array }
  /** Frees everything; the worker stops answering. */
  | { type: 'dispose' };

/** Measurements a backend switch may reuse or retake (the UI keeps them per machine). */
export interface BackendMeasuring {
  /** Each backend's speed measured at an earlier start on this machine; reused for `auto`. */
  measurements?: BackendMeasurement[];
  /** Measure every backend again (the "Measure again" button), even with `measurements` given. */
  measure?: boolean;
}

/** How often the worker reports while training. */
export interface ReportRates {
  /** Minimum ms between progress events (default 100). */
  progressEveryMs: number;
  /** Minimum ms between trace frames (default 33, about 30 per second); 0 disables tracing. */
  traceEveryMs: number;
  /** Minimum ms between decision-boundary grids (default 300); 0 disables them. */
  boundaryEveryMs: number;
  /** Cells per side of the decision-boundary grid (default 48). */
  boundaryResolution: number;
  /** Cells per side of the hidden units' maps (default 24); 0 disables them. */
  unitMapResolution: number;
  /**
   * Minimum ms between the views' reports during a run (confusion matrix, fitted curve, embedding
   * projection; default 1000); 0 disables them.
   */
  viewsEveryMs: number;
  /** Tensors with at most this many elements are traced in full (default 64). */
  fullLimit: number;
  /**
   * Largest share of training time tracing may add (default 0.1, as in the CLI): frames are spaced
   * further apart than `traceEveryMs` when traced steps cost more, so the editor with its canvas
   * live trains at 0.9× the CLI's speed or better.
   */
  traceBudget: number;
}

/** The run's state as the toolbar shows it. */
export type RunState = 'empty' | 'ready' | 'running' | 'paused' | 'done';

/** What the UI needs to know about the loaded data set. */
export interface DatasetSummary {
  /** Name with its size (`spiral (3 classes × 100)`). */
  name: string;
  /** Examples in the training split. */
  trainCount: number;
  /** Examples in the test split (0 without one). */
  testCount: number;
  featureShape: number[];
  task: 'classification' | 'regression';
  numClasses?: number;
  classNames?: string[];
  featureNames?: string[];
  /** The data set's vocabulary (token id → word), for text data sets; see `Dataset.vocabulary`. */
  vocabulary?: string[];
  /**
   * [height, width] when each example is one grey image (feature shape, or else the Input's shape,
   * [h, w] or [h, w, 1]): the Training tab then offers a drawing pad.
   */
  image?: [number, number];
  /**
   * For data sets with two features (or a slice of more, see `slice`): the points to draw under the
   * decision boundary (at most 600, evenly sampled), as x, y pairs (features 0 and 1) with their
   * label (class index, or the regression value). With a slice, `features` holds every feature of
   * each point (`featureShape`'s size per point), so the UI can project them on any plane.
   */
  points?: {
    xy: Float32Array;
    label: Float32Array;
    range: [number, number, number, number];
    features?: Float32Array;
  };
  /**
   * For data sets with 3 to 32 features: each feature's mean, minimum and maximum over the data, for
   * choosing the plane of the boundary (two features) and where the others are fixed. The worker
   * starts with features 0 and 1, the others at their mean.
   */
  slice?: { mean: number[]; min: number[]; max: number[] };
}

/** A plane through the feature space: two features vary, the others are fixed. */
export interface BoundaryPlane {
  /** Index of the feature on the horizontal axis. */
  x: number;
  /** Index of the feature on the vertical axis (not `x`). */
  y: number;
  /** One value per feature: where the other features are fixed (those of `x` and `y` are ignored). */
  fixed: number[];
}

/** One hidden unit's output over the input plane. */
export interface UnitMap {
  nodeId: string;
  /** Index of the unit in the node's output (its last dimension). */
  unit: number;
  /** Units the node has (its output is [N, units]). */
  units: number;
  /** resolution² values, row-major like {@link BoundaryGrid} cells (row 0 at the largest y). */
  values: Float32Array;
}

/** Decision boundary over the 2-D feature plane. */
export interface BoundaryGrid {
  /** Cells per side; cell (i, j) is row i from the top (largest y) and column j from the left. */
  resolution: number;
  /** The plane covered: [xMin, xMax, yMin, yMax]. */
  range: [number, number, number, number];
  /** Predicted class per cell (for binary outputs: 0 or 1). */
  classes: Uint8Array;
  /** Confidence of the predicted class per cell, 0–1 (for regression: the prediction itself). */
  confidence: Float32Array;
  /** Step the grid was computed at. */
  step: number;
  /** The plane of a data set with more than two features (absent for two-feature data). */
  plane?: BoundaryPlane;
  /**
   * Predicted class of each point of {@link DatasetSummary.points} at its own features, in the same
   * order (classification only), so the view can mark the misclassified ones.
   */
  predicted?: Uint8Array;
  /**
   * The output of each unit of some hidden nodes ([N, k] outputs with k ≤ 8, at most 6 nodes per
   * grid, taken in turn when there are more) over a coarser grid of the same plane, with
   * `resolution` cells per side.
   */
  units?: { resolution: number; maps: UnitMap[] };
}

/** Where a NaN or infinity first appeared. */
export interface NonFiniteReport {
  /** Step at which the loss stopped being finite. */
  step: number;
  /** First node in topological order whose value (or else gradient) is not finite, if one is. */
  nodeId: string | null;
  /** `value` when the node's output is not finite, `gradient` when only dE/d(node) is. */
  where: 'value' | 'gradient' | null;
  /** What happened and what to do, in a sentence or two. */
  message: string;
}

/** What the worker reports. */
export type WorkerEvent =
  /** The active backend and why faster ones are not used. */
  | { type: 'backend'; choice: BackendChoice }
  /** A graph is loaded and ready to train. */
  | {
      type: 'loaded';
      /** The `id` of the `load` request answered, when it had one. */
      id?: number;
      dataset: DatasetSummary;
      stepsPerEpoch: number;
      totalSteps: number;
      /** The weights came from the graph file instead of the initializers. */
      weightsRestored: boolean;
    }
  /** The graph or its data cannot be trained; nothing was replaced. */
  | { type: 'invalid'; diagnostics: Diagnostic[]; id?: number }
  /**
   * The run's state changed. After a `pause` that said when it was sent, `stepsAfterPause` is the
   * number of steps that started after that moment (at most 64): 0 or 1 when the worker answers
   * between steps.
   */
  | { type: 'state'; state: RunState; stepsAfterPause?: number }
  /**
   * Loss, metrics and throughput, at most every `progressEveryMs` however fast the steps are
   * (epoch ends included: their fresh train/test metrics ride on the next report), and at the end.
   */
  | { type: 'progress'; progress: Progress }
  /** Per-node values and gradients of one step; acknowledge with `traceAck`. */
  | { type: 'trace'; seq: number; frame: TraceFrame }
  /** A decision-boundary grid (2-D data sets only). */
  | { type: 'boundary'; grid: BoundaryGrid }
  /** Confusion matrix, fitted curve and embedding projection, as far as the graph and data have them. */
  | { type: 'views'; views: ViewsReport }
  /** What the graph makes of one example (answer to `probe`). */
  | { type: 'probe'; result: ProbeResult }
  /** Training paused because a value stopped being finite. */
  | { type: 'nonfinite'; report: NonFiniteReport }
  /**
   * The walk of one step (answer to `walk`). `step` is the number of the step walked: the trainer's
   * step count after it when applied, the next step's number when not.
   */
  | { type: 'walk'; walk: StepWalk; step: number; example: number | null }
  /** Current weights in the graph file's layout (answer to `exportWeights`). */
  | { type: 'weights'; requestId: number; weights: NonNullable<GraphDoc['weights']> }
  /** Something failed; the session is still usable. `load` is the id of a `load` that failed. */
  | { type: 'error'; message: string; load?: number };

/** Default report rates. */
export const DEFAULT_RATES: ReportRates = {
  progressEveryMs: 100,
  traceEveryMs: 33,
  boundaryEveryMs: 300,
  boundaryResolution: 48,
  unitMapResolution: 24,
  viewsEveryMs: 1000,
  fullLimit: 64,
  traceBudget: 0.1,
};

/**
 * Trace data: plain numbers per node id, safe to post to a worker's parent, store in the UI
 * store, or print. Tensors never leave the trace module.
 */

/** Statistics every traced tensor gets, computed on the backend before read-back. */
export interface TensorStats {
  /** Smallest element. */
  min: number;
  /** Largest element. */
  max: number;
  /** Mean of the elements. */
  mean: number;
  /** Standard deviation of the elements (population). */
  std: number;
  /** Euclidean norm √Σx², the gradient magnitude the canvas draws. */
  norm: number;
  /** Count of NaN or infinite elements. */
  nonFinite: number;
}

/** A traced tensor: every number when it is small, otherwise a summary. */
export interface TensorTrace {
  /** Concrete shape (batch dimension filled in). */
  shape: number[];
  /** Statistics over all elements. */
  stats: TensorStats;
  /** All elements in row-major order, present when the tensor has at most `fullLimit` elements. */
  values?: number[];
  /** Histogram over [stats.min, stats.max], present for tensors too big to send whole. */
  histogram?: number[];
  /**
   * For a summarised tensor of rank ≥ 2: how many units (entries of the last axis) are never above 0
   * anywhere in it (a ReLU layer's dead units), which the histogram cannot tell.
   */
  nonPositiveUnits?: number;
}

/** What one node did in one pass. */
export interface NodeTrace {
  /** The node's forward output. */
  value: TensorTrace;
  /** dE/d(output), or `null` when the output does not influence the loss. */
  grad: TensorTrace | null;
}

/** What happened to one weight in one step. */
export interface WeightTrace {
  /** Node owning the weight. */
  nodeId: string;
  /** Weight name within the node. */
  name: string;
  /** Value before the update. */
  value: TensorTrace;
  /** dE/dw, or `null` for weights without gradient. */
  grad: TensorTrace | null;
  /** Change the optimizer applied (new − old), or `null` when no update was applied. */
  update: TensorTrace | null;
}

/** One traced training step. */
export interface TraceFrame {
  /** Global step count (1 for the first update). */
  step: number;
  /** Epoch the step belongs to (0-based). */
  epoch: number;
  /** Value of the objective before the update. */
  loss: number;
  /** Per node, by node id. */
  nodes: Record<string, NodeTrace>;
  /** Per weight, by weight key (`W1` for a Parameter, `dense1/kernel` for a layer). */
  weights: Record<string, WeightTrace>;
  /**
   * Image-shaped values by node id (see `src/trace/images.ts`), present only when image traces are
   * enabled for the program (the editor's worker) and the graph has such values.
   */
  images?: Record<string, NodeImages>;
}

/** Some channels of an image-shaped tensor, each a small grey image. */
export interface ImageStack {
  /** Rows of each image. */
  height: number;
  /** Columns of each image. */
  width: number;
  /** Images in `pixels` (the channels shown). */
  count: number;
  /** Channels the tensor has (more than `count` when capped). */
  channels: number;
  /** `count × height × width` values, image after image, each row-major. */
  pixels: Float32Array;
}

/** What a node's image-shaped values look like in one pass. */
export interface NodeImages {
  /** The first example's output, one image per channel (the input digit, a conv layer's feature maps). */
  value?: ImageStack;
  /** dE/d(output) of the first example, channel by channel. */
  grad?: ImageStack;
  /**
   * The node's convolution kernels (input channel 0), one image per output channel; for a layer
   * reading a flattened image input ([h·w, units] weights), each unit's weights over the pixels.
   */
  kernel?: ImageStack;
  /** dE/d(kernel), like `kernel`. */
  kernelGrad?: ImageStack;
}

/** Tensors up to this many elements are traced in full. */
export const DEFAULT_FULL_LIMIT = 64;
/** Bins of the histogram of a large tensor. */
export const HISTOGRAM_BINS = 16;

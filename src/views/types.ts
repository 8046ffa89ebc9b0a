/**
 * What the training worker sends for the views that show what the network sees (confusion matrix,
 * misclassified examples, fitted curve, embedding projection, a drawn example's prediction).
 * Plain data with typed arrays, structured-clone safe.
 */
import type { NodeImages, NodeTrace } from '../trace/types';

/** Counts of (true class, predicted class) over the evaluated examples, with some mistakes. */
export interface ConfusionReport {
  /** Class names (the data set's, or the class numbers). */
  classes: string[];
  /** `classes² ` counts, row = true class, column = predicted class. */
  counts: Uint32Array;
  /** Examples evaluated (the sum of `counts`). */
  total: number;
  /** Which split: the test split, or (without one) the training split. */
  split: 'test' | 'train';
  /** Examples of the split that were not evaluated (the split is capped). */
  skipped: number;
  /** A few misclassified examples, in split order. */
  wrong: WrongExample[];
  /** Size of one example's features in `WrongExample.features` ([h, w] images or a short vector). */
  featureShape: number[];
  /** Step the weights were at. */
  step: number;
}

/** A misclassified example. */
export interface WrongExample {
  /** Index in its split. */
  index: number;
  /** True class index. */
  truth: number;
  /** Predicted class index. */
  predicted: number;
  /** Probability (or score) of the predicted class. */
  confidence: number;
  /** Its features, when the examples are images or at most 64 numbers. */
  features?: Float32Array;
}

/** The fitted curve of a one-feature regression over the data. */
export interface CurveReport {
  /** x of each curve point, increasing. */
  x: Float32Array;
  /** The prediction at each x. */
  y: Float32Array;
  /** Data points drawn under the curve (a sample), as x, y pairs. */
  points: Float32Array;
  /** Which points belong to the test split (1) or the training split (0). */
  pointSplit: Uint8Array;
  /** Step the weights were at. */
  step: number;
}

/** The embedding matrix (its first rows) and its 2-D projection. */
export interface EmbeddingReport {
  /** The Embedding node. */
  nodeId: string;
  /** Rows sent (the first `rows` ids). */
  rows: number;
  /** Rows the table has. */
  totalRows: number;
  /** Vector length. */
  dim: number;
  /** `rows × dim` values: the vectors, for nearest-word and analogy queries. */
  vectors: Float32Array;
  /** x, y of each row on the first two principal axes. */
  xy: Float32Array;
  /** Share of the variance each axis explains. */
  explained: [number, number];
  /** Step the weights were at. */
  step: number;
}

/** Everything the views of one moment need; each part present when the graph and data have it. */
export interface ViewsReport {
  confusion?: ConfusionReport;
  curve?: CurveReport;
  embedding?: EmbeddingReport;
}

/** One example run through the trained graph (a drawn digit). */
export interface ProbeResult {
  /** The request this answers. */
  requestId: number;
  /** Class probabilities (softmax / sigmoid applied when the graph outputs scores); empty for regression. */
  probabilities: number[];
  /** Predicted class (argmax), or −1 for regression. */
  predicted: number;
  /** Class names, when known. */
  classes: string[];
  /** Every node's value for the example (gradients are null: nothing is trained). */
  nodes: Record<string, NodeTrace>;
  /** Image-shaped values, as in trace frames. */
  images: Record<string, NodeImages>;
}

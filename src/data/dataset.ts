/**
 * In-memory data set: plain typed arrays, no tensors. The trainer uploads them to the backend.
 */

/** Examples as flat row-major arrays. */
export interface Dataset {
  /** Human-readable name (`spiral (3 classes × 100)`). */
  name: string;
  /** Number of examples. */
  count: number;
  /** Shape of one example's features (`[2]`, `[28, 28, 1]`). */
  featureShape: number[];
  /** `count × prod(featureShape)` values. */
  features: Float32Array;
  /**
   * Labels. For `classification` one class index per example (`labelShape` is `[]`);
   * for `regression` `count × prod(labelShape)` values.
   */
  labels: Float32Array;
  /** Shape of one example's label; `[]` for class indices. */
  labelShape: number[];
  /** Whether labels are class indices or real values. */
  task: 'classification' | 'regression';
  /** Number of classes (classification only). */
  numClasses?: number;
  /** Names of the classes in index order, when known (CSV label encoding). */
  classNames?: string[];
  /** Names of the feature columns, when known (CSV). */
  featureNames?: string[];
  /**
   * For text data sets: the word of each token id (`vocabulary[id]`), so views can label embedding
   * rows and show predictions as words. Id 0 is the padding token `<pad>`, id 1 the unknown `<unk>`.
   */
  vocabulary?: string[];
}

/** Error raised for bad data input; `line` is 1-based when the problem is in a text file. */
export class DatasetError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}

/**
 * From the graph file's dataset section to an in-memory {@link Dataset}, plus the train/test split.
 */
import { shapeSize } from './checks';
import { DatasetError } from './dataset';
import type { Dataset } from './dataset';
import type { DatasetSize, FileReader } from './kind';
import { createRng, shuffledIndices } from './random';
import { findDatasetKind } from './registry';
import type { DatasetSpec } from './registry';

export type { FileReader } from './kind';

/**
 * Builds the data set a graph file's `training.dataset` describes, with the loader its kind registers.
 *
 * @param spec - The dataset section.
 * @param seed - The training seed; synthetic data sets draw their noise from it.
 * @param readFile - Reader for `csv` and `idx` paths (the caller resolves them relative to the graph file).
 * @throws DatasetError for invalid options, unreadable or malformed files, or a file kind without reader.
 */
export function loadDataset(spec: DatasetSpec, seed: number, readFile?: FileReader): Dataset {
  const kind = findDatasetKind(spec.kind);
  // Files are validated before they get here; this guards specs built in code.
  if (!kind) throw new DatasetError(`unknown data set kind ${JSON.stringify(spec.kind)}`);
  // The entry found by `spec.kind` is the one whose schema `spec` satisfies.
  return kind.load(spec as never, { seed, readFile });
}

/** Copies the examples at `indices` into a new data set. */
export function subsetDataset(ds: Dataset, indices: readonly number[], name = ds.name): Dataset {
  const featureSize = shapeSize(ds.featureShape);
  const labelSize = shapeSize(ds.labelShape);
  const features = new Float32Array(indices.length * featureSize);
  const labels = new Float32Array(indices.length * labelSize);
  indices.forEach((src, dst) => {
    features.set(ds.features.subarray(src * featureSize, (src + 1) * featureSize), dst * featureSize);
    labels.set(ds.labels.subarray(src * labelSize, (src + 1) * labelSize), dst * labelSize);
  });
  return { ...ds, name, count: indices.length, features, labels };
}

/**
 * Splits a data set into training and test examples after a seeded shuffle.
 *
 * The test set gets `round(count × testFraction)` examples, but at least one, and the training
 * set keeps at least one. Both keep the task, shapes, class count and names of the original, so
 * a test split that happens to miss a class still reports the full `numClasses`.
 *
 * @param ds - The whole data set.
 * @param testFraction - Fraction held out, 0 ≤ f < 1; 0 gives `test: null` and the data in order.
 * @param seed - Seed of the shuffle.
 */
export function splitDataset(
  ds: Dataset,
  testFraction: number,
  seed: number,
): { train: Dataset; test: Dataset | null } {
  if (!Number.isFinite(testFraction) || testFraction < 0 || testFraction >= 1) {
    throw new DatasetError(`the test split must be a fraction 0 ≤ f < 1, got ${testFraction}`);
  }
  if (testFraction === 0) return { train: ds, test: null };
  if (ds.count < 2) {
    throw new DatasetError(`cannot hold out test examples from a data set of ${ds.count} example`);
  }
  const testCount = Math.min(ds.count - 1, Math.max(1, Math.round(ds.count * testFraction)));
  // Its own stream: the shuffle must not replay the sequence that generated the synthetic data.
  const order = shuffledIndices(ds.count, createRng(seed, 'split'));
  return {
    train: subsetDataset(ds, order.slice(testCount), `${ds.name} (train)`),
    test: subsetDataset(ds, order.slice(0, testCount), `${ds.name} (test)`),
  };
}

/** A one-line summary: `spiral (3 classes × 100): 300 examples, features [2], 3 classes`. */
export function describeDataset(ds: Dataset): string {
  const examples = `${ds.count} example${ds.count === 1 ? '' : 's'}`;
  const features = `features [${ds.featureShape.join(', ')}]`;
  const target =
    ds.task === 'classification'
      ? `${ds.numClasses ?? '?'} classes${ds.classNames ? ` (${ds.classNames.join(', ')})` : ''}`
      : `regression, labels [${ds.labelShape.join(', ')}]`;
  return `${ds.name}: ${examples}, ${features}, ${target}`;
}

/**
 * The size of the data set a spec describes, from its options alone, for kinds that know it before
 * generating (the synthetic ones); `null` for kinds whose size is in their files.
 *
 * @throws DatasetError for invalid options, as {@link loadDataset} would.
 */
export function datasetSize(spec: DatasetSpec): DatasetSize | null {
  const kind = findDatasetKind(spec.kind);
  // The entry found by `spec.kind` is the one whose schema `spec` satisfies.
  return kind?.size ? kind.size(spec as never) : null;
}

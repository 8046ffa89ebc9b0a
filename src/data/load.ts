/**
 * From the graph file's dataset section to an in-memory {@link Dataset}, plus the train/test split.
 */
import type { DatasetSpec } from '../graph/types';
import { shapeSize } from './checks';
import { parseCsv } from './csv';
import { DatasetError } from './dataset';
import type { Dataset } from './dataset';
import { idxDataset } from './idx';
import { createRng, shuffledIndices } from './random';
import { and, blobs, circles, inline, linear, moons, or, sine, spiral, xor } from './synthetic';

/** Reads a file given by a path from the graph file; the caller resolves it relative to the graph file. */
export type FileReader = (path: string) => Uint8Array;

function needReader(readFile: FileReader | undefined): FileReader {
  if (!readFile) throw new DatasetError('CSV/IDX data sets need a file reader');
  return readFile;
}

/** Reads a file, turning I/O failures into a DatasetError that names the path. */
function readOrFail(readFile: FileReader, path: string): Uint8Array {
  try {
    return readFile(path);
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatasetError(`cannot read data file "${path}": ${reason}`);
  }
}

/** Prefixes a data-file error with its path, keeping `line` and `column`. */
function inFile<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof DatasetError) throw new DatasetError(`${path}: ${err.message}`, err.line, err.column);
    throw err;
  }
}

/**
 * Builds the data set a graph file's `training.dataset` describes.
 *
 * @param spec - The dataset section.
 * @param seed - The training seed; synthetic data sets draw their noise from it.
 * @param readFile - Reader for `csv` and `idx` paths (the caller resolves them relative to the graph file).
 * @throws DatasetError for invalid options, unreadable or malformed files, or a file kind without reader.
 */
export function loadDataset(spec: DatasetSpec, seed: number, readFile?: FileReader): Dataset {
  switch (spec.kind) {
    case 'xor':
      return xor();
    case 'or':
      return or();
    case 'and':
      return and();
    case 'spiral':
      return spiral(spec, seed);
    case 'circles':
      return circles(spec, seed);
    case 'moons':
      return moons(spec, seed);
    case 'blobs':
      return blobs(spec, seed);
    case 'sine':
      return sine(spec, seed);
    case 'linear':
      return linear(spec, seed);
    case 'inline':
      return inline(spec);
    case 'csv': {
      const bytes = readOrFail(needReader(readFile), spec.path);
      // TextDecoder drops a UTF-8 byte-order mark, which Excel likes to write.
      const text = new TextDecoder('utf-8').decode(bytes);
      return inFile(spec.path, () => parseCsv(text, { ...spec, name: spec.path }));
    }
    case 'idx': {
      const reader = needReader(readFile);
      const images = readOrFail(reader, spec.images);
      const labels = readOrFail(reader, spec.labels);
      return idxDataset(images, labels, { ...spec, name: spec.images });
    }
    default: {
      // Files are validated before they get here; this guards against a kind added to the union but not here.
      const unknown: never = spec;
      throw new DatasetError(`unknown data set kind ${JSON.stringify((unknown as { kind: unknown }).kind)}`);
    }
  }
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

/**
 * Built-in synthetic data sets: the toy problems of the lecture notes (truth tables, the CS231n
 * spiral, the sine regression) and the usual 2-D classification benchmarks.
 *
 * Every generator is a pure function of its options and seed. Examples come out in generation
 * order (class by class); shuffling is left to the split and the trainer.
 */
import type { DatasetSpec } from '../graph/types';
import { intOption, numberOption } from './checks';
import { DatasetError } from './dataset';
import type { Dataset } from './dataset';
import { createRng } from './random';

/** The options of the `DatasetSpec` variant of kind `K`, without the `kind` tag. */
type OptionsOf<K extends DatasetSpec['kind']> = Omit<Extract<DatasetSpec, { kind: K }>, 'kind'>;

export type SpiralOptions = OptionsOf<'spiral'>;
export type CirclesOptions = OptionsOf<'circles'>;
export type MoonsOptions = OptionsOf<'moons'>;
export type BlobsOptions = OptionsOf<'blobs'>;
export type SineOptions = OptionsOf<'sine'>;
export type LinearOptions = OptionsOf<'linear'>;
export type InlineOptions = OptionsOf<'inline'>;

/** The four input pairs of a truth table, in the order the notes list them. */
const TRUTH_INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
] as const;

/**
 * Labels are 0/1 values with shape [1] (regression), not class indices, so that the classic
 * sigmoid-output network with an L2 or BCE loss can be wired straight to them.
 */
function truthTable(name: string, op: (a: number, b: number) => number): Dataset {
  return {
    name,
    count: 4,
    featureShape: [2],
    features: Float32Array.from(TRUTH_INPUTS.flat()),
    labels: Float32Array.from(TRUTH_INPUTS.map(([a, b]) => op(a, b))),
    labelShape: [1],
    task: 'regression',
  };
}

/** XOR truth table: 4 examples, inputs (0,0),(0,1),(1,0),(1,1), labels 0,1,1,0 with shape [1]. */
export function xor(): Dataset {
  return truthTable('xor', (a, b) => a ^ b);
}

/** OR truth table: 4 examples, labels 0,1,1,1 with shape [1]. */
export function or(): Dataset {
  return truthTable('or', (a, b) => a | b);
}

/** AND truth table: 4 examples, labels 0,0,0,1 with shape [1]. */
export function and(): Dataset {
  return truthTable('and', (a, b) => a & b);
}

/** Builds a 2-D classification data set from interleaved (x, y) points and class indices. */
function classification2d(name: string, points: number[], labels: number[], numClasses: number): Dataset {
  return {
    name,
    count: labels.length,
    featureShape: [2],
    features: Float32Array.from(points),
    labels: Float32Array.from(labels),
    labelShape: [],
    task: 'classification',
    numClasses,
  };
}

/** `numpy.linspace(start, stop, n)` value `i`, endpoint included; a single point sits at `start`. */
function linspace(start: number, stop: number, n: number, i: number): number {
  return n === 1 ? start : start + ((stop - start) * i) / (n - 1);
}

/**
 * The CS231n spiral: K arms, N points each. For class j and point i, r = i/(N-1) and
 * t = 4j + 4i/(N-1) + noise·randn; the point is (r sin t, r cos t).
 *
 * @param options - `classes` (K, default 3), `pointsPerClass` (N, default 100), `noise` (default 0.2).
 * @param seed - Seed of the angular noise.
 */
export function spiral(options: SpiralOptions = {}, seed = 1): Dataset {
  const k = intOption('spiral classes', options.classes, 3);
  const n = intOption('spiral pointsPerClass', options.pointsPerClass, 100);
  const noise = numberOption('spiral noise', options.noise, 0.2);
  const rng = createRng(seed, 'spiral');
  const points: number[] = [];
  const labels: number[] = [];
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) {
      const r = linspace(0, 1, n, i);
      const t = linspace(4 * j, 4 * (j + 1), n, i) + rng.normal() * noise;
      points.push(r * Math.sin(t), r * Math.cos(t));
      labels.push(j);
    }
  }
  return classification2d(`spiral (${k} classes × ${n})`, points, labels, k);
}

/**
 * Two concentric circles (as scikit-learn's `make_circles`): class 0 on the unit circle, class 1 on
 * a circle of radius `factor`, Gaussian noise on both coordinates.
 *
 * @param options - `samples` (default 200), `noise` (default 0.05), `factor` (default 0.5).
 * @param seed - Seed of the noise.
 */
export function circles(options: CirclesOptions = {}, seed = 1): Dataset {
  const samples = intOption('circles samples', options.samples, 200, 2);
  const noise = numberOption('circles noise', options.noise, 0.05);
  const factor = numberOption('circles factor', options.factor, 0.5, 0, 1);
  const rng = createRng(seed, 'circles');
  const outer = Math.floor(samples / 2);
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < samples; i++) {
    const inner = i >= outer;
    const [index, size, radius] = inner ? [i - outer, samples - outer, factor] : [i, outer, 1];
    // Endpoint excluded: 0 and 2π would put two points on the same spot.
    const angle = (2 * Math.PI * index) / size;
    points.push(
      radius * Math.cos(angle) + rng.normal(0, noise),
      radius * Math.sin(angle) + rng.normal(0, noise),
    );
    labels.push(inner ? 1 : 0);
  }
  return classification2d(`circles (${samples})`, points, labels, 2);
}

/**
 * Two interleaving half circles (as scikit-learn's `make_moons`): class 0 the upper arc of the unit
 * circle, class 1 the lower arc shifted to (1, 0.5).
 *
 * @param options - `samples` (default 200), `noise` (default 0.1).
 * @param seed - Seed of the noise.
 */
export function moons(options: MoonsOptions = {}, seed = 1): Dataset {
  const samples = intOption('moons samples', options.samples, 200, 2);
  const noise = numberOption('moons noise', options.noise, 0.1);
  const rng = createRng(seed, 'moons');
  const outer = Math.floor(samples / 2);
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < samples; i++) {
    const inner = i >= outer;
    const angle = inner ? linspace(0, Math.PI, samples - outer, i - outer) : linspace(0, Math.PI, outer, i);
    const [x, y] = inner ? [1 - Math.cos(angle), 0.5 - Math.sin(angle)] : [Math.cos(angle), Math.sin(angle)];
    points.push(x + rng.normal(0, noise), y + rng.normal(0, noise));
    labels.push(inner ? 1 : 0);
  }
  return classification2d(`moons (${samples})`, points, labels, 2);
}

/**
 * Isotropic Gaussian blobs in 2-D, one per class. The centres are drawn uniformly from
 * [-10, 10)² (scikit-learn's default box) with the same seed, so they too are reproducible.
 *
 * @param options - `classes` (default 3), `pointsPerClass` (default 50), `spread` (std, default 1).
 * @param seed - Seed of the centres and the points.
 */
export function blobs(options: BlobsOptions = {}, seed = 1): Dataset {
  const k = intOption('blobs classes', options.classes, 3);
  const n = intOption('blobs pointsPerClass', options.pointsPerClass, 50);
  const spread = numberOption('blobs spread', options.spread, 1);
  const rng = createRng(seed, 'blobs');
  const centres = Array.from({ length: k }, () => [rng.uniform(-10, 10), rng.uniform(-10, 10)]);
  const points: number[] = [];
  const labels: number[] = [];
  centres.forEach(([cx, cy], j) => {
    for (let i = 0; i < n; i++) {
      points.push(rng.normal(cx, spread), rng.normal(cy, spread));
      labels.push(j);
    }
  });
  return classification2d(`blobs (${k} classes × ${n})`, points, labels, k);
}

/**
 * The sine regression of the notes: x = 0 … samples-1, y = sin(πx/50) + uniform noise in
 * [-noise, noise) (with the default 0.5 this is `np.random.rand(100) - 0.5`).
 *
 * @param options - `samples` (default 100), `noise` (half-width, default 0.5), `normalize`
 *   (default true: x is divided by samples-1 so it lies in [0, 1], which keeps gradient descent stable;
 *   the labels are computed from the raw x either way).
 * @param seed - Seed of the noise.
 */
export function sine(options: SineOptions = {}, seed = 1): Dataset {
  const samples = intOption('sine samples', options.samples, 100);
  const noise = numberOption('sine noise', options.noise, 0.5);
  const normalize = options.normalize ?? true;
  const rng = createRng(seed, 'sine');
  const features = new Float32Array(samples);
  const labels = new Float32Array(samples);
  const scale = normalize && samples > 1 ? 1 / (samples - 1) : 1;
  for (let x = 0; x < samples; x++) {
    features[x] = x * scale;
    labels[x] = Math.sin((Math.PI * x) / 50) + (rng.next() - 0.5) * 2 * noise;
  }
  return {
    name: `sine (${samples})`,
    count: samples,
    featureShape: [1],
    features,
    labels,
    labelShape: [1],
    task: 'regression',
  };
}

/**
 * Linear regression data: y = w·x + b + N(0, noise²). The weights and bias are drawn from N(0, 1)
 * and the inputs uniformly from [-1, 1), all from the seed.
 *
 * @param options - `samples` (default 100), `features` (default 1), `noise` (std, default 0.1).
 * @param seed - Seed of w, b, x and the noise.
 */
export function linear(options: LinearOptions = {}, seed = 1): Dataset {
  const samples = intOption('linear samples', options.samples, 100);
  const width = intOption('linear features', options.features, 1);
  const noise = numberOption('linear noise', options.noise, 0.1);
  const rng = createRng(seed, 'linear');
  const w = Array.from({ length: width }, () => rng.normal());
  const b = rng.normal();
  const features = new Float32Array(samples * width);
  const labels = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    let y = b;
    for (let f = 0; f < width; f++) {
      const x = rng.uniform(-1, 1);
      features[i * width + f] = x;
      y += w[f] * x;
    }
    labels[i] = y + rng.normal(0, noise);
  }
  const noun = width === 1 ? 'feature' : 'features';
  return {
    name: `linear (${samples} × ${width} ${noun})`,
    count: samples,
    featureShape: [width],
    features,
    labels,
    labelShape: [1],
    task: 'regression',
  };
}

/** Checks that `rows` is a non-empty list of equally long rows of finite numbers; returns the width. */
function checkRows(what: string, rows: unknown): number {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new DatasetError(`inline data set: ${what} must be a non-empty list of rows`);
  }
  let width = -1;
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw new DatasetError(`${what} row ${r}: expected a list of numbers`);
    if (width < 0) {
      if (row.length === 0) throw new DatasetError(`${what} row ${r}: expected at least 1 value, got 0`);
      width = row.length;
    }
    if (row.length !== width) {
      throw new DatasetError(
        `${what} row ${r}: expected ${width} value${width === 1 ? '' : 's'}, got ${row.length}`,
      );
    }
    row.forEach((v: unknown, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DatasetError(
          `${what} row ${r}, value ${c}: ${JSON.stringify(v) ?? String(v)} is not a finite number`,
        );
      }
    });
  });
  return width;
}

/**
 * Examples written into the graph file. Labels are taken as real values (regression with
 * `labelShape [labelWidth]`), which covers truth-table style targets for sigmoid outputs.
 *
 * @param options - `features` and `labels`, one row per example.
 * @throws DatasetError naming the offending row when rows differ in length, counts differ or a
 *   value is not a finite number.
 */
export function inline(options: InlineOptions): Dataset {
  const featureWidth = checkRows('features', options.features);
  const labelWidth = checkRows('labels', options.labels);
  const count = options.features.length;
  if (options.labels.length !== count) {
    throw new DatasetError(`inline data set: ${count} feature rows but ${options.labels.length} label rows`);
  }
  return {
    name: `inline (${count})`,
    count,
    featureShape: [featureWidth],
    features: Float32Array.from(options.features.flat()),
    labels: Float32Array.from(options.labels.flat()),
    labelShape: [labelWidth],
    task: 'regression',
  };
}

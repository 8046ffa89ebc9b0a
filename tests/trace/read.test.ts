/**
 * Reading tensors into traces: exact values and float64 reference statistics for small tensors,
 * histograms matching a plain-JS binning for large ones, non-finite elements, `nest`, and no
 * tensor created or disposed behind the caller's back.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random';
import { nest, readTensors } from '../../src/trace/read';
import { DEFAULT_FULL_LIMIT, HISTOGRAM_BINS } from '../../src/trace/types';
import type { TensorStats } from '../../src/trace/types';
import { tf } from '../helpers/tf';

/** Statistics over the finite elements in float64, the way `TensorStats` defines them. */
function referenceStats(values: ArrayLike<number>): TensorStats {
  const finite = Array.from(values).filter(Number.isFinite);
  const n = Math.max(finite.length, 1);
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return {
    min: Math.min(...finite),
    max: Math.max(...finite),
    mean,
    std: Math.sqrt(variance),
    norm: Math.sqrt(finite.reduce((a, b) => a + b * b, 0)),
    nonFinite: values.length - finite.length,
  };
}

/** `actual` within `rel` of `expected`, relative to max(|expected|, `floor`). */
function expectClose(actual: number, expected: number, rel = 1e-5, floor = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), floor));
}

function expectStats(actual: TensorStats, expected: TensorStats, rel = 1e-5): void {
  expect(actual.nonFinite).toBe(expected.nonFinite);
  expect(actual.min).toBe(expected.min);
  expect(actual.max).toBe(expected.max);
  expectClose(actual.mean, expected.mean, rel);
  expectClose(actual.std, expected.std, rel);
  expectClose(actual.norm, expected.norm, rel);
}

/**
 * Histogram over [min, max] of the finite elements with `floor((x − min) / (max − min) · 16)`
 * clipped to 15, plus how many elements lie so close to a bin edge that float32 rounding on the
 * backend may put them in the neighbouring bin.
 */
function referenceHistogram(values: ArrayLike<number>, min: number, max: number) {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  let ambiguous = 0;
  for (const x of Array.from(values)) {
    if (!Number.isFinite(x)) continue;
    const position = ((x - min) / (max - min)) * HISTOGRAM_BINS;
    counts[Math.min(HISTOGRAM_BINS - 1, Math.floor(position))]++;
    if (Math.abs(position - Math.round(position)) < 1e-4 && position > 0.5 && position < HISTOGRAM_BINS - 0.5)
      ambiguous++;
  }
  return { counts, ambiguous };
}

/** `n` float32 values drawn from a seeded normal distribution. */
function randomValues(n: number, seed: number, mean = 0, std = 1): Float32Array {
  const rng = createRng(seed, 'trace-read-test');
  return Float32Array.from({ length: n }, () => rng.normal(mean, std));
}

describe('readTensors', () => {
  it('returns exact values, shape and float64-accurate statistics for a small tensor', async () => {
    const values = Float32Array.from([0.5, -1.25, 3, 2.75, -0.1, 7.3]);
    const t = tf.tensor2d(values, [2, 3]);
    const [trace] = await readTensors([t]);
    expect(trace.shape).toEqual([2, 3]);
    expect(trace.values).toEqual(Array.from(values));
    expect(trace.histogram).toBeUndefined();
    expectStats(trace.stats, referenceStats(values));
    expect(trace.stats).toMatchObject({ min: -1.25, max: 7.300000190734863, nonFinite: 0 });
    t.dispose();
  });

  it('reads several tensors of different ranks and dtypes in one call, in order', async () => {
    const scalar = tf.scalar(-2.5);
    const ints = tf.tensor1d([3, -4, 12], 'int32');
    const bools = tf.tensor1d([true, false, true, true], 'bool');
    const matrix = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const traces = await readTensors([scalar, ints, bools, matrix]);
    expect(traces.map((x) => x.shape)).toEqual([[], [3], [4], [2, 2]]);
    expect(traces.map((x) => x.values)).toEqual([[-2.5], [3, -4, 12], [1, 0, 1, 1], [1, 2, 3, 4]]);
    expectStats(traces[0].stats, { min: -2.5, max: -2.5, mean: -2.5, std: 0, norm: 2.5, nonFinite: 0 });
    expectStats(traces[1].stats, referenceStats([3, -4, 12]));
    expectStats(traces[2].stats, referenceStats([1, 0, 1, 1]));
    expectStats(traces[3].stats, referenceStats([1, 2, 3, 4]));
    tf.dispose([scalar, ints, bools, matrix]);
  });

  it('counts the units of a summarised [N, k] tensor that are never above 0 (a ReLU layer’s dead units)', async () => {
    // 50 examples × 8 units of ReLU output; units 1, 4 and 6 are dead (0 everywhere), unit 7 fires once.
    const n = 50;
    const k = 8;
    const rng = createRng(5, 'relu');
    const values = Array.from({ length: n * k }, (_, i) => {
      const unit = i % k;
      if (unit === 1 || unit === 4 || unit === 6) return 0;
      if (unit === 7) return i === 7 * k + 7 ? 0.5 : 0;
      return Math.max(0, rng.normal());
    });
    const x = tf.tensor2d(values, [n, k]);
    const vector = tf.tensor1d(values);
    const [t, flat] = await readTensors([x, vector]);
    expect(t.values).toBeUndefined();
    expect(t.nonPositiveUnits).toBe(3);
    // A vector has no units to speak of.
    expect(flat.nonPositiveUnits).toBeUndefined();
    tf.dispose([x, vector]);
  });

  it('sends a tensor of exactly fullLimit elements whole and one more element as a histogram', async () => {
    const atLimit = tf.tensor1d(randomValues(DEFAULT_FULL_LIMIT, 3));
    const overLimit = tf.tensor1d(randomValues(DEFAULT_FULL_LIMIT + 1, 4));
    const [a, b] = await readTensors([atLimit, overLimit]);
    expect(a.values).toHaveLength(DEFAULT_FULL_LIMIT);
    expect(a.histogram).toBeUndefined();
    expect(b.values).toBeUndefined();
    expect(b.histogram).toHaveLength(HISTOGRAM_BINS);
    // An explicit limit wins over the default.
    const [c] = await readTensors([overLimit], DEFAULT_FULL_LIMIT + 1);
    expect(c.values).toEqual(Array.from(await overLimit.data()));
    const [d] = await readTensors([atLimit], 8);
    expect(d.values).toBeUndefined();
    tf.dispose([atLimit, overLimit]);
  });

  it('summarises a large random tensor with statistics and a 16-bin histogram over [min, max]', async () => {
    const values = randomValues(10_000, 1, 2, 1.5);
    const t = tf.tensor2d(values, [100, 100]);
    const [trace] = await readTensors([t]);
    expect(trace.shape).toEqual([100, 100]);
    expect(trace.values).toBeUndefined();
    const expected = referenceStats(values);
    expectStats(trace.stats, expected);

    const histogram = trace.histogram!;
    expect(histogram).toHaveLength(HISTOGRAM_BINS);
    expect(histogram.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(values.length);
    const reference = referenceHistogram(values, expected.min, expected.max);
    const differences = histogram.reduce((sum, c, i) => sum + Math.abs(c - reference.counts[i]), 0);
    // Each element near an edge may move one bin, changing two counts by one.
    expect(differences).toBeLessThanOrEqual(2 * reference.ambiguous);
    // The extremes land in the first and last bin.
    expect(histogram[0]).toBeGreaterThan(0);
    expect(histogram[HISTOGRAM_BINS - 1]).toBeGreaterThan(0);
    t.dispose();
  });

  it('bins a tensor whose values sit on known bins exactly, the maximum in the last bin', async () => {
    // min 0, max 16: bin k holds [k, k + 1); the maximum belongs to bin 15.
    const counts = [3, 0, 5, 1, 0, 0, 7, 2, 0, 0, 0, 4, 0, 1, 0, 6];
    const values: number[] = [0, 16];
    counts.forEach((c, bin) => {
      for (let i = 0; i < c; i++) values.push(bin + (i + 1) / (c + 1));
    });
    const t = tf.tensor1d(values);
    const [trace] = await readTensors([t], 0);
    const expected = [...counts];
    expected[0]++;
    expected[15]++;
    expect(trace.histogram).toEqual(expected);
    expect(trace.stats.min).toBe(0);
    expect(trace.stats.max).toBe(16);
    t.dispose();
  });

  it('counts NaN and ±Infinity and computes statistics over the finite elements only', async () => {
    const values = [1, Number.NaN, 3, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5];
    const t = tf.tensor1d(values);
    const [trace] = await readTensors([t]);
    expect(trace.values).toEqual(values);
    expect(trace.stats.nonFinite).toBe(3);
    expectStats(trace.stats, {
      min: 1,
      max: 5,
      mean: 3,
      std: Math.sqrt(8 / 3),
      norm: Math.sqrt(35),
      nonFinite: 3,
    });
    t.dispose();
  });

  it('keeps non-finite elements out of the statistics and histogram of a large tensor', async () => {
    const values = randomValues(5_000, 2);
    for (let i = 0; i < values.length; i += 97) values[i] = i % 2 ? Number.NaN : Number.POSITIVE_INFINITY;
    values[1] = Number.NEGATIVE_INFINITY;
    const t = tf.tensor1d(values);
    const [trace] = await readTensors([t]);
    const expected = referenceStats(values);
    expect(expected.nonFinite).toBe(53);
    expectStats(trace.stats, expected);
    const histogram = trace.histogram!;
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(values.length - expected.nonFinite);
    const reference = referenceHistogram(values, expected.min, expected.max);
    const differences = histogram.reduce((sum, c, i) => sum + Math.abs(c - reference.counts[i]), 0);
    expect(differences).toBeLessThanOrEqual(2 * reference.ambiguous);
    t.dispose();
  });

  it('puts every element of a constant tensor in the first bin', async () => {
    const t = tf.fill([100], 0.75);
    const [trace] = await readTensors([t], 10);
    expect(trace.stats).toMatchObject({ min: 0.75, max: 0.75, mean: 0.75, std: 0, nonFinite: 0 });
    expectClose(trace.stats.norm, 7.5);
    expect(trace.histogram).toEqual([100, ...new Array<number>(HISTOGRAM_BINS - 1).fill(0)]);
    t.dispose();
  });

  it('returns an empty list for no tensors', async () => {
    expect(await readTensors([])).toEqual([]);
  });

  it('neither disposes its inputs nor leaves tensors behind', async () => {
    const small = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const large = tf.tensor1d(randomValues(1_000, 5));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await readTensors([small, large, small]);
    expect(tf.memory().numTensors).toBe(before);
    expect(small.isDisposed).toBe(false);
    expect(large.isDisposed).toBe(false);
    expect(Array.from(await small.data())).toEqual([1, 2, 3, 4]);
    tf.dispose([small, large]);
  });
});

describe('nest', () => {
  it('reshapes row-major values into nested arrays', () => {
    const values = [1, 2, 3, 4, 5, 6];
    expect(nest(values, [6])).toEqual(values);
    expect(nest(values, [2, 3])).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(nest(values, [3, 2])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(nest(values, [2, 1, 3])).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);
    expect(nest(values, [1, 2, 3, 1])).toEqual([
      [
        [[1], [2], [3]],
        [[4], [5], [6]],
      ],
    ]);
  });

  it('gives a scalar for shape [] and empty arrays for a zero dimension', () => {
    expect(nest([42], [])).toBe(42);
    expect(nest([], [0])).toEqual([]);
    expect(nest([], [2, 0])).toEqual([[], []]);
  });

  it('agrees with tfjs arraySync on a random 3-D tensor', async () => {
    const t = tf.tensor3d(randomValues(24, 6), [2, 3, 4]);
    expect(nest(Array.from(await t.data()), t.shape)).toEqual(t.arraySync());
    t.dispose();
  });
});

/**
 * Seeded pseudo-random numbers for synthetic data, shuffles and splits.
 *
 * Everything that draws random numbers in the data layer goes through an {@link Rng} built here, so
 * the same seed always yields the same data set and the same split on every machine.
 */
import seedrandom from 'seedrandom';

/** A deterministic source of random numbers. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low?: number, high?: number): number;
  /** Gaussian with the given mean and standard deviation. */
  normal(mean?: number, std?: number): number;
  /** Integer uniform in [low, high), or in [0, low) when `high` is omitted (like `numpy.random.randint`). */
  int(low: number, high?: number): number;
}

/**
 * Creates a seeded generator.
 *
 * @param seed - The user's seed (the graph file's `training.seed`).
 * @param stream - Optional name of an independent stream. The same training seed feeds several
 *   consumers (data noise, the split, shuffling); salting each with its own stream name keeps their
 *   sequences uncorrelated while each stays reproducible.
 */
export function createRng(seed: number | string, stream?: string): Rng {
  const prng = seedrandom(stream === undefined ? String(seed) : `${seed}/${stream}`);
  // Box–Muller makes two independent normals per pair of uniforms; keep the second for the next call.
  let spare: number | null = null;

  const next = (): number => prng.double();

  return {
    next,
    uniform(low = 0, high = 1) {
      return low + (high - low) * next();
    },
    normal(mean = 0, std = 1) {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return mean + std * z;
      }
      // 1 - u lies in (0, 1], so the logarithm never sees 0.
      const u1 = 1 - next();
      const u2 = next();
      const radius = Math.sqrt(-2 * Math.log(u1));
      spare = radius * Math.sin(2 * Math.PI * u2);
      return mean + std * radius * Math.cos(2 * Math.PI * u2);
    },
    int(low, high) {
      const [lo, hi] = high === undefined ? [0, low] : [low, high];
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi <= lo) {
        throw new RangeError(`int(${low}, ${high}): need integers with low < high`);
      }
      return lo + Math.floor(next() * (hi - lo));
    },
  };
}

/**
 * Returns a uniformly random permutation of `0 … n-1` (Fisher–Yates).
 *
 * @param n - Number of indices.
 * @param rng - Source of randomness; the permutation is determined by its state.
 */
export function shuffledIndices(n: number, rng: Rng): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = indices[i];
    indices[i] = indices[j];
    indices[j] = tmp;
  }
  return indices;
}

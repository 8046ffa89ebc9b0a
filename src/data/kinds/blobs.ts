/** Isotropic Gaussian blobs in 2-D, one per class (scikit-learn's `make_blobs`). */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';
import { classification2d } from './planar';

const options = {
  classes: intOption('classes', 'Number of classes.', 1, 100, 3),
  pointsPerClass: intOption('points per class', 'Points per class.', 1, 100_000, 50),
  spread: numberOption('spread', 'Standard deviation of each blob.', 0, 100, 1),
};

/** Options of {@link blobs}. */
export type BlobsOptions = OptionValues<typeof options>;

/**
 * Isotropic Gaussian blobs in 2-D, one per class. The centres are drawn uniformly from
 * [-10, 10)² (scikit-learn's default box) with the same seed, so they too are reproducible.
 *
 * @param values - `classes` (default 3), `pointsPerClass` (default 50), `spread` (std, default 1).
 * @param seed - Seed of the centres and the points.
 */
export function blobs(values: BlobsOptions = {}, seed = 1): Dataset {
  const { classes: k, pointsPerClass: n, spread } = resolveOptions('blobs', options, values);
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

/** Registry entry of the blobs. */
export const blobsKind = defineDataset({
  kind: 'blobs',
  title: 'Gaussian blobs',
  description: 'Isotropic Gaussian blobs, one per class.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.02 }, batchSize: 32, epochs: 100 },
  options,
  load: (spec, { seed }) => blobs(spec, seed),
  size(spec) {
    const { classes: k, pointsPerClass: n } = resolveOptions('blobs', options, spec);
    return { name: `blobs (${k} classes × ${n})`, count: k * n, featureSize: 2, labelSize: 1 };
  },
});

/** The CS231n spiral: K arms of N points, one class per arm. */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';
import { classification2d, linspace } from './planar';

const options = {
  classes: intOption('classes', 'Number of classes (arms).', 1, 100, 3),
  pointsPerClass: intOption('points per class', 'Points per class.', 1, 100_000, 100),
  noise: numberOption('noise', 'Standard deviation of the angular noise.', 0, 10, 0.2),
};

/** Options of {@link spiral}. */
export type SpiralOptions = OptionValues<typeof options>;

/**
 * The CS231n spiral: K arms, N points each. For class j and point i, r = i/(N-1) and
 * t = 4j + 4i/(N-1) + noise·randn; the point is (r sin t, r cos t).
 *
 * @param values - `classes` (K, default 3), `pointsPerClass` (N, default 100), `noise` (default 0.2).
 * @param seed - Seed of the angular noise.
 */
export function spiral(values: SpiralOptions = {}, seed = 1): Dataset {
  const { classes: k, pointsPerClass: n, noise } = resolveOptions('spiral', options, values);
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

/** Registry entry of the spiral. */
export const spiralKind = defineDataset({
  kind: 'spiral',
  title: 'Spiral arms (CS231n)',
  description: 'The spiral of K arms (CS231n), N points per arm, one class per arm.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.02 }, batchSize: 32, epochs: 150 },
  options,
  load: (spec, { seed }) => spiral(spec, seed),
  size(spec) {
    const { classes: k, pointsPerClass: n } = resolveOptions('spiral', options, spec);
    return { name: `spiral (${k} classes × ${n})`, count: k * n, featureSize: 2, labelSize: 1 };
  },
});

/** Two concentric circles, two classes (scikit-learn's `make_circles`). */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';
import { classification2d } from './planar';

const options = {
  samples: intOption('samples', 'Total number of points.', 2, 1_000_000, 200),
  noise: numberOption('noise', 'Standard deviation of Gaussian noise added to each point.', 0, 10, 0.05),
  factor: numberOption(
    'inner radius',
    'Radius of the inner circle relative to the outer one (0–1).',
    0,
    1,
    0.5,
  ),
};

/** Options of {@link circles}. */
export type CirclesOptions = OptionValues<typeof options>;

/**
 * Two concentric circles (as scikit-learn's `make_circles`): class 0 on the unit circle, class 1 on
 * a circle of radius `factor`, Gaussian noise on both coordinates.
 *
 * @param values - `samples` (default 200), `noise` (default 0.05), `factor` (default 0.5).
 * @param seed - Seed of the noise.
 */
export function circles(values: CirclesOptions = {}, seed = 1): Dataset {
  const { samples, noise, factor } = resolveOptions('circles', options, values);
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

/** Registry entry of the circles. */
export const circlesKind = defineDataset({
  kind: 'circles',
  title: 'Two concentric circles',
  description: 'Two concentric circles, two classes.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.02 }, batchSize: 32, epochs: 150 },
  options,
  load: (spec, { seed }) => circles(spec, seed),
  size(spec) {
    const { samples } = resolveOptions('circles', options, spec);
    return { name: `circles (${samples})`, count: samples, featureSize: 2, labelSize: 1 };
  },
});

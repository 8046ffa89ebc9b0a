/** Two interleaving half circles, two classes (scikit-learn's `make_moons`). */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';
import { classification2d, linspace } from './planar';

const options = {
  samples: intOption('samples', 'Total number of points.', 2, 1_000_000, 200),
  noise: numberOption('noise', 'Standard deviation of Gaussian noise.', 0, 10, 0.1),
};

/** Options of {@link moons}. */
export type MoonsOptions = OptionValues<typeof options>;

/**
 * Two interleaving half circles (as scikit-learn's `make_moons`): class 0 the upper arc of the unit
 * circle, class 1 the lower arc shifted to (1, 0.5).
 *
 * @param values - `samples` (default 200), `noise` (default 0.1).
 * @param seed - Seed of the noise.
 */
export function moons(values: MoonsOptions = {}, seed = 1): Dataset {
  const { samples, noise } = resolveOptions('moons', options, values);
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

/** Registry entry of the moons. */
export const moonsKind = defineDataset({
  kind: 'moons',
  title: 'Two half moons',
  description: 'Two interleaving half circles, two classes.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.02 }, batchSize: 32, epochs: 150 },
  options,
  load: (spec, { seed }) => moons(spec, seed),
  size(spec) {
    const { samples } = resolveOptions('moons', options, spec);
    return { name: `moons (${samples})`, count: samples, featureSize: 2, labelSize: 1 };
  },
});

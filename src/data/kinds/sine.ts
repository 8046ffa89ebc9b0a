/** The sine regression of the lecture notes. */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { boolOption, intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';

const options = {
  samples: intOption('samples', 'Number of points.', 1, 1_000_000, 100),
  noise: numberOption('noise', 'Half-width of the uniform noise.', 0, 100, 0.5),
  normalize: boolOption(
    'scale x into [0, 1]',
    'Scale x into [0, 1] before training (recommended for gradient descent).',
    true,
  ),
};

/** Options of {@link sine}. */
export type SineOptions = OptionValues<typeof options>;

/**
 * The sine regression of the notes: x = 0 … samples-1, y = sin(πx/50) + uniform noise in
 * [-noise, noise) (with the default 0.5 this is `np.random.rand(100) - 0.5`).
 *
 * @param values - `samples` (default 100), `noise` (half-width, default 0.5), `normalize`
 *   (default true: x is divided by samples-1 so it lies in [0, 1], which keeps gradient descent stable;
 *   the labels are computed from the raw x either way).
 * @param seed - Seed of the noise.
 */
export function sine(values: SineOptions = {}, seed = 1): Dataset {
  const { samples, noise, normalize } = resolveOptions('sine', options, values);
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

/** Registry entry of the sine. */
export const sineKind = defineDataset({
  kind: 'sine',
  title: 'Noisy sine (regression)',
  description:
    'y = sin(pi x / 50) plus uniform noise in [-noise, noise), x = 0…samples-1, as in the regression notes.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.02 }, batchSize: 20, epochs: 300 },
  options,
  load: (spec, { seed }) => sine(spec, seed),
  size(spec) {
    const { samples } = resolveOptions('sine', options, spec);
    return { name: `sine (${samples})`, count: samples, featureSize: 1, labelSize: 1 };
  },
});

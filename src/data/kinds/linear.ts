/** Linear regression data with Gaussian noise. */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';

const options = {
  samples: intOption('samples', 'Number of points.', 1, 1_000_000, 100),
  features: intOption('features', 'Number of input features.', 1, 1000, 1),
  noise: numberOption('noise', 'Standard deviation of the noise.', 0, 100, 0.1),
};

/** Options of {@link linear}. */
export type LinearOptions = OptionValues<typeof options>;

/**
 * Linear regression data: y = w·x + b + N(0, noise²). The weights and bias are drawn from N(0, 1)
 * and the inputs uniformly from [-1, 1), all from the seed.
 *
 * @param values - `samples` (default 100), `features` (default 1), `noise` (std, default 0.1).
 * @param seed - Seed of w, b, x and the noise.
 */
export function linear(values: LinearOptions = {}, seed = 1): Dataset {
  const { samples, features: width, noise } = resolveOptions('linear', options, values);
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

/** Registry entry of the linear data. */
export const linearKind = defineDataset({
  kind: 'linear',
  title: 'Linear with noise (regression)',
  description: 'y = w·x + b plus Gaussian noise; w, b and x drawn from the seed.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.02 }, batchSize: 32, epochs: 100 },
  options,
  load: (spec, { seed }) => linear(spec, seed),
  size(spec) {
    const { samples, features } = resolveOptions('linear', options, spec);
    const noun = features === 1 ? 'feature' : 'features';
    return {
      name: `linear (${samples} × ${features} ${noun})`,
      count: samples,
      featureSize: features,
      labelSize: 1,
    };
  },
});

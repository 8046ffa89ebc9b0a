/** Dropout: randomly silences units during training so the network cannot rely on any single one. */
import { requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec } from './spec';

export const Dropout: OpSpec = {
  op: 'Dropout',
  randomInTraining: true,
  title: 'Dropout',
  category: 'layer',
  doc: 'During training, sets each value to 0 with probability `rate` and multiplies the survivors by 1/(1 − rate), so the expected value stays the same. Every training step drops a different random subset, which keeps units from depending on each other too much and reduces overfitting. At inference (evaluation, prediction) it passes its input through unchanged. It has no weights.',
  params: [
    {
      name: 'rate',
      face: true,
      kind: 'float',
      default: 0.5,
      min: 0,
      // Inclusive bound: a rate of 1 would drop everything and divide by zero.
      max: 0.99,
      doc: 'Fraction of values set to 0 during training, between 0 and 0.99.',
    },
  ],
  inputs: [{ name: 'in', doc: 'Any tensor, usually the activations of a layer [N, …].' }],
  output: outPort(
    'The input with dropped values zeroed and the rest scaled (training), or the input (inference).',
  ),
  formula: {
    forward: 'y = m ⊙ x / (1 − rate),  mᵢ ~ Bernoulli(1 − rate) (training);  y = x (inference)',
    local: 'dy/dx = m / (1 − rate) (training);  1 (inference)',
  },
  elementwise: true,
  shape: (ctx) => requireInput(ctx, 'in').shape,
  forward: ({ inputs, params, training, seed, tf }) => {
    const x = inputs.in[0];
    const rate = params.num('rate');
    return training && rate > 0 ? tf.dropout(x, rate, undefined, seed) : x;
  },
};

export const dropoutOps: OpSpec[] = [Dropout];

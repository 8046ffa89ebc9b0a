/** Activation functions: elementwise non-linearities (and softmax). */
import type * as tfType from '@tensorflow/tfjs';
import { outPort } from './spec';
import type { OpSpec, ShapeContext } from './spec';
import { ShapeError } from '../shapes/shape';

/** Activation names a layer's `activation` param accepts. */
export const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Op name of the node an activation expands into. */
export const ACTIVATION_OPS: Record<ActivationName, string> = {
  linear: 'Linear',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'ReLU',
  leakyRelu: 'LeakyReLU',
  softmax: 'Softmax',
};

/** Applies a named activation (used by layers with an `activation` param). */
export function applyActivation(
  tf: typeof tfType,
  name: string,
  x: tfType.Tensor,
  alpha = 0.2,
): tfType.Tensor {
  switch (name as ActivationName) {
    case 'linear':
      return x;
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, alpha);
    case 'softmax':
      return tf.softmax(x);
  }
  throw new Error(`unknown activation "${name}"`);
}

const single = (ctx: ShapeContext) => {
  const input = ctx.inputs.in?.[0];
  if (!input) throw new ShapeError('input "in" is not connected', 'in');
  return input.shape;
};

const inPort = [{ name: 'in', doc: 'The pre-activation value A.' }];

function activation(
  op: string,
  title: string,
  doc: string,
  formula: { forward: string; local: string },
  fn: OpSpec['forward'],
  extra: Partial<OpSpec> = {},
): OpSpec {
  return {
    op,
    title,
    category: 'activation',
    doc,
    params: [],
    inputs: inPort,
    output: outPort('B, same shape as the input.'),
    formula,
    shape: single,
    forward: fn,
    elementwise: true,
    ...extra,
  };
}

export const Sigmoid = activation(
  'Sigmoid',
  'Sigmoid',
  'The logistic function 1/(1+e^−A): squashes any value into (0, 1). Its derivative B(1−B) is at most 0.25, so deep stacks of sigmoids pass back ever smaller gradients.',
  { forward: 'B = 1 / (1 + e^(−A))', local: 'dB/dA = B · (1 − B)' },
  ({ inputs, tf }) => tf.sigmoid(inputs.in[0]),
);

export const Tanh = activation(
  'Tanh',
  'Tanh',
  'Hyperbolic tangent: squashes values into (−1, 1), centred on 0.',
  { forward: 'B = tanh(A)', local: 'dB/dA = 1 − B²' },
  ({ inputs, tf }) => tf.tanh(inputs.in[0]),
);

export const ReLU = activation(
  'ReLU',
  'ReLU',
  'Rectified linear unit max(0, A): passes positive values, zeroes negative ones. Gradient 1 for A > 0 and 0 otherwise.',
  { forward: 'B = max(0, A)', local: 'dB/dA = 1 if A > 0 else 0' },
  ({ inputs, tf }) => tf.relu(inputs.in[0]),
);

export const LeakyReLU: OpSpec = {
  ...activation(
    'LeakyReLU',
    'Leaky ReLU',
    'Like ReLU, but negative inputs keep a small slope α so their gradient never dies.',
    { forward: 'B = A if A > 0 else α·A', local: 'dB/dA = 1 if A > 0 else α' },
    ({ inputs, params, tf }) => tf.leakyRelu(inputs.in[0], params.num('alpha')),
  ),
  params: [
    { name: 'alpha', kind: 'float', default: 0.01, min: 0, max: 1, doc: 'Slope α for negative inputs.' },
  ],
};

export const Softmax: OpSpec = {
  ...activation(
    'Softmax',
    'Softmax',
    'Turns a vector of scores into probabilities that sum to 1 along the last axis: e^Aᵢ / Σⱼ e^Aⱼ.',
    { forward: 'Bᵢ = e^Aᵢ / Σⱼ e^Aⱼ', local: 'dBᵢ/dAⱼ = Bᵢ (δᵢⱼ − Bⱼ)' },
    ({ inputs, tf }) => tf.softmax(inputs.in[0]),
  ),
  // Not elementwise: every output depends on every input of its row.
  elementwise: false,
  shape: (ctx) => {
    const shape = single(ctx);
    if (shape.length < 1) throw new ShapeError('softmax needs at least one axis, got a scalar', 'in');
    return shape;
  },
};

export const Linear = activation(
  'Linear',
  'Linear',
  'The identity: B = A. Useful as an explicit "no activation" for regression outputs.',
  { forward: 'B = A', local: 'dB/dA = 1' },
  ({ inputs }) => inputs.in[0],
);

export const activationOps: OpSpec[] = [Sigmoid, Tanh, ReLU, LeakyReLU, Softmax, Linear];

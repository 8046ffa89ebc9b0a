/** The fully connected layer. */
import { formatShape, ShapeError } from '../shapes/shape';
import { ACTIVATIONS, applyActivation } from './activations';
import { denseExpansion } from './dense-expansion';
import { denseProduct, appliesActivation } from './dense-product';
import { requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec } from './spec';

/** Kernel initializers a layer offers. */
export const LAYER_INITIALIZERS = [
  'glorotUniform',
  'glorotNormal',
  'heNormal',
  'uniformFanIn',
  'zeros',
] as const;

export const Dense: OpSpec = {
  op: 'Dense',
  title: 'Dense',
  category: 'layer',
  doc: 'Fully connected layer: every output unit is a weighted sum of all inputs plus a bias, passed through an activation: y = act(x·W + b). Expand it to see the MatMul, Add and activation nodes it is made of.',
  params: [
    {
      name: 'units',
      face: true,
      kind: 'int',
      default: 8,
      min: 1,
      max: 65536,
      doc: 'Number of output units.',
    },
    {
      name: 'activation',
      face: true,
      kind: 'enum',
      default: 'linear',
      options: ACTIVATIONS,
      doc: 'Activation applied to x·W + b.',
    },
    { name: 'useBias', kind: 'bool', default: true, doc: 'Add a trainable bias vector.' },
    {
      name: 'kernelInit',
      kind: 'enum',
      default: 'glorotUniform',
      options: LAYER_INITIALIZERS,
      doc: 'Initializer of the weight matrix W.',
    },
  ],
  inputs: [{ name: 'in', doc: 'A batch of vectors [N, k] (or [N, …, k]: the last axis is transformed).' }],
  output: outPort('act(x·W + b), shape [N, units].'),
  formula: { forward: 'y = act(x · W + b)', local: "dy/dx = act'(s) · Wᵀ,  dy/dW = xᵀ · act'(s)" },
  expansion: denseExpansion,
  penalisedWeight: 'kernel',
  shape: (ctx) => {
    const input = requireInput(ctx, 'in');
    if (input.shape.length < 2 || input.shape[0] !== 'N')
      throw new ShapeError(
        `Dense needs a batch of vectors [N, k]: input "in" from node "${input.from}" has shape ${formatShape(input.shape)}`,
        'in',
      );
    return [...input.shape.slice(0, -1), ctx.params.int('units')];
  },
  weights: (ctx) => {
    const input = requireInput(ctx, 'in');
    const k = input.shape[input.shape.length - 1] as number;
    const units = ctx.params.int('units');
    const kernel = {
      name: 'kernel',
      shape: [k, units],
      init: { kind: ctx.params.str('kernelInit') } as { kind: 'glorotUniform' },
      trainable: true,
    };
    return ctx.params.bool('useBias')
      ? [kernel, { name: 'bias', shape: [units], init: { kind: 'zeros' }, trainable: true }]
      : [kernel];
  },
  forward: ({ inputs, weights, params, tf, needsGrad }) => {
    const x = inputs.in[0];
    const flat = x.rank > 2 ? x.reshape([-1, x.shape[x.rank - 1]]) : x;
    const activation = params.str('activation');
    let y = denseProduct(tf, flat, weights.kernel, weights.bias, activation, needsGrad?.('in') ?? true);
    if (x.rank > 2) y = y.reshape([...x.shape.slice(0, -1), params.int('units')]);
    return appliesActivation(activation) ? y : applyActivation(tf, activation, y);
  },
};

/** Batch normalization: standardises each feature over the batch, then rescales it with learned γ and β. */
import { ShapeError } from '../shapes/shape';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec, ShapeContext } from './spec';

/** Number of features (the last axis) of a batch-norm input, checked. */
function featureCount(ctx: ShapeContext): number {
  const input = requireInput(ctx, 'in');
  const last = input.shape[input.shape.length - 1];
  if (input.shape.length < 2 || input.shape[0] !== 'N' || typeof last !== 'number')
    throw new ShapeError(
      `BatchNormalization needs a batch [N, …, features] with at least two axes: ${describeInput('in', input)}`,
      'in',
    );
  return last;
}

export const BatchNormalization: OpSpec = {
  op: 'BatchNormalization',
  title: 'BatchNormalization',
  category: 'layer',
  doc: 'Normalises every feature (the last axis, e.g. each channel of an image) to mean 0 and variance 1, then scales by a learned γ and shifts by a learned β. In training the mean and variance come from the current batch, so the next layer sees inputs on a steady scale, which usually lets the network train faster with larger learning rates; the layer also keeps moving averages of them. At inference it uses those moving averages instead, so a prediction does not depend on the rest of the batch.',
  params: [
    {
      name: 'momentum',
      kind: 'float',
      default: 0.99,
      min: 0,
      max: 1,
      doc: 'How much of the old moving average each step keeps: avg ← m·avg + (1 − m)·batch value.',
    },
    {
      name: 'epsilon',
      kind: 'float',
      default: 1e-3,
      min: 1e-12,
      max: 1,
      doc: 'Small number added to the variance so a constant feature does not divide by zero.',
    },
  ],
  inputs: [
    { name: 'in', doc: 'A batch [N, …, features]; each feature of the last axis is normalised separately.' },
  ],
  output: outPort('γ · (x − μ) / √(σ² + ε) + β, same shape as the input.'),
  formula: {
    forward:
      'y = γ · (x − μ) / √(σ² + ε) + β,  μ, σ² over the batch (training) or moving averages (inference)',
    local:
      'dy/dγ = x̂,  dy/dβ = 1,  dE/dx = γ/√(σ² + ε) · (δ − mean(δ) − x̂ · mean(δ · x̂)) with x̂ = (x − μ)/√(σ² + ε), δ = dE/dy',
  },
  shape: (ctx) => {
    featureCount(ctx);
    return requireInput(ctx, 'in').shape;
  },
  weights: (ctx) => {
    const shape = [featureCount(ctx)];
    return [
      { name: 'gamma', shape, init: { kind: 'ones' }, trainable: true },
      { name: 'beta', shape, init: { kind: 'zeros' }, trainable: true },
      { name: 'movingMean', shape, init: { kind: 'zeros' }, trainable: false },
      { name: 'movingVariance', shape, init: { kind: 'ones' }, trainable: false },
    ];
  },
  forward: ({ inputs, weights, params, training, stateUpdates, tf }) => {
    const x = inputs.in[0];
    const epsilon = params.num('epsilon');
    let mean = weights.movingMean;
    let variance = weights.movingVariance;
    if (training) {
      // Moments over every axis but the features; the gradient flows through them into x.
      const batch = tf.moments(x, [...Array(x.rank - 1).keys()]);
      mean = batch.mean;
      variance = batch.variance;
      const m = params.num('momentum');
      const average = (old: typeof mean, current: typeof mean) =>
        tf.add(tf.mul(old, m), tf.mul(current, 1 - m));
      stateUpdates.push(
        { name: 'movingMean', value: average(weights.movingMean, mean) },
        { name: 'movingVariance', value: average(weights.movingVariance, variance) },
      );
    }
    const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(normalised, weights.gamma), weights.beta);
  },
};

export const normalizationOps: OpSpec[] = [BatchNormalization];

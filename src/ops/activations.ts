/** Activation functions: elementwise non-linearities (and softmax), and how layers apply them. */
import type * as tfType from '@tensorflow/tfjs';
import { ShapeError } from '../shapes/shape';
import { activation, sameAsInput } from './activation-kit';
import { ELU } from './elu';
import { resolveParams } from './params';
import type { OpSpec, Params } from './spec';
import { Swish } from './swish';

export const Sigmoid = activation(
  'Sigmoid',
  'Sigmoid',
  'The logistic function 1/(1+e^−A): squashes any value into (0, 1). Its derivative B(1−B) is at most 0.25, so deep stacks of sigmoids pass back ever smaller gradients.',
  { forward: 'B = 1 / (1 + e^(−A))', local: 'dB/dA = B · (1 − B)' },
  ({ inputs, tf }) => tf.sigmoid(inputs.in[0]),
  { layerActivation: { name: 'sigmoid' }, health: { kind: 'saturating', low: 0, high: 1 } },
);

export const Tanh = activation(
  'Tanh',
  'Tanh',
  'Hyperbolic tangent: squashes values into (−1, 1), centred on 0.',
  { forward: 'B = tanh(A)', local: 'dB/dA = 1 − B²' },
  ({ inputs, tf }) => tf.tanh(inputs.in[0]),
  { layerActivation: { name: 'tanh' }, health: { kind: 'saturating', low: -1, high: 1 } },
);

export const ReLU = activation(
  'ReLU',
  'ReLU',
  'Rectified linear unit max(0, A): passes positive values, zeroes negative ones. Gradient 1 for A > 0 and 0 otherwise.',
  { forward: 'B = max(0, A)', local: 'dB/dA = 1 if A > 0 else 0' },
  ({ inputs, tf }) => tf.relu(inputs.in[0]),
  { layerActivation: { name: 'relu' }, health: { kind: 'rectifying' } },
);

export const LeakyReLU = activation(
  'LeakyReLU',
  'Leaky ReLU',
  'Like ReLU, but negative inputs keep a small slope α so their gradient never dies.',
  { forward: 'B = A if A > 0 else α·A', local: 'dB/dA = 1 if A > 0 else α' },
  ({ inputs, params, tf }) => tf.leakyRelu(inputs.in[0], params.num('alpha')),
  {
    params: [
      {
        name: 'alpha',
        title: 'slope α',
        symbol: 'α',
        kind: 'float',
        default: 0.01,
        min: 0,
        max: 1,
        doc: 'Slope α for negative inputs.',
      },
    ],
    // Layers use tf.layers' slope, not the op's default.
    layerActivation: { name: 'leakyRelu', params: { alpha: 0.2 } },
  },
);

export const Softmax = activation(
  'Softmax',
  'Softmax',
  'Turns a vector of scores into probabilities that sum to 1 along the last axis: e^Aᵢ / Σⱼ e^Aⱼ.',
  { forward: 'Bᵢ = e^Aᵢ / Σⱼ e^Aⱼ', local: 'dBᵢ/dAⱼ = Bᵢ (δᵢⱼ − Bⱼ)' },
  ({ inputs, tf }) => tf.softmax(inputs.in[0]),
  {
    // Not elementwise: every output depends on every input of its row.
    elementwise: false,
    shape: (ctx) => {
      const shape = sameAsInput(ctx);
      if (shape.length < 1) throw new ShapeError('softmax needs at least one axis, got a scalar', 'in');
      return shape;
    },
    layerActivation: { name: 'softmax' },
  },
);

export const Linear = activation(
  'Linear',
  'Linear',
  'The identity: B = A. Useful as an explicit "no activation" for regression outputs.',
  { forward: 'B = A', local: 'dB/dA = 1' },
  ({ inputs }) => inputs.in[0],
  { layerActivation: { name: 'linear', identity: true } },
);

/** All activation specs, in palette order. Adding an activation means adding its spec here. */
export const activationOps: OpSpec[] = [Sigmoid, Tanh, ReLU, LeakyReLU, ELU, Swish, Softmax, Linear];

/** An activation as layers apply it: its spec and the params it runs with. */
export interface AppliedActivation {
  /** The name a layer's `activation` param uses. */
  name: string;
  spec: OpSpec;
  params: Params;
  identity: boolean;
}

const applied: AppliedActivation[] = activationOps.flatMap((spec) => {
  const layer = spec.layerActivation;
  if (!layer) return [];
  const { params, problems } = resolveParams(spec, layer.params ?? {});
  if (problems.length) throw new Error(`${spec.op}: bad layer params: ${problems[0].message}`);
  return [{ name: layer.name, spec, params, identity: layer.identity === true }];
});

/** Activation names a layer's `activation` param accepts; the identity ("no activation") first. */
export const ACTIVATIONS: readonly string[] = [
  ...applied.filter((a) => a.identity),
  ...applied.filter((a) => !a.identity),
].map((a) => a.name);

/** The activation that changes nothing: what a layer without an activation node applies. */
export const IDENTITY_ACTIVATION: string = ACTIVATIONS[0];

/** Ops that play a layer's (non-identity) activation in an expanded layer. */
export const LAYER_ACTIVATION_OPS: readonly string[] = applied
  .filter((a) => !a.identity)
  .map((a) => a.spec.op);

const byName = new Map(applied.map((a) => [a.name, a]));
const byOp = new Map(applied.map((a) => [a.spec.op, a]));

/** The activation a layer's `activation` param names, or undefined. */
export function layerActivation(name: string): AppliedActivation | undefined {
  return byName.get(name);
}

/** The layer activation an op is, or undefined when layers do not apply that op. */
export function layerActivationOfOp(op: string): AppliedActivation | undefined {
  return byOp.get(op);
}

/** Applies a named activation with the params layers use (for layers with an `activation` param). */
export function applyActivation(tf: typeof tfType, name: string, x: tfType.Tensor): tfType.Tensor {
  const a = byName.get(name);
  if (!a) throw new Error(`unknown activation "${name}"`);
  if (a.identity) return x;
  return a.spec.forward({
    inputs: { in: [x] },
    params: a.params,
    weights: {},
    training: false,
    seed: 0,
    feeds: {},
    stateUpdates: [],
    tf,
  });
}

/**
 * The activation a node's output goes through: its own spec for an activation op, the activation a
 * layer's `activation` param names, or undefined.
 */
export function outputActivation(spec: OpSpec, params: Params): AppliedActivation | undefined {
  if (spec.layerActivation) return layerActivationOfOp(spec.op);
  const named = spec.params.some((p) => p.name === 'activation') ? params.str('activation') : null;
  return named ? layerActivation(named) : undefined;
}

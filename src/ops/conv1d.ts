/** Conv1D: a kernel sliding along a sequence, e.g. over the word vectors of a sentence (CNN for text). */
import type * as tfType from '@tensorflow/tfjs';
import { ShapeError } from '../shapes/shape';
import { ACTIVATIONS, applyActivation } from './activations';
import { conv2d, PADDINGS, windowOutputSize } from './conv';
import type { Padding } from './conv';
import { LAYER_INITIALIZERS } from './dense';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec, ShapeContext, WeightDecl } from './spec';

/** The input on port `in`, checked to be a batch of sequences [N, length, channels]. */
export function requireSequence(ctx: ShapeContext, op: string): { length: number; channels: number } {
  const input = requireInput(ctx, 'in');
  const [n, length, channels] = input.shape;
  if (input.shape.length !== 3 || n !== 'N' || typeof length !== 'number' || typeof channels !== 'number')
    throw new ShapeError(
      `${op} needs a batch of sequences [N, length, channels] (e.g. the word vectors of an Embedding): ${describeInput('in', input)}`,
      'in',
    );
  return { length, channels };
}

export const Conv1D: OpSpec = {
  op: 'Conv1D',
  title: 'Conv1D',
  category: 'layer',
  doc: '1-D convolution: a kernel of `kernelSize` positions slides along a sequence and, at each position, takes a weighted sum of the vectors under it plus a bias, then an activation. On word vectors a kernel of size 2 or 3 is a detector of a short phrase (“not good”), wherever it occurs in the sentence. Each of the `filters` kernels gives one output channel. Sequences are [N, length, channels].',
  params: [
    {
      name: 'filters',
      face: true,
      kind: 'int',
      default: 8,
      min: 1,
      max: 4096,
      doc: 'Number of kernels, i.e. output channels.',
    },
    {
      name: 'kernelSize',
      face: true,
      kind: 'int',
      default: 3,
      min: 1,
      max: 1024,
      doc: 'Positions the kernel covers (words in a phrase).',
    },
    { name: 'strides', kind: 'int', default: 1, min: 1, max: 1024, doc: 'Step between kernel positions.' },
    {
      name: 'padding',
      kind: 'enum',
      default: 'valid',
      options: PADDINGS,
      doc: '"valid": only positions where the kernel fits; "same": pad with zeros so the output is ⌈length/stride⌉.',
    },
    {
      name: 'activation',
      face: true,
      kind: 'enum',
      default: 'linear',
      options: ACTIVATIONS,
      doc: 'Activation applied to x∗K + b.',
    },
    { name: 'useBias', kind: 'bool', default: true, doc: 'Add a trainable bias per filter.' },
    {
      name: 'kernelInit',
      kind: 'enum',
      default: 'glorotUniform',
      options: LAYER_INITIALIZERS,
      doc: 'Initializer of the kernels K.',
    },
  ],
  inputs: [{ name: 'in', doc: 'A batch of sequences [N, length, channels].' }],
  penalisedWeight: 'kernel',
  output: outPort('act(x∗K + b), shape [N, outLength, filters].'),
  formula: {
    forward: 'y[i,f] = act(Σ_(a,c) x[i·s+a, c] · K[a,c,f] + b[f])',
    local: "dE/dx = δ slid back through K,  dE/dK[a,c,f] = Σ_(n,i) x[i·s+a, c] · δ[i,f]  (δ = dE/dy · act')",
  },
  shape: (ctx) => {
    const { length } = requireSequence(ctx, 'Conv1D');
    const k = ctx.params.int('kernelSize');
    const padding = ctx.params.str('padding') as Padding;
    if (padding === 'valid' && k > length)
      throw new ShapeError(
        `Conv1D kernel of ${k} positions is longer than the sequence of ${length} with padding "valid"; use a smaller kernelSize or padding "same"`,
        'in',
      );
    return ['N', windowOutputSize(length, k, ctx.params.int('strides'), padding), ctx.params.int('filters')];
  },
  weights: (ctx) => {
    const { channels } = requireSequence(ctx, 'Conv1D');
    const filters = ctx.params.int('filters');
    const kernel: WeightDecl = {
      name: 'kernel',
      shape: [ctx.params.int('kernelSize'), channels, filters],
      init: { kind: ctx.params.str('kernelInit') } as { kind: 'glorotUniform' },
      trainable: true,
    };
    return ctx.params.bool('useBias')
      ? [kernel, { name: 'bias', shape: [filters], init: { kind: 'zeros' }, trainable: true }]
      : [kernel];
  },
  forward: ({ inputs, weights, params, tf }) => {
    // A sequence is an image one row high: the 2-D convolution with its wasm-safe gradients does it.
    const x = inputs.in[0];
    const [n, length, channels] = x.shape;
    const [k, , filters] = weights.kernel.shape;
    const image = tf.reshape(x, [n, 1, length, channels]) as tfType.Tensor4D;
    const kernel = tf.reshape(weights.kernel, [1, k, channels, filters]) as tfType.Tensor4D;
    const stride = params.int('strides');
    const y = conv2d(tf, image, kernel, [1, stride], params.str('padding') as Padding);
    let s: tfType.Tensor = tf.reshape(y, [n, y.shape[2], filters]);
    if (weights.bias) s = tf.add(s, weights.bias);
    return applyActivation(tf, params.str('activation'), s);
  },
};

/**
 * Max over time with its gradient routed to the first maximum of each channel only. tf.max's own
 * gradient gives it to every tied position, and padded positions of a sentence tie all the time.
 */
function maxOverTime(tf: typeof tfType, x: tfType.Tensor): tfType.Tensor {
  return tf.customGrad((xIn, save) => {
    const input = xIn as tfType.Tensor3D;
    const length = input.shape[1];
    const winner = tf.argMax(input, 1); // [N, C], the first maximum
    (save as tfType.GradSaveFunc)([winner]);
    return {
      value: tf.max(input, 1),
      gradFunc: (dy, [w]) => {
        const mask = tf.transpose(tf.oneHot(w as tfType.Tensor2D, length), [0, 2, 1]); // [N, L, C]
        return tf.mul(mask, tf.expandDims(dy, 1));
      },
    };
  })(x);
}

function globalPool(
  op: string,
  doc: string,
  formula: { forward: string; local: string },
  max: boolean,
): OpSpec {
  return {
    op,
    title: op,
    category: 'layer',
    doc,
    params: [],
    inputs: [{ name: 'in', doc: 'A batch of sequences [N, length, channels].' }],
    output: outPort('One value per channel [N, channels].'),
    formula,
    shape: (ctx) => ['N', requireSequence(ctx, op).channels],
    forward: ({ inputs, tf }) => (max ? maxOverTime(tf, inputs.in[0]) : tf.mean(inputs.in[0], 1)),
  };
}

export const GlobalMaxPool1D = globalPool(
  'GlobalMaxPool1D',
  'Max over time: keeps the largest value of each channel along the whole sequence, so a Conv1D filter reports whether its phrase occurs anywhere in the sentence, whatever its length. The gradient goes only to the position that won (the first one if several tie).',
  {
    forward: 'y[c] = maxᵢ x[i, c]',
    local: 'dy[c]/dx[i, c] = 1 at the first maximum i of channel c, 0 elsewhere',
  },
  true,
);

export const GlobalAvgPool1D = globalPool(
  'GlobalAvgPool1D',
  'Average over time: the mean of each channel along the sequence [N, length, channels] → [N, channels]. After an Embedding it is a bag of embeddings: the average word vector of the sentence. The gradient is shared equally among the positions.',
  { forward: 'y[c] = (1/L) Σᵢ x[i, c]', local: 'dy[c]/dx[i, c] = 1/L' },
  false,
);

export const sequenceOps: OpSpec[] = [Conv1D, GlobalMaxPool1D, GlobalAvgPool1D];

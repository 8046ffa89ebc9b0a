/** Mean: the average over axes, e.g. of CBOW's context embeddings or of a sentence's word vectors. */
import { formatShape, ShapeError } from '../shapes/shape';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec } from './spec';

/** The axes a Mean node averages over, made non-negative; checked against the input's rank. */
function meanAxes(axes: number[], rank: number, where: string): number[] {
  const out = axes.map((a) => (a < 0 ? a + rank : a));
  out.forEach((a, i) => {
    if (a < 0 || a >= rank)
      throw new ShapeError(`axis ${axes[i]} is outside the ${rank} axes of ${where}`, 'axes');
  });
  if (new Set(out).size !== out.length)
    throw new ShapeError(`axes [${axes.join(',')}] name an axis twice`, 'axes');
  return out;
}

export const Mean: OpSpec = {
  op: 'Mean',
  title: 'Mean',
  category: 'operation',
  doc: 'Averages a tensor over the given axes. On word vectors [N, words, dim] with axes [1] it gives one vector per example, the mean of its words: CBOW’s hidden layer z = (1/M)(v₁ + … + v_M), or a bag of embeddings for a sentence. The gradient is shared equally: each averaged value gets 1/M of it.',
  params: [
    {
      name: 'axes',
      face: true,
      kind: 'ints',
      default: [1],
      min: -6,
      max: 6,
      minLength: 1,
      maxLength: 6,
      doc: 'Axes to average over (1: the axis after the batch). The batch axis 0 cannot be averaged.',
    },
    { name: 'keepDims', kind: 'bool', default: false, doc: 'Keep averaged axes with size 1.' },
  ],
  inputs: [{ name: 'in', doc: 'A, e.g. word vectors [N, words, dim].' }],
  output: outPort('B = mean of A over the axes.'),
  formula: { forward: 'B = (1/M) Σᵢ Aᵢ', local: 'dB/dAᵢ = 1/M' },
  shape: (ctx) => {
    const input = requireInput(ctx, 'in');
    const shape = input.shape;
    const axes = meanAxes(ctx.params.ints('axes'), shape.length, describeInput('in', input));
    if (axes.includes(0) && shape[0] === 'N')
      throw new ShapeError(
        `Mean cannot average over the batch axis 0 of ${formatShape(shape)}: every example needs its own value; use axes [1] for the axis after it`,
        'axes',
      );
    const keep = ctx.params.bool('keepDims');
    return shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  },
  forward: ({ inputs, params, tf }) => tf.mean(inputs.in[0], params.ints('axes'), params.bool('keepDims')),
};

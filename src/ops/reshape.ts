/** Layers that rearrange the values of each example without changing them: Flatten and Reshape. */
import { formatShape, ShapeError, sizeWithoutBatch } from '../shapes/shape';
import type { Shape } from '../shapes/shape';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec, ShapeContext, ShapeInput } from './spec';

/** The input on port `in`, checked to carry the batch dimension first. */
function requireBatch(ctx: ShapeContext, op: string): ShapeInput {
  const input = requireInput(ctx, 'in');
  if (input.shape[0] !== 'N' || input.shape.slice(1).includes('N'))
    throw new ShapeError(`${op} needs a batch [N, …]: ${describeInput('in', input)}`, 'in');
  return input;
}

export const Flatten: OpSpec = {
  op: 'Flatten',
  title: 'Flatten',
  category: 'layer',
  doc: 'Lays out all values of each example in one long vector, row by row: an image [N, 28, 28, 1] becomes [N, 784]. Nothing is computed and there are no weights; it is how a convolutional part of a network hands its feature maps to Dense layers.',
  params: [],
  inputs: [{ name: 'in', doc: 'A batch [N, …] of any shape.' }],
  output: outPort('The same values, shape [N, product of the other dimensions].'),
  formula: {
    forward: 'y[n, k] = x[n, i, j, c] with k = (i·W + j)·C + c',
    local: 'dy/dx = 1 (the gradient is reshaped back)',
  },
  shape: (ctx) => ['N', sizeWithoutBatch(requireBatch(ctx, 'Flatten').shape)],
  forward: ({ inputs }) => {
    const x = inputs.in[0];
    return x.reshape([x.shape[0], -1]);
  },
};

export const Reshape: OpSpec = {
  op: 'Reshape',
  title: 'Reshape',
  category: 'layer',
  doc: 'Gives each example a new shape holding the same values in the same row-by-row order, e.g. a flat [N, 784] input becomes images [N, 28, 28, 1] for Conv2D. The target shape leaves out the batch; one entry may be −1, meaning "whatever size makes the count match". The number of values per example cannot change.',
  params: [
    {
      name: 'shape',
      face: true,
      kind: 'ints',
      default: [-1],
      min: -1,
      max: 1_000_000,
      minLength: 1,
      maxLength: 6,
      doc: 'Target shape of one example, without the batch dimension; one entry may be −1 (inferred).',
    },
  ],
  inputs: [{ name: 'in', doc: 'A batch [N, …] of any shape.' }],
  output: outPort('The same values, shape [N, …shape].'),
  formula: {
    forward: 'y = x arranged as [N, …shape] (row-major order kept)',
    local: 'dy/dx = 1 (the gradient is reshaped back)',
  },
  shape: (ctx) => {
    const input = requireBatch(ctx, 'Reshape');
    const target = ctx.params.ints('shape');
    const size = sizeWithoutBatch(input.shape);
    const targetText = formatShape(['N', ...target]);
    // 0 passes the param's bounds (which allow −1) but is not a size.
    if (target.includes(0))
      throw new ShapeError(`Reshape target ${targetText} has a 0; sizes must be ≥ 1 or −1`);
    const free = target.filter((d) => d === -1).length;
    if (free > 1)
      throw new ShapeError(
        `Reshape target ${targetText} has ${free} entries −1; at most one can be inferred`,
      );
    const known = target.reduce((acc, d) => (d === -1 ? acc : acc * d), 1);
    const out: Shape = ['N', ...target.map((d) => (d === -1 ? size / known : d))];
    if (free === 1 ? size % known !== 0 : size !== known)
      throw new ShapeError(
        `Reshape cannot arrange ${size} values per example into ${targetText}, ${free ? `as ${size} is not a multiple of ${known}` : `which holds ${known}`}: ${describeInput('in', input)}`,
        'in',
      );
    return out;
  },
  forward: ({ inputs, params }) => {
    const x = inputs.in[0];
    return x.reshape([x.shape[0], ...params.ints('shape')]);
  },
};

export const reshapeOps: OpSpec[] = [Flatten, Reshape];

/** Embedding: a trainable lookup table from integer ids (words, categories) to dense vectors. */
import type * as tfType from '@tensorflow/tfjs';
import { ShapeError } from '../shapes/shape';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec } from './spec';

/**
 * Row lookup table[ids] with its gradient spelled out. tf.gather's own gradient needs the
 * UnsortedSegmentSum kernel, which the wasm backend lacks, and fails on float ids; scatterND sums
 * the gradients of repeated ids on every backend. The ids get a zero gradient: they are not
 * differentiable.
 */
export function lookup(tf: typeof tfType, table: tfType.Tensor, ids: tfType.Tensor): tfType.Tensor {
  const [rows, dim] = table.shape;
  const op = tf.customGrad((tableIn, idsIn, save) => {
    const index = tf.cast(idsIn as tfType.Tensor, 'int32');
    (save as tfType.GradSaveFunc)([index]);
    return {
      value: tf.gather(tableIn as tfType.Tensor, index),
      gradFunc: (dy, [saved]) => [
        tf.scatterND(tf.reshape(saved, [-1, 1]), tf.reshape(dy, [-1, dim]), [rows, dim]),
        tf.zeros(ids.shape),
      ],
    };
  });
  return op(table, ids);
}

export const Embedding: OpSpec = {
  op: 'Embedding',
  title: 'Embedding',
  category: 'layer',
  doc: 'Turns integer ids, such as word or category numbers, into dense vectors: row k of a trainable table holds the vector of id k, and the layer simply looks it up. Training moves the vectors of ids that play similar roles close together. It is the same as multiplying a one-hot vector by a weight matrix, without building the one-hot vector. Ids come in as numbers 0 … inputDim − 1.',
  params: [
    {
      name: 'inputDim',
      kind: 'int',
      default: 100,
      min: 1,
      max: 1_000_000,
      doc: 'Vocabulary size: number of distinct ids, which must lie in 0 … inputDim − 1.',
    },
    {
      name: 'outputDim',
      face: true,
      kind: 'int',
      default: 8,
      min: 1,
      max: 65536,
      doc: 'Length of each id’s vector.',
    },
  ],
  inputs: [{ name: 'in', doc: 'A batch of integer ids [N, L] (or [N]), stored as numbers.' }],
  idInput: { port: 'in', countParam: 'inputDim' },
  penalisedWeight: 'embeddings',
  output: outPort('The vectors of the ids, shape [N, L, outputDim] (or [N, outputDim]).'),
  formula: {
    forward: 'y[n, l] = E[x[n, l]]  (row x[n, l] of the table E)',
    local: 'dy/dE[k] = 1 for each position whose id is k (gradients of repeated ids add up),  dy/dx = 0',
  },
  shape: (ctx) => {
    const input = requireInput(ctx, 'in');
    if (input.shape.length < 1 || input.shape[0] !== 'N')
      throw new ShapeError(
        `Embedding needs a batch of ids [N, L] or [N]: ${describeInput('in', input)}`,
        'in',
      );
    return [...input.shape, ctx.params.int('outputDim')];
  },
  weights: ({ params }) => [
    {
      name: 'embeddings',
      shape: [params.int('inputDim'), params.int('outputDim')],
      init: { kind: 'uniform', min: -0.05, max: 0.05 },
      trainable: true,
    },
  ],
  forward: ({ inputs, weights, tf }) => lookup(tf, weights.embeddings, inputs.in[0]),
};

export const embeddingOps: OpSpec[] = [Embedding];

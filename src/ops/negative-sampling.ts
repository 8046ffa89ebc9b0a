/**
 * word2vec's negative-sampling loss (Mikolov et al. 2013, as the lecture writes it): instead of a
 * softmax over the whole vocabulary, each (word, context word) pair is scored by
 * P(D = 1 | w, c) = σ(u_c · z) against k words drawn at random that did not come from the corpus,
 * E = −log σ(u_c · z) − Σₖ log σ(−u_nₖ · z). Only the output vectors u of the true context word
 * and of the k drawn words get a gradient, (σ(u·z) − t) z, and the hidden layer gets
 * Σ_w (σ(u_w · z) − t_w) u_w: k + 1 dot products per example instead of |V|.
 */
import { formatShape, ShapeError } from '../shapes/shape';
import { lookup } from './embedding';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec, ShapeContext } from './spec';

/** Hidden vector z [N, D] on the prediction port and context ids [N] (or [N, 1]): the loss is a scalar. */
function shape(ctx: ShapeContext) {
  const z = requireInput(ctx, 'prediction');
  const t = requireInput(ctx, 'target');
  if (z.shape.length !== 2 || z.shape[0] !== 'N' || typeof z.shape[1] !== 'number')
    throw new ShapeError(
      `the hidden layer must be vectors [N, D]: ${describeInput('prediction', z)}`,
      'prediction',
    );
  const ids = t.shape[0] === 'N' && (t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1));
  if (!ids)
    throw new ShapeError(
      `the target must be one word id per example, [N] (a Target with encoding "index"), got ${formatShape(t.shape)}`,
      'target',
    );
  return [];
}

/** Registry entry of the negative-sampling loss. */
export const NegativeSamplingLoss: OpSpec = {
  op: 'NegativeSamplingLoss',
  title: 'Negative sampling loss',
  category: 'loss',
  role: 'loss',
  doc: 'word2vec with negative sampling: the true context word c is scored σ(u_c · z) and `negatives` words drawn at random σ(u_n · z); E = −log σ(u_c·z) − Σₖ log σ(−u_nₖ·z), averaged over the batch. The node owns the output vectors u (one row per word id). Negatives are drawn uniformly from ids `firstId` … vocabSize − 1 (the lecture’s freq^¾ table needs the corpus counts, which a node does not see), anew at every step.',
  params: [
    {
      name: 'vocabSize',
      kind: 'int',
      default: 1000,
      min: 2,
      max: 1_000_000,
      doc: 'Number of word ids |V| (rows of the output vectors u); the target ids must be below it.',
      face: true,
      symbol: '|V|',
    },
    {
      name: 'negatives',
      kind: 'int',
      default: 5,
      min: 1,
      max: 100,
      doc: 'Words drawn at random per example as the pairs that did not come from the corpus (k).',
      face: true,
      symbol: 'k',
    },
    {
      name: 'firstId',
      kind: 'int',
      default: 2,
      min: 0,
      max: 1_000_000,
      doc: 'Lowest id drawn as a negative: 2 leaves out <pad> (0) and <unk> (1) of the text data sets.',
    },
  ],
  labelIds: { port: 'target', countParam: 'vocabSize' },
  inputs: [
    {
      name: 'prediction',
      // Named as every loss's prediction port, so exports take z as the model's output (a word's vector).
      doc: 'The hidden layer z [N, D]: the centre word’s input vector (skip-gram) or the context average (CBOW).',
    },
    { name: 'target', doc: 'The id of the true context (or centre) word, [N].' },
  ],
  output: outPort('The loss E, a scalar (mean over the batch).'),
  formula: {
    forward: 'E = −log σ(u_c·z) − Σₖ log σ(−u_nₖ·z)',
    local: 'dE/d(u_w·z) = σ(u_w·z) − t_w;  dE/dz = Σ_w (σ(u_w·z) − t_w) u_w;  dE/du_w = (σ(u_w·z) − t_w) z',
  },
  accuracy: 'none',
  randomInTraining: true,
  shape,
  weights: ({ params, inputs }) => {
    const z = inputs.prediction?.[0]?.shape;
    const dim = typeof z?.[1] === 'number' ? z[1] : 1;
    return [
      {
        name: 'output',
        shape: [params.int('vocabSize'), dim],
        init: { kind: 'uniform', min: -0.05, max: 0.05 },
        trainable: true,
      },
    ];
  },
  forward: ({ inputs, params, weights, seed, tf }) => {
    const z = inputs.prediction[0];
    const n = z.shape[0];
    const u = weights.output;
    const vocab = params.int('vocabSize');
    const first = Math.min(params.int('firstId'), vocab - 1);
    const ids = tf.reshape(inputs.target[0], [n]);
    // u_c · z for the true context word of each example: [N].
    const positive = tf.sum(tf.mul(lookup(tf, u, ids), z), 1);
    // k ids per example, drawn uniformly from first … vocab − 1: [N, k], then u_n · z: [N, k].
    const drawn = tf.randomUniform([n, params.int('negatives')], first, vocab, 'int32', seed);
    const negative = tf.sum(
      tf.mul(
        tf.reshape(lookup(tf, u, tf.reshape(drawn, [-1])), [n, params.int('negatives'), -1]),
        tf.expandDims(z, 1),
      ),
      2,
    );
    // −log σ(x) = softplus(−x), written so for a stable gradient (tfjs's logSigmoid gradient fails on WASM).
    const perExample = tf.add(tf.softplus(tf.neg(positive)), tf.sum(tf.softplus(negative), 1));
    return tf.mean(perExample);
  },
};

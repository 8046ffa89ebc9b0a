/** Loss functions: compare a prediction with the targets and give one number to minimise. */
import type * as tfType from '@tensorflow/tfjs';
import { formatShape, sameShape, ShapeError } from '../shapes/shape';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { AccuracyKind, OpSpec, Params, ShapeContext } from './spec';

/** Probabilities are clipped this far from 0 and 1 before taking logs (as Keras does). */
export const EPSILON = 1e-7;

const lossPorts = [
  { name: 'prediction', doc: 'The network output y.' },
  { name: 'target', doc: 'The targets t.' },
];

function sameShapeRule(ctx: ShapeContext) {
  const y = requireInput(ctx, 'prediction');
  const t = requireInput(ctx, 'target');
  if (!sameShape(y.shape, t.shape))
    throw new ShapeError(
      `prediction and target must have the same shape: ${describeInput('prediction', y)}, ${describeInput('target', t)}`,
      'target',
    );
  if (y.shape[0] !== 'N')
    throw new ShapeError(`the prediction must be a batch [N, …], got ${formatShape(y.shape)}`, 'prediction');
  return [];
}

/** Prediction [N, K] against class indices [N] (or one-hot [N, K]). */
function classIndexRule(ctx: ShapeContext) {
  const y = requireInput(ctx, 'prediction');
  const t = requireInput(ctx, 'target');
  if (y.shape.length !== 2 || y.shape[0] !== 'N')
    throw new ShapeError(
      `the prediction must be class scores [N, K]: ${describeInput('prediction', y)}`,
      'prediction',
    );
  // One score cannot be a choice between classes (and one-hot encoding needs K ≥ 2).
  if (typeof y.shape[1] === 'number' && y.shape[1] < 2)
    throw new ShapeError(
      `the prediction must score at least 2 classes, got ${describeInput('prediction', y)}; use a binary loss for one output`,
      'prediction',
    );
  const indices = t.shape.length === 1 && t.shape[0] === 'N';
  if (!indices && !sameShape(y.shape, t.shape))
    throw new ShapeError(
      `the target must be class indices [N] or one-hot [N, K] like the prediction: ${describeInput('prediction', y)}, ${describeInput('target', t)}`,
      'target',
    );
  return [];
}

/** Mean over the batch of a per-example quantity summed over the remaining axes. */
function meanOverBatch(tf: typeof tfType, perElement: tfType.Tensor): tfType.Tensor {
  const axes = perElement.shape.map((_, i) => i).slice(1);
  const perExample = axes.length ? tf.sum(perElement, axes) : perElement;
  return tf.mean(perExample);
}

function loss(
  op: string,
  title: string,
  doc: string,
  formula: { forward: string; local: string },
  accuracy: AccuracyKind,
  forward: OpSpec['forward'],
  extra: Partial<OpSpec> = {},
): OpSpec {
  return {
    op,
    title,
    category: 'loss',
    role: 'loss',
    doc,
    params: [],
    inputs: lossPorts,
    output: outPort('The loss E, a scalar (mean over the batch).'),
    formula,
    accuracy,
    shape: sameShapeRule,
    forward,
    ...extra,
  };
}

export const L2Error = loss(
  'L2Error',
  'L2 error ½(t−y)²',
  'The slides’ error: E = ½ Σⱼ (tⱼ − yⱼ)² summed over the output units, averaged over the batch. Its derivative is simply dE/dy = −(t − y).',
  { forward: 'E = ½ Σ (t − y)²', local: 'dE/dy = −(t − y)' },
  'binary',
  ({ inputs, tf }) =>
    meanOverBatch(tf, tf.mul(0.5, tf.square(tf.sub(inputs.target[0], inputs.prediction[0])))),
);

export const MSE = loss(
  'MSE',
  'Mean squared error',
  'Mean of (t − y)² over all elements: the usual regression loss.',
  { forward: 'E = mean (t − y)²', local: 'dE/dy = −2 (t − y) / n' },
  'none',
  ({ inputs, tf }) => tf.mean(tf.square(tf.sub(inputs.target[0], inputs.prediction[0]))),
);

export const MAE = loss(
  'MAE',
  'Mean absolute error (L1)',
  'Mean of |t − y| over all elements. Less sensitive to outliers than the squared error.',
  { forward: 'E = mean |t − y|', local: 'dE/dy = −sign(t − y) / n' },
  'none',
  ({ inputs, tf }) => tf.mean(tf.abs(tf.sub(inputs.target[0], inputs.prediction[0]))),
);

/** The prediction is logits exactly when the node says so. */
const fromLogits = (params: Params) => params.bool('fromLogits');

const fromLogitsParam = {
  name: 'fromLogits',
  kind: 'bool' as const,
  default: false,
  doc: 'The prediction is raw scores (logits) rather than probabilities; the loss applies sigmoid/softmax itself, which is numerically safer.',
};

export const BinaryCrossEntropy = loss(
  'BinaryCrossEntropy',
  'Binary cross-entropy',
  'For yes/no outputs y ∈ (0, 1): E = −[t log y + (1 − t) log(1 − y)], averaged over all elements.',
  { forward: 'E = −[t log y + (1−t) log(1−y)]', local: 'dE/dy = (y − t) / (y (1 − y))' },
  'binary',
  ({ inputs, params, tf }) => {
    const t = inputs.target[0];
    const y = inputs.prediction[0];
    if (params.bool('fromLogits')) return tf.losses.sigmoidCrossEntropy(t, y);
    const p = tf.clipByValue(y, EPSILON, 1 - EPSILON);
    const ll = tf.add(tf.mul(t, tf.log(p)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, p))));
    return tf.neg(tf.mean(ll));
  },
  { params: [fromLogitsParam], takesLogits: fromLogits },
);

function logProbs(tf: typeof tfType, y: tfType.Tensor, fromLogits: boolean): tfType.Tensor {
  return fromLogits ? tf.logSoftmax(y) : tf.log(tf.clipByValue(y, EPSILON, 1 - EPSILON));
}

export const CategoricalCrossEntropy = loss(
  'CategoricalCrossEntropy',
  'Categorical cross-entropy',
  'For one-hot targets over K classes: E = −Σₖ tₖ log pₖ, averaged over the batch. With fromLogits the prediction is raw scores and softmax is applied inside (log-softmax).',
  { forward: 'E = −Σ tₖ log pₖ', local: 'dE/dpₖ = −tₖ / pₖ  (from logits: dE/dsₖ = pₖ − tₖ)' },
  'categorical',
  ({ inputs, params, tf }) =>
    meanOverBatch(
      tf,
      tf.neg(tf.mul(inputs.target[0], logProbs(tf, inputs.prediction[0], params.bool('fromLogits')))),
    ),
  { params: [fromLogitsParam], takesLogits: fromLogits },
);

/** One-hot [N, K] from indices [N] (or the target unchanged when it is already one-hot). */
function asOneHot(tf: typeof tfType, target: tfType.Tensor, k: number): tfType.Tensor {
  return target.rank === 1 ? tf.oneHot(tf.cast(target, 'int32'), k).toFloat() : target;
}

export const SparseCategoricalCrossEntropy = loss(
  'SparseCategoricalCrossEntropy',
  'Sparse categorical cross-entropy',
  'Cross-entropy with class indices as targets: E = −log p_c where c is the correct class, averaged over the batch.',
  { forward: 'E = −log p_c', local: 'dE/dp_c = −1 / p_c  (from logits: dE/dsₖ = pₖ − [k = c])' },
  'sparse',
  ({ inputs, params, tf }) => {
    const y = inputs.prediction[0];
    const t = asOneHot(tf, inputs.target[0], y.shape[1] as number);
    return meanOverBatch(tf, tf.neg(tf.mul(t, logProbs(tf, y, params.bool('fromLogits')))));
  },
  { params: [fromLogitsParam], takesLogits: fromLogits, shape: classIndexRule },
);

export const MulticlassHinge = loss(
  'MulticlassHinge',
  'Multiclass margin (hinge)',
  'The multiclass margin loss: E = Σ_{j≠c} max(0, s_j − s_c + Δ) for the correct class c, averaged over the batch. It is zero once the correct score beats every other by the margin Δ.',
  {
    forward: 'E = Σ_{j≠c} max(0, s_j − s_c + Δ)',
    local: 'dE/ds_j = [s_j − s_c + Δ > 0],  dE/ds_c = −Σ_j [s_j − s_c + Δ > 0]',
  },
  'sparse',
  ({ inputs, params, tf }) => {
    const s = inputs.prediction[0];
    const t = asOneHot(tf, inputs.target[0], s.shape[1] as number);
    const correct = tf.sum(tf.mul(s, t), 1, true);
    const margins = tf.relu(tf.add(tf.sub(s, correct), params.num('margin')));
    // The correct class contributes max(0, Δ) = Δ; mask it out.
    return meanOverBatch(tf, tf.mul(margins, tf.sub(1, t)));
  },
  {
    params: [
      { name: 'margin', kind: 'float', default: 1, min: 0, doc: 'Margin Δ the correct score must win by.' },
    ],
    // Margins compare raw scores: a multiclass hinge always reads logits.
    takesLogits: () => true,
    shape: classIndexRule,
  },
);

export const lossOps: OpSpec[] = [
  L2Error,
  MSE,
  MAE,
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  SparseCategoricalCrossEntropy,
  MulticlassHinge,
];

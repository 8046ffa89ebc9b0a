/**
 * The app's losses, penalties and accuracy written out in Python, with the app's exact conventions
 * (`src/ops/losses.ts`, `src/ops/regularizers.ts`, `src/train/metrics.ts`): which axes are summed
 * and which averaged, the ½ of the L2 error, probabilities clipped to [1e-7, 1 − 1e-7] before the
 * log, log-softmax for logits. Written for PyTorch tensors; the Keras export writes its own.
 */
import type { PyGraph } from './python-graph';
import { pyLiteral, pyNum } from './python-text';

/** Python source of each loss by op: `def <fn>(y, t, **params)` returning a scalar tensor. */
const TORCH_LOSS_CODE: Record<string, { fn: string; code: string; args?: (l: LossParams) => string }> = {
  L2Error: {
    fn: 'l2_error',
    code: `def l2_error(y, t):
    """½ Σ (t − y)² over each example's outputs, averaged over the batch (the slides' E)."""
    return per_example_sum(0.5 * (t - y) ** 2).mean()`,
  },
  MSE: {
    fn: 'mse',
    code: `def mse(y, t):
    """Mean of (t − y)² over all elements."""
    return ((t - y) ** 2).mean()`,
  },
  MAE: {
    fn: 'mae',
    code: `def mae(y, t):
    """Mean of |t − y| over all elements."""
    return (t - y).abs().mean()`,
  },
  BinaryCrossEntropy: {
    fn: 'binary_cross_entropy',
    args: (l) => `from_logits=${l.fromLogits ? 'True' : 'False'}`,
    code: `def binary_cross_entropy(y, t, from_logits):
    """−[t log y + (1 − t) log(1 − y)] averaged over all elements; y clipped to [ε, 1 − ε]."""
    if from_logits:
        return F.binary_cross_entropy_with_logits(y, t)
    p = y.clamp(EPSILON, 1 - EPSILON)
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()`,
  },
  CategoricalCrossEntropy: {
    fn: 'categorical_cross_entropy',
    args: (l) => `from_logits=${l.fromLogits ? 'True' : 'False'}`,
    code: `def categorical_cross_entropy(y, t, from_logits):
    """−Σₖ tₖ log pₖ per example, averaged over the batch (log-softmax for logits, else clipped log)."""
    return per_example_sum(-t * log_probs(y, from_logits)).mean()`,
  },
  SparseCategoricalCrossEntropy: {
    fn: 'sparse_categorical_cross_entropy',
    args: (l) => `from_logits=${l.fromLogits ? 'True' : 'False'}`,
    code: `def sparse_categorical_cross_entropy(y, t, from_logits):
    """−log p_c for the class index c, averaged over the batch."""
    return per_example_sum(-one_hot(t, y.shape[1]) * log_probs(y, from_logits)).mean()`,
  },
  MulticlassHinge: {
    fn: 'multiclass_hinge',
    args: (l) => `margin=${pyNum(l.margin)}`,
    code: `def multiclass_hinge(y, t, margin):
    """Σ_{j≠c} max(0, s_j − s_c + Δ) per example, averaged over the batch."""
    t = one_hot(t, y.shape[1])
    correct = (y * t).sum(1, keepdim=True)
    return per_example_sum(torch.relu(y - correct + margin) * (1 - t)).mean()`,
  },
};

interface LossParams {
  fromLogits: boolean;
  margin: number;
}

/** The elementwise function each penalty sums, λ Σ f(w). */
const TORCH_PENALTY: Record<string, string> = { L2Penalty: 'square', L1Penalty: 'abs' };

/** Ops whose loss or penalty code exists here. */
export function hasTorchObjective(op: string): boolean {
  return Object.hasOwn(TORCH_LOSS_CODE, op) || Object.hasOwn(TORCH_PENALTY, op);
}

const SHARED = `EPSILON = 1e-7  # probabilities are clipped this far from 0 and 1 before a log, as in the app


def per_example_sum(z):
    """Sum over every axis but the batch: one number per example."""
    return z.reshape(z.shape[0], -1).sum(1)


def one_hot(t, classes):
    """Class indices [N] as one-hot rows [N, K]; one-hot targets pass unchanged."""
    return F.one_hot(t.long(), classes).float() if t.dim() == 1 else t


def log_probs(y, from_logits):
    return torch.log_softmax(y, dim=-1) if from_logits else torch.log(y.clamp(EPSILON, 1 - EPSILON))`;

/**
 * The objective section of train.py: loss helpers, `data_terms(outputs, targets)` (the losses,
 * weighted) and `penalty_terms(net)` (the weight penalties), and `correct(outputs, targets)`.
 *
 * @param weightRef - The Python expression of a node's weight on the unwrapped module `net`.
 */
export function writeTorchObjective(
  py: PyGraph,
  weightRef: (nodeId: string, weightName: string) => string,
): string {
  const used = new Set(py.losses.map((l) => l.spec.op));
  const helpers = [...used].map((op) => TORCH_LOSS_CODE[op].code);
  const terms = py.losses.map((l) => {
    const code = TORCH_LOSS_CODE[l.spec.op];
    const params: LossParams = {
      fromLogits: l.params.raw.fromLogits === undefined ? false : l.params.bool('fromLogits'),
      margin: l.params.raw.margin === undefined ? 1 : l.params.num('margin'),
    };
    const args = code.args ? `, ${code.args(params)}` : '';
    const w = l.weight === 1 ? '' : `${pyNum(l.weight)} * `;
    return `        ${w}${code.fn}(outputs[${pyLiteral(l.prediction)}], targets[${pyLiteral(l.target)}]${args}),  # ${l.id}: ${l.spec.op}`;
  });
  const penalties = py.penalties.map((p) => {
    const value = weightRef(p.owner, p.weightName);
    const lam = pyNum(p.params.num('lambda') * p.weight);
    const body = `${value}.${TORCH_PENALTY[p.spec.op]}().sum()`;
    return `        ${lam} * ${body},  # ${p.id}: ${p.spec.op} on ${p.owner}`;
  });
  const acc = py.accuracy;
  const correct = !acc
    ? '    return None'
    : acc.kind === 'binary'
      ? `    y, t = outputs[${pyLiteral(acc.prediction)}], targets[${pyLiteral(acc.target)}]
    if not BINARY_LABELS:
        return None  # real-valued labels: no accuracy, as in the app
    hits = (y > ${pyNum(acc.threshold)}).float() == torch.round(t)
    return int(hits.reshape(len(y), -1).all(1).sum())`
      : `    y, t = outputs[${pyLiteral(acc.prediction)}], targets[${pyLiteral(acc.target)}]
    truth = t.argmax(-1) if t.dim() == y.dim() else t.long()
    return int((y.argmax(-1) == truth).sum())`;
  return `${SHARED}


${helpers.join('\n\n\n')}


def data_terms(outputs, targets):
    """The graph's losses, each times its weight in the objective (a mean over the batch)."""
    return sum([
${terms.join('\n')}
    ])


def penalty_terms(net):
    """The weight penalties (not averaged over examples)."""
    return sum([
${penalties.join('\n') || '        torch.zeros(())'}
    ])


def correct(outputs, targets):
    """Correctly classified examples of a batch, scored as the app does, or None."""
${correct}`;
}

/**
 * Step mode's lines for word2vec's negative-sampling loss, as the lecture writes them: only the
 * output vectors of the true context word c and of the drawn words get a gradient,
 * dE/du_w = (σ(u_w·z) − t_w) z with t_c = 1 and t_n = 0, and plain SGD moves those rows alone.
 * Which words were drawn is read off the walk (the rows whose gradient is not zero), and how often
 * each was drawn from its gradient; lines are shown only for a one-example step whose numbers
 * bear the formula out.
 */
import { getOp } from '../ops/registry';
import { num } from '../trace/format';
import { agree, forwardOf } from './embedding-walk';
import type { UpdateEvent } from './embedding-walk';
import type { StepWalk } from './stepper';

const vec = (v: readonly number[]) => `[${v.map((x) => num(x)).join(', ')}]`;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** Rows written out before the rest is summarised. */
const MAX_ROWS = 8;

/** One output vector the step moved. */
interface MovedRow {
  id: number;
  score: number;
  sigma: number;
  /** 1 for the true context word, else 0. */
  isTarget: boolean;
  /** Times the word was drawn as a negative. */
  drawn: number;
  grad: number[];
  old: number[];
}

/**
 * The lines of update event `u` when it is the output vectors of a loss that reads a word vector z
 * [1, D] and a word id: empty for any other event, a batch, or numbers that do not fit.
 */
export function negativeSamplingUpdateLines(
  walk: StepWalk,
  u: UpdateEvent,
  lr: number,
  word: (k: number) => string,
): string[] {
  const f = forwardOf(walk, u.nodeId);
  if (!f || getOp(f.op)?.role !== 'loss' || !u.grad?.values || !u.value.values) return [];
  const zFrom = f.inputs.find((i) => i.port === 'prediction')?.from;
  const tFrom = f.inputs.find((i) => i.port === 'target')?.from;
  const z = zFrom ? forwardOf(walk, zFrom)?.value : undefined;
  const t = tFrom ? forwardOf(walk, tFrom)?.value.values : undefined;
  const [rows, dim] = u.value.shape;
  if (!z?.values || !t || z.shape.length !== 2 || z.shape[0] !== 1 || z.shape[1] !== dim) return [];
  const zv = z.values;
  const target = Math.round(t[0]);
  const g = u.grad.values;
  const w = u.value.values;
  // The component of z that best shows the coefficient (σ − t)·m of each row.
  const pivot = zv.reduce((best, x, i) => (Math.abs(x) > Math.abs(zv[best]) ? i : best), 0);
  if (Math.abs(zv[pivot]) < 1e-6) return [];
  const moved: MovedRow[] = [];
  for (let k = 0; k < rows; k++) {
    const grad = g.slice(k * dim, (k + 1) * dim);
    if (k !== target && grad.every((x) => x === 0)) continue;
    const old = w.slice(k * dim, (k + 1) * dim);
    const score = old.reduce((s, x, i) => s + x * zv[i], 0);
    const sigma = sigmoid(score);
    const isTarget = k === target;
    // grad = ((σ − 1)·[k = c] + m·σ)·z: m, the times drawn, is what is left of the coefficient.
    const coefficient = grad[pivot] / zv[pivot];
    const drawn = Math.round((coefficient - (isTarget ? sigma - 1 : 0)) / sigma);
    const expected = zv.map((x) => ((isTarget ? sigma - 1 : 0) + drawn * sigma) * x);
    if (drawn < 0 || !agree(grad, expected)) return [];
    moved.push({ id: k, score, sigma, isTarget, drawn, grad, old });
  }
  const negatives = moved.reduce((n, r) => n + r.drawn, 0);
  const sgd = u.formula.startsWith('Δw = −μ · g');
  const name = (r: MovedRow) => `u_${word(r.id)}`;
  const lines = [
    `Negative sampling: only the output vectors of the true context word c = ${word(target)} and of the ${negatives} drawn words get a gradient, dE/du_w = (σ(u_w·z) − t_w) z with t_c = 1, t_n = 0; the other ${rows - moved.length} rows of ${u.key} get 0${sgd ? ' and keep their values' : ''}.`,
    `z = ${vec(zv)}`,
  ];
  for (const r of moved.slice(0, MAX_ROWS)) {
    const t = r.isTarget ? 1 : 0;
    const role = r.isTarget
      ? `true context word${r.drawn ? `, also drawn ${r.drawn}×` : ''}`
      : `drawn${r.drawn > 1 ? ` ${r.drawn}×` : ''}`;
    const factor = r.isTarget ? r.sigma - 1 + r.drawn * r.sigma : r.drawn * r.sigma;
    const how =
      r.drawn === 0 || (!r.isTarget && r.drawn === 1)
        ? `(σ(${num(r.score)}) − ${t}) = (${num(r.sigma)} − ${t}) = ${num(factor)}`
        : `${r.isTarget ? `(${num(r.sigma)} − 1) + ` : ''}${r.drawn}·${num(r.sigma)} = ${num(factor)}`;
    let line = `${name(r)} (${role}): u·z = ${num(r.score)}, dE/d${name(r)} = ${how} · z = ${vec(r.grad)}`;
    if (sgd)
      line += `; ${name(r)} ← ${vec(r.old)} − ${num(lr)} · dE = ${vec(r.old.map((x, i) => x - lr * r.grad[i]))}`;
    lines.push(line);
  }
  if (moved.length > MAX_ROWS) lines.push(`… and ${moved.length - MAX_ROWS} more rows`);
  return lines;
}

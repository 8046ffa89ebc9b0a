/**
 * Step mode's lines for word embeddings, the way the word2vec lecture writes them out: a lookup as
 * rows of the table Θ picked by the ids, CBOW's hidden layer z = (1/M) Σ v as the average of those
 * rows, the prediction error e = y − t of the softmax scores o = θ′z, the hidden-layer error
 * Σⱼ (yⱼ − tⱼ) θ′ⱼ, the update θ′ ← θ′ − η (y − t) zᵀ, and the table's gradient landing only on the
 * rows of the words in the step. Lines are shown for the first example of a batch, and only where the
 * walk's numbers bear the formula out (see `embedding-walk.ts`).
 */
import { num } from '../trace/format';
import { negativeSamplingUpdateLines } from './embedding-negsampling';
import {
  agree,
  averagedLookup,
  backwardOf,
  forwardOf,
  lookupOf,
  outputLayerAfter,
  softmaxError,
} from './embedding-walk';
import type { Lookup, SoftmaxError, UpdateEvent } from './embedding-walk';
import type { StepEvent, StepWalk } from './stepper';

/** Rows and terms listed one per line before the rest is summarised. */
const MAX_ROWS = 8;
/** Other words listed besides the target in sums over the vocabulary. */
const OTHERS = 3;

const vec = (v: readonly number[]) => `[${v.map((x) => num(x)).join(', ')}]`;

/** How the lines name id `k`: `5 (cat)` with a vocabulary, `5` without. */
function namer(vocabulary: readonly string[] | undefined) {
  return {
    id: (k: number) => (vocabulary?.[k] !== undefined ? `${k} (${vocabulary[k]})` : String(k)),
    word: (k: number) => vocabulary?.[k] ?? `#${k}`,
  };
}

/** The ids of example 0 of a lookup. */
const firstIds = (l: Lookup) => l.ids.slice(0, l.perExample);
const rowOf = (l: Lookup, position: number) => l.rows.slice(position * l.dim, (position + 1) * l.dim);
const batchNote = (n: number) => (n > 1 ? ` (example 1 of the batch of ${n})` : '');

function lookupLines(l: Lookup, names: ReturnType<typeof namer>): string[] {
  const ids = firstIds(l);
  const lines = [
    `Lookup: each id k picks row k of the table ${l.id}.${l.weight} (a one-hot x times the table is just that row, so there is no arithmetic)${batchNote(l.examples)}:`,
    `ids ${vec(ids)}${ids.length > 1 ? ` = ${ids.map((k) => names.word(k)).join(', ')}` : ''}`,
  ];
  ids.slice(0, MAX_ROWS).forEach((k, p) => lines.push(`row ${names.id(k)} = ${vec(rowOf(l, p))}`));
  if (ids.length > MAX_ROWS) lines.push(`… and ${ids.length - MAX_ROWS} more rows`);
  return lines;
}

function averageLines(id: string, l: Lookup, names: ReturnType<typeof namer>): string[] {
  const ids = firstIds(l);
  const m = ids.length;
  const v = (k: number) => `v_${names.word(k)}`;
  const mean = Array.from(
    { length: l.dim },
    (_, d) => ids.reduce((s, _k, p) => s + l.rows[p * l.dim + d], 0) / m,
  );
  const lines = [
    `CBOW's hidden layer: ${id} = (1/M)(v₁ + … + v_M), the average of the M = ${m} context words' input vectors${batchNote(l.examples)}:`,
    `${id} = (1/${m})(${ids.map(v).join(' + ')})`,
  ];
  if (m <= MAX_ROWS) lines.push(`= (1/${m})(${ids.map((_, p) => vec(rowOf(l, p))).join(' + ')})`);
  lines.push(`= ${vec(mean)}`);
  return lines;
}

/** The target word and the `OTHERS` most probable other words of example 0. */
function leaders(s: SoftmaxError): { target: number; others: number[] } {
  const target = s.target[0];
  const others = Array.from({ length: s.classes }, (_, j) => j)
    .filter((j) => j !== target)
    .sort((a, b) => s.y[b] - s.y[a])
    .slice(0, OTHERS);
  return { target, others };
}

function errorLines(s: SoftmaxError, names: ReturnType<typeof namer>): string[] {
  const { target, others } = leaders(s);
  const perBatch = s.examples > 1 ? ` / ${s.examples}` : '';
  return [
    `y = softmax(${s.id}) and the lecture's prediction error e_j = y_j − t_j (t: one-hot of the target word), so dE/d${s.id} = y − t${perBatch}${batchNote(s.examples)}:`,
    `target ${names.id(target)}: e = y − 1 = ${num(s.y[target])} − 1 = ${num(s.e[target])}`,
    `other words: e_j = y_j: ${others.map((j) => `${names.word(j)} ${num(s.y[j])}`).join(', ')}${s.classes - 1 > OTHERS ? ', …' : ''}`,
  ];
}

/** Column j of a [D, V] kernel: the output vector θ′ⱼ of word j. */
const column = (theta: readonly number[], classes: number, j: number) =>
  Array.from({ length: theta.length / classes }, (_, i) => theta[i * classes + j]);

function hiddenErrorLines(walk: StepWalk, id: string, names: ReturnType<typeof namer>): string[] {
  const out = outputLayerAfter(walk, id);
  const grad = backwardOf(walk, id)?.grad?.values;
  if (!out?.theta || !grad) return [];
  const { scores: s, theta } = out;
  const dim = theta.length / s.classes;
  // Σⱼ e_nj θ′ⱼ / N for every example n: must be the walk's dE/dz.
  const sum = Array.from({ length: s.examples * dim }, (_, k) => {
    const n = Math.floor(k / dim);
    let acc = 0;
    for (let j = 0; j < s.classes; j++) acc += s.e[n * s.classes + j] * theta[(k % dim) * s.classes + j];
    return acc / s.examples;
  });
  if (!agree(grad, sum)) return [];
  const { target, others } = leaders(s);
  const term = (j: number) => `${num(s.e[j])}·${vec(column(theta, s.classes, j))}`;
  const scale = s.examples > 1 ? `(1/${s.examples})·` : '';
  return [
    `The lecture's hidden-layer error: dE/d${id} = ${scale}Σⱼ (yⱼ − tⱼ) θ′ⱼ, θ′ⱼ the output vector of word j (column j of ${out.kernel.key})${batchNote(s.examples)}:`,
    `= ${scale}(e_${names.word(target)}·θ′_${names.word(target)} + ${others.map((j) => `e_${names.word(j)}·θ′_${names.word(j)}`).join(' + ')} + …)`,
    `= ${scale}(${[target, ...others].map(term).join(' + ')} + … ${s.classes} terms)`,
    `= ${vec(sum.slice(0, dim))}`,
  ];
}

function outputUpdateLines(
  walk: StepWalk,
  u: UpdateEvent,
  lr: number,
  names: ReturnType<typeof namer>,
): string[] {
  const s = softmaxError(walk, u.nodeId);
  const zId = forwardOf(walk, u.nodeId)?.inputs[0]?.from;
  const z = zId ? forwardOf(walk, zId)?.value.values : undefined;
  const grad = u.grad?.values;
  if (!s || !z || !grad || !zId) return [];
  const dim = z.length / s.examples;
  // dE/dθ′ = Σₙ zₙ eₙᵀ / N in the kernel's [D, V] layout.
  const outer = Array.from({ length: dim * s.classes }, (_, k) => {
    const i = Math.floor(k / s.classes);
    const j = k % s.classes;
    let acc = 0;
    for (let n = 0; n < s.examples; n++) acc += z[n * dim + i] * s.e[n * s.classes + j];
    return acc / s.examples;
  });
  if (!agree(grad, outer)) return [];
  const { target, others } = leaders(s);
  const sgd = u.formula.startsWith('Δw = −μ · g');
  const lines = [
    `The lecture's update of the output vectors: θ′_ji ← θ′_ji − η (y_j − t_j) ${zId}_i, i.e. dE/dθ′ = ${zId} (y − t)ᵀ${s.examples > 1 ? ` averaged over the ${s.examples} examples` : ''}: every word's vector θ′ⱼ (column j) moves along ${zId}, the target's towards it, the others away in proportion to y_j.`,
  ];
  for (const j of [target, ...others]) {
    const g = column(outer, s.classes, j);
    let line = `θ′_${names.word(j)}: dE/dθ′_${names.word(j)} = ${s.examples === 1 ? `${vec(z.slice(0, dim))} · ${num(s.e[j])} = ` : ''}${vec(g)}`;
    if (sgd)
      line += `, Δθ′_${names.word(j)} = −${num(lr)} · dE/dθ′_${names.word(j)} = ${vec(g.map((x) => -lr * x))}`;
    lines.push(line);
  }
  return lines;
}

function tableUpdateLines(
  walk: StepWalk,
  u: UpdateEvent,
  lr: number,
  names: ReturnType<typeof namer>,
): string[] {
  const l = lookupOf(walk, forwardOf(walk, u.nodeId));
  const up = backwardOf(walk, u.nodeId)?.grad?.values;
  if (!l || !up) return [];
  // The lookup's gradient: dE/dΘ[k] = Σ of dE/d(output) over the positions whose id is k.
  const rows = new Map<number, { g: number[]; count: number; position: number }>();
  l.ids.forEach((k, p) => {
    const r = rows.get(k) ?? { g: new Array<number>(l.dim).fill(0), count: 0, position: p };
    for (let d = 0; d < l.dim; d++) r.g[d] += up[p * l.dim + d];
    r.count++;
    rows.set(k, r);
  });
  if (u.grad?.values) {
    const full = new Array<number>(u.grad.values.length).fill(0);
    for (const [k, r] of rows) r.g.forEach((x, d) => (full[k * l.dim + d] = x));
    if (!agree(u.grad.values, full)) return [];
  }
  const tableRows = u.value.shape[0];
  const ids = [...rows.keys()];
  const sgd = u.formula.startsWith('Δw = −μ · g');
  const lines = [
    `Only the rows of the ids in this step get a gradient: ${ids.length === 1 ? 'row' : 'rows'} ${ids.map(names.id).join(', ')}; the other ${tableRows - ids.length} rows of ${u.key} get 0${sgd ? ' and keep their values' : ''}.`,
    `dE/d${u.key}[k] = the sum of dE/d${l.id} over the positions whose id is k (a word used twice gets both shares).`,
  ];
  const cbow = averagedLookup(walk, forwardOf(walk, backwardOf(walk, l.id)?.chain[0]?.consumer ?? ''));
  if (cbow && l.examples === 1)
    lines.push(
      `In CBOW each context word's row gets dE/dz / M = 1/${l.perExample} of the hidden-layer error: the lecture's θ ← θ − η Σⱼ (yⱼ − tⱼ) θ′ⱼ xₖ, shared by the M = ${l.perExample} words.`,
    );
  for (const k of ids.slice(0, MAX_ROWS)) {
    const r = rows.get(k)!;
    let line = `dE/d${u.key}[${names.id(k)}] = ${vec(r.g)}${r.count > 1 ? ` (${r.count} positions)` : ''}`;
    if (sgd) {
      const old = rowOf(l, r.position);
      line += `; ${u.key}[${names.word(k)}] ← ${vec(old)} − ${num(lr)} · dE = ${vec(old.map((x, d) => x - lr * r.g[d]))}`;
    }
    lines.push(line);
  }
  if (ids.length > MAX_ROWS) lines.push(`… and ${ids.length - MAX_ROWS} more rows`);
  return lines;
}

/**
 * The embedding lines of event `index`, empty when the event is none of those the lecture writes
 * out (or its numbers do not bear the formula out).
 *
 * @param vocabulary - The data set's words by id, to name rows (`5 (cat)`); ids alone without it.
 */
export function embeddingLines(
  walk: StepWalk,
  index: number,
  learningRate: number,
  vocabulary?: readonly string[],
): string[] {
  const e: StepEvent = walk.events[index];
  const names = namer(vocabulary);
  if (e.phase === 'forward') {
    const lookup = lookupOf(walk, e);
    if (lookup) return lookupLines(lookup, names);
    const averaged = averagedLookup(walk, e);
    return averaged ? averageLines(e.nodeId, averaged, names) : [];
  }
  if (e.phase === 'backward') {
    const scores = softmaxError(walk, e.nodeId);
    if (scores) return errorLines(scores, names);
    return hiddenErrorLines(walk, e.nodeId, names);
  }
  if (lookupOf(walk, forwardOf(walk, e.nodeId))) return tableUpdateLines(walk, e, learningRate, names);
  const sampled = negativeSamplingUpdateLines(walk, e, learningRate, names.word);
  if (sampled.length) return sampled;
  return outputUpdateLines(walk, e, learningRate, names);
}

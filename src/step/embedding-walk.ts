/**
 * Reading a step walk the way the word2vec lecture does: which nodes look up table rows, which
 * average them, and where softmax scores meet a cross-entropy. Every claim is checked on the walk's
 * own numbers before a line says it (no op names: a lookup is an op with an id input, an average is
 * a node whose value is the mean of its lookup's rows, the lecture's error is a gradient that equals
 * y − t), so an edited graph never gets a formula that is not true of it.
 */
import { getOp } from '../ops/registry';
import type { TensorTrace } from '../trace/types';
import type { StepEvent, StepWalk } from './stepper';

export type ForwardEvent = Extract<StepEvent, { phase: 'forward' }>;
export type BackwardEvent = Extract<StepEvent, { phase: 'backward' }>;
export type UpdateEvent = Extract<StepEvent, { phase: 'update' }>;

/** Relative agreement needed before a formula is claimed for the walk's numbers (float32 values). */
const TOLERANCE = 1e-4;

/** The forward event of node `id`. */
export function forwardOf(walk: StepWalk, id: string): ForwardEvent | undefined {
  return walk.events.find((e): e is ForwardEvent => e.phase === 'forward' && e.nodeId === id);
}

/** The backward event of node `id`. */
export function backwardOf(walk: StepWalk, id: string): BackwardEvent | undefined {
  return walk.events.find((e): e is BackwardEvent => e.phase === 'backward' && e.nodeId === id);
}

/** The update event of weight `name` of node `id`. */
export function updateOf(walk: StepWalk, id: string, name: string): UpdateEvent | undefined {
  return walk.events.find(
    (e): e is UpdateEvent => e.phase === 'update' && e.nodeId === id && e.name === name,
  );
}

/** Whether two lists agree within float32 accuracy, relative to their size. */
export function agree(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const scale = b.reduce((m, x) => Math.max(m, Math.abs(x)), 1e-6);
  return a.every((x, i) => Math.abs(x - b[i]) <= TOLERANCE * scale + 1e-7);
}

/** A lookup node's ids (the value feeding its id port) and its rows [N, M, D] as the walk has them. */
export interface Lookup {
  id: string;
  ids: number[];
  /** Ids per example (M; 1 for ids [N]). */
  perExample: number;
  /** Examples in the walk (N). */
  examples: number;
  /** Row length D. */
  dim: number;
  /** The looked-up rows, row-major [N·M, D]. */
  rows: number[];
  /** The table's weight name. */
  weight: string;
}

/** The lookup of forward event `f`, when its ids and rows are in the walk. */
export function lookupOf(walk: StepWalk, f: ForwardEvent | undefined): Lookup | null {
  const spec = f ? getOp(f.op) : undefined;
  if (!f || !spec?.idInput || !f.value.values) return null;
  const port = spec.idInput.port;
  const from = f.inputs.find((i) => i.port === port)?.from;
  const ids = from ? forwardOf(walk, from)?.value : undefined;
  if (!ids?.values) return null;
  const examples = ids.shape[0] ?? 1;
  const dim = f.value.shape[f.value.shape.length - 1];
  const update = walk.events.find((e): e is UpdateEvent => e.phase === 'update' && e.nodeId === f.nodeId);
  return {
    id: f.nodeId,
    ids: ids.values,
    perExample: ids.values.length / examples,
    examples,
    dim,
    rows: f.value.values,
    weight: update?.name ?? spec.penalisedWeight ?? 'table',
  };
}

/** Forward event `f` averages the rows of a lookup over its ids (CBOW's z = (1/M) Σ v): the lookup. */
export function averagedLookup(walk: StepWalk, f: ForwardEvent | undefined): Lookup | null {
  if (!f || f.inputs.length !== 1 || !f.value.values) return null;
  const lookup = lookupOf(walk, forwardOf(walk, f.inputs[0].from));
  if (!lookup || lookup.perExample < 2) return null;
  const { examples: n, perExample: m, dim, rows } = lookup;
  const mean: number[] = [];
  for (let e = 0; e < n; e++)
    for (let d = 0; d < dim; d++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += rows[(e * m + k) * dim + d];
      mean.push(s / m);
    }
  return agree(f.value.values, mean) ? lookup : null;
}

/** Scores o whose gradient is the lecture's softmax error (y − t)/N, with y, t and e = y − t. */
export interface SoftmaxError {
  /** The scores node. */
  id: string;
  examples: number;
  classes: number;
  /** softmax(o), row-major [N, V]. */
  y: number[];
  /** The target word (class index) of each example. */
  target: number[];
  /** e = y − t, row-major [N, V] (not divided by N). */
  e: number[];
}

/** softmax of each row of `values`. */
function softmaxRows(values: readonly number[], classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < values.length / classes; r++) {
    const row = values.slice(r * classes, (r + 1) * classes);
    const m = Math.max(...row);
    const ex = row.map((x) => Math.exp(x - m));
    const z = ex.reduce((a, b) => a + b, 0);
    out.push(...ex.map((x) => x / z));
  }
  return out;
}

/** Class indices from a target's values: indices [N] or one-hot rows [N, V]. */
function targetIndices(t: TensorTrace, examples: number, classes: number): number[] | null {
  if (!t.values) return null;
  if (t.values.length === examples) return t.values.map((v) => Math.round(v));
  if (t.values.length !== examples * classes) return null;
  return Array.from({ length: examples }, (_, r) => {
    const row = t.values!.slice(r * classes, (r + 1) * classes);
    return row.indexOf(Math.max(...row));
  });
}

/**
 * Node `id`'s scores, when it feeds a loss whose gradient on them is (softmax(o) − t)/N: the
 * softmax cross-entropy of the lecture.
 */
export function softmaxError(walk: StepWalk, id: string): SoftmaxError | null {
  const f = forwardOf(walk, id);
  const grad = backwardOf(walk, id)?.grad?.values;
  if (!f?.value.values || !grad || f.value.shape.length !== 2) return null;
  const [examples, classes] = f.value.shape;
  const loss = walk.events.find(
    (e): e is ForwardEvent =>
      e.phase === 'forward' && getOp(e.op)?.category === 'loss' && e.inputs.some((i) => i.from === id),
  );
  const targetFrom = loss?.inputs.find(
    (i) => getOp(forwardOf(walk, i.from)?.op ?? '')?.role === 'target',
  )?.from;
  const t = targetFrom ? forwardOf(walk, targetFrom)?.value : undefined;
  const target = t ? targetIndices(t, examples, classes) : null;
  if (!target) return null;
  const y = softmaxRows(f.value.values, classes);
  const e = y.map((p, i) => p - (target[Math.floor(i / classes)] === i % classes ? 1 : 0));
  return agree(
    grad,
    e.map((x) => x / examples),
  )
    ? { id, examples, classes, y, target, e }
    : null;
}

/** The consumer of `id` whose scores carry the softmax error, and the weight θ′ that made them. */
export function outputLayerAfter(
  walk: StepWalk,
  id: string,
): { scores: SoftmaxError; kernel: UpdateEvent; theta: number[] | null } | null {
  for (const c of backwardOf(walk, id)?.chain ?? []) {
    const scores = softmaxError(walk, c.consumer);
    const name = getOp(forwardOf(walk, c.consumer)?.op ?? '')?.penalisedWeight;
    const kernel = scores && name ? updateOf(walk, c.consumer, name) : undefined;
    const z = forwardOf(walk, id)?.value;
    if (!scores || !kernel || !z || kernel.value.shape.join() !== [z.shape[1], scores.classes].join())
      continue;
    return { scores, kernel, theta: kernel.value.values ?? null };
  }
  return null;
}

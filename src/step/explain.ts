/**
 * Step mode's text: each event of a walk as the op's formula, the same formula with the numbers
 * put in, and the result — the way the slides write the worked example out.
 *
 * A backward event at node A lists one chain-rule factor per consumer B. The local derivative
 * dB/dA of a factor belongs to B's op, not A's, so each factor carries B's formula (for the port A
 * feeds) written in node names and with B's numbers; the event's header only says what A is.
 */
import { getOp } from '../ops/registry';
import { num, tensorText } from '../trace/format';
import type { TensorTrace } from '../trace/types';
import { windowLines } from './conv-windows-explain';
import type { WindowView } from './conv-windows';
import { embeddingLines } from './embedding';
import { notesFor } from './notes';
import type { StepNote } from './notes';
import type { ChainFactor, StepEvent, StepWalk } from './stepper';
import { baseSymbol, localParts, outputSymbol, portSymbol, renameSymbols, symbolsIn } from './symbols';

type ForwardEvent = Extract<StepEvent, { phase: 'forward' }>;
type BackwardEvent = Extract<StepEvent, { phase: 'backward' }>;

/** One factor dE/dB · dB/dA of a backward event, with B's own formula. */
export interface ChainStep {
  /** The consumer B. */
  consumer: string;
  /** B's op title (`Sigmoid`). */
  consumerOp: string;
  /**
   * B's local derivative for the port A feeds, in node names, then with B's numbers:
   * `dh/dz1 = h · (1 − h) = [0.9003, 0.168] · (1 − [0.9003, 0.168]) = [0.0898, 0.1398]`.
   */
  local: string;
  /** What J is, when the factor is a Jacobian. */
  jacobian: string | null;
  /** `dE/dz1 via h.in: dE/dh · dh/dz1 = […] ⊙ […] = […]`. */
  numbers: string;
}

/** One event, ready to show. */
export interface Explanation {
  /** `Forward 3/13: h (Sigmoid)`. */
  title: string;
  /** What the event's node is, in node names: `z1 = s1 + b1`, `W1 (trainable)`. */
  role: string;
  /**
   * Forward: the op's formula. Backward: the chain rule, generic and for this node
   * (`dE/dA = dE/dB · dB/dA:  dE/dz1 = dE/dh · dh/dz1`). Update: the optimizer's rule.
   */
  formula: string;
  /**
   * Plain text, one entry per line: the formula with numbers and the result (forward), one
   * numbers line per chain factor and dE/d(node) (backward), the update with numbers.
   */
  lines: string[];
  /** Backward events: one step per chain factor, with the consumer's formula; empty otherwise. */
  chain: ChainStep[];
  /** The slides' error term δ = −dE/d(node) where the node feeds an activation; null elsewhere. */
  delta: string | null;
  /** Notes on this event that hold on this walk (see `StepNote`). */
  notes: string[];
  /** For convolution and pooling: the input and output grids with the window marked. */
  window?: WindowView | null;
}

/** What `explainEvent` may be told besides the walk. */
export interface ExplainOptions {
  /** Indices of the events step mode stops at, for the numbering in titles; default all. */
  shown?: readonly number[];
  /** Notes of the example being walked. */
  notes?: readonly StepNote[];
  /** The data set's words by id (text data sets), to name embedding rows. */
  vocabulary?: readonly string[];
}

/** Tensors up to this many elements are substituted into formulas; bigger ones are summarized. */
const INLINE_LIMIT = 12;

/** Replaces standalone occurrences of `symbol` (not parts of longer names) by `text`. */
function substitute(expr: string, symbol: string, text: string): string {
  const escaped = symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return expr.replace(new RegExp(`(?<![\\p{L}\\p{N}_^])${escaped}(?![\\p{L}\\p{N}_ᵢⱼₖ])`, 'gu'), text);
}

function small(t: TensorTrace | null | undefined): boolean {
  return !!t?.values && t.values.length <= INLINE_LIMIT;
}

function show(t: TensorTrace | null | undefined): string {
  if (!t) return '—';
  return small(t) ? tensorText(t) : `(${t.shape.join('×')}, ‖·‖ = ${num(t.stats.norm)})`;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function forwardValues(walk: StepWalk): Map<string, TensorTrace> {
  const m = new Map<string, TensorTrace>();
  for (const e of walk.events) if (e.phase === 'forward') m.set(e.nodeId, e.value);
  return m;
}

function forwardEvent(walk: StepWalk, id: string): ForwardEvent | undefined {
  return walk.events.find((e): e is ForwardEvent => e.phase === 'forward' && e.nodeId === id);
}

function backwardEvent(walk: StepWalk, id: string): BackwardEvent | undefined {
  return walk.events.find((e): e is BackwardEvent => e.phase === 'backward' && e.nodeId === id);
}

function opTitle(op: string): string {
  return getOp(op)?.title ?? op;
}

/**
 * Symbol → text for the symbols of node `f`'s op: its output symbol → `out(node)`, each input
 * port's symbol → `input(source)` (ports fed by several sources keep their symbol).
 */
function symbolMap(
  f: ForwardEvent,
  out: (id: string) => string | null,
  input: (id: string) => string | null,
): Map<string, string> {
  const m = new Map<string, string>();
  const bySymbol = new Map<string, string[]>();
  for (const i of f.inputs) {
    const s = portSymbol(i.port, f.formula);
    bySymbol.set(s, [...(bySymbol.get(s) ?? []), i.from]);
  }
  for (const [s, froms] of bySymbol) {
    const text = froms.length === 1 ? input(froms[0]) : null;
    if (text !== null) m.set(s, text);
  }
  const o = outputSymbol(f.formula);
  const text = out(f.nodeId);
  if (o && text !== null) m.set(o, text);
  return m;
}

/** What a node is, in node names: `z1 = s1 + b1`. */
function roleOf(walk: StepWalk, id: string): string {
  const f = forwardEvent(walk, id);
  if (!f) return id;
  const names = symbolMap(
    f,
    (n) => n,
    (n) => n,
  );
  return `${renameSymbols(f.formula, names)}  (${opTitle(f.op)})`;
}

/** `d(out)/d(in)` with node names put in, keeping the symbols' suffixes (`ᵢ`, `[k]`). */
function derivativeHead(out: string, outName: string | null, input: string, inName: string): string {
  const o = outName === null ? out : outName + out.slice(baseSymbol(out).length);
  return `d${o}/d${inName}${input.slice(baseSymbol(input).length)}`;
}

/** Consumer B's local derivative for the port A feeds, in names and then with B's numbers. */
function consumerLocal(walk: StepWalk, a: string, c: ChainFactor): string {
  const b = c.consumer;
  const f = forwardEvent(walk, b);
  const local = backwardEvent(walk, b)?.formula;
  const fallback = `d${b}/d${a}`;
  if (!f || !local) return fallback;
  const names = symbolMap(
    f,
    (n) => n,
    (n) => n,
  );
  const symbol = portSymbol(c.port, f.formula);
  const parts = localParts(local);
  const onePort = new Set(f.inputs.map((i) => i.port)).size === 1;
  const part =
    parts.find((p) => baseSymbol(p.input) === symbol) ??
    (parts.length === 1 && onePort ? parts[0] : undefined);
  // No formula for this port (a loss's target) or one that cannot be split per port: say so and
  // show the op's formula whole, in names, rather than pass another port's derivative off as this.
  if (!part)
    return `${fallback}: not written out for ${opTitle(f.op)}; its formula: ${renameSymbols(local, names)}`;
  const outSymbol = outputSymbol(f.formula);
  const head = derivativeHead(part.out, baseSymbol(part.out) === outSymbol ? b : null, part.input, a);
  let text = `${head} = ${renameSymbols(part.body, names)}`;
  // B's numbers: the values of the symbols its formula uses, when all of them are small.
  const values = forwardValues(walk);
  const used = symbolsIn(part.body, names.keys());
  const valueOf = (n: string): string | null => (small(values.get(n)) ? show(values.get(n)) : null);
  const numbers = symbolMap(f, valueOf, valueOf);
  if (used.length && used.every((s) => numbers.has(s))) text += ` = ${renameSymbols(part.body, numbers)}`;
  if (c.localKind === 'elementwise' && c.local && small(c.local)) text += ` = ${show(c.local)}`;
  return text;
}

/** One sentence on J where a factor is a Jacobian. */
function jacobianText(a: string, c: ChainFactor): string | null {
  if (c.localKind === 'elementwise' || !c.upstream) return null;
  const b = c.consumer;
  const rows = size(c.upstream.shape);
  const cols = c.local ? size(c.local.shape) / rows : c.product ? size(c.product.shape) : NaN;
  const what = `J = d${b}/d${a}, the Jacobian: one row per output of ${b} (${rows}), one column per element of ${a} (${cols})`;
  if (c.localKind === 'omitted')
    return `${what}; its ${rows * cols} entries are too many to show, only the product is.`;
  return `${what}; the row dE/d${b} times J is ${b}'s share of dE/d${a}.`;
}

function chainStep(walk: StepWalk, a: string, c: ChainFactor): ChainStep {
  const b = c.consumer;
  const head = `dE/d${a} via ${b}.${c.port}: dE/d${b} · d${b}/d${a}`;
  let numbers: string;
  if (!c.product) numbers = `${head}: ${b} does not affect the loss`;
  else if (c.localKind === 'elementwise')
    numbers = `${head} = ${show(c.upstream)} ⊙ ${show(c.local)} = ${show(c.product)}`;
  else if (c.localKind === 'jacobian')
    numbers = `${head} = ${show(c.upstream)} · ${small(c.local) ? `J ${show(c.local)}` : `J[${c.local?.shape.join('×')}]`} = ${show(c.product)}`;
  else numbers = `${head} = ${show(c.product)}`;
  const consumer = forwardEvent(walk, b);
  return {
    consumer: b,
    consumerOp: consumer ? opTitle(consumer.op) : b,
    local: consumerLocal(walk, a, c),
    jacobian: jacobianText(a, c),
    numbers,
  };
}

/**
 * The slides' error term at a node that feeds an activation: δ = −dE/dz, their sign, with the
 * form they give it — (t − y)·y′ when the activation's output goes into the loss, (Σ w·δ)·y′ at
 * a hidden node.
 */
function deltaText(walk: StepWalk, e: BackwardEvent): string | null {
  if (e.chain.length !== 1 || !e.grad?.values || !small(e.grad)) return null;
  const b = forwardEvent(walk, e.chain[0].consumer);
  if (!b || getOp(b.op)?.category !== 'activation') return null;
  const output = walk.events.some(
    (x) =>
      x.phase === 'forward' && getOp(x.op)?.category === 'loss' && x.inputs.some((i) => i.from === b.nodeId),
  );
  const negated: TensorTrace = { ...e.grad, values: e.grad.values.map((v) => -v) };
  const form = output ? '(t − y) · y′ at an output' : '(Σ w · δ) · y′ at a hidden node';
  return (
    `δ = −dE/d${e.nodeId} = ${show(negated)}: the slides' error term, δ = ${form}. ` +
    `They count it with the opposite sign of the gradient, so their update Δw = μ · δ · h is ours, −μ · dE/dw.`
  );
}

/** `Forward 3/8`: the position of event `index` among the shown events of its phase. */
function numbering(walk: StepWalk, index: number, shown: readonly number[]): string {
  const phase = walk.events[index].phase;
  const same = shown.filter((i) => walk.events[i].phase === phase);
  const k = same.indexOf(index) + 1;
  const label = phase === 'forward' ? 'Forward' : phase === 'backward' ? 'Backward' : 'Update';
  return `${label} ${k > 0 ? k : '–'}/${same.length}`;
}

/**
 * Explains event `index` of a walk. `learningRate` is the optimizer's μ, shown in the update.
 * Embedding lookups, CBOW averages and softmax word predictions get the word2vec lecture's lines too.
 */
export function explainEvent(
  walk: StepWalk,
  index: number,
  learningRate: number,
  options: ExplainOptions = {},
): Explanation {
  const x = explainPlain(walk, index, learningRate, options);
  // Convolution and pooling: the window sums, correlations and routing with the numbers; embeddings:
  // the rows looked up and the update formulas with the numbers.
  const w = windowLines(walk, walk.events[index]);
  const extra = embeddingLines(walk, index, learningRate, options.vocabulary);
  if (!w && !extra.length) return x;
  return { ...x, lines: [...x.lines, ...(w?.lines ?? []), ...extra], ...(w ? { window: w.view } : {}) };
}

function explainPlain(
  walk: StepWalk,
  index: number,
  learningRate: number,
  options: ExplainOptions,
): Explanation {
  const e: StepEvent = walk.events[index];
  const shown = options.shown ?? walk.events.map((_, i) => i);
  const notes = notesFor(walk, e, options.notes ?? []);
  const place = numbering(walk, index, shown);
  if (e.phase === 'forward') {
    const values = forwardValues(walk);
    const [lhs, ...rest] = e.formula.split(' = ');
    const rhs = rest.join(' = ');
    const lines: string[] = [];
    if (rhs && e.inputs.length && e.inputs.every((i) => small(values.get(i.from)))) {
      let expr = rhs;
      for (const i of e.inputs)
        expr = substitute(expr, portSymbol(i.port, e.formula), show(values.get(i.from)));
      lines.push(`${lhs} = ${expr}`);
    } else {
      for (const i of e.inputs)
        lines.push(`${portSymbol(i.port, e.formula)} = ${i.from} = ${show(values.get(i.from))}`);
    }
    lines.push(`${e.nodeId} = ${show(e.value)}`);
    return {
      title: `${place}: ${e.nodeId} (${opTitle(e.op)})`,
      role: roleOf(walk, e.nodeId),
      formula: e.formula,
      lines,
      chain: [],
      delta: null,
      notes,
    };
  }
  if (e.phase === 'backward') {
    const id = e.nodeId;
    const lines: string[] = [];
    let chainRule: string;
    if (e.chain.length === 0) {
      const loss = getOp(e.op)?.category === 'loss';
      lines.push(loss ? `dE/d${id} = 1 (the loss itself)` : `${id} does not affect the loss`);
      chainRule = loss ? `the backward pass starts here, dE/d${id} = 1` : `${id} feeds nothing`;
    } else {
      chainRule = `dE/d${id} = ${e.chain.map((c) => `dE/d${c.consumer} · d${c.consumer}/d${id}`).join(' + ')}`;
    }
    const chain = e.chain.map((c) => chainStep(walk, id, c));
    lines.push(...chain.map((c) => c.numbers));
    if (e.chain.filter((c) => c.product).length > 1)
      lines.push(`dE/d${id} = Σ over consumers = ${show(e.grad)}`);
    else if (e.grad) lines.push(`dE/d${id} = ${show(e.grad)}`);
    return {
      title: `${place}: ${id} (${opTitle(e.op)})`,
      role: roleOf(walk, id),
      formula: `dE/dA = dE/dB · dB/dA:  ${chainRule}`,
      lines,
      chain,
      delta: deltaText(walk, e),
      notes,
    };
  }
  const lines = [`dE/d${e.key} = ${show(e.grad)}`];
  if (e.formula.startsWith('Δw = −μ · g') && e.grad)
    lines.push(`Δ${e.key} = −${num(learningRate)} · dE/d${e.key} = ${show(e.update)}`);
  else lines.push(`Δ${e.key} = ${show(e.update)}`);
  lines.push(`${e.key} ← ${show(e.value)} + Δ${e.key} = ${show(e.newValue)}`);
  return {
    title: `${place}: ${e.key}`,
    role: e.key === e.nodeId ? roleOf(walk, e.nodeId) : `${e.key}: weight "${e.name}" of ${e.nodeId}`,
    formula: e.formula,
    lines,
    chain: [],
    delta: null,
    notes,
  };
}

/**
 * Step mode's text: each event of a walk as the op's formula, the same formula with the numbers
 * put in, and the result — the way the slides write the worked example out.
 */
import { getOp } from '../ops/registry';
import { num, tensorText } from '../trace/format';
import type { TensorTrace } from '../trace/types';
import type { StepEvent, StepWalk } from './stepper';

/** One event, ready to show. */
export interface Explanation {
  /** `Forward 3/13: h (Sigmoid)`. */
  title: string;
  /** The op's formula. */
  formula: string;
  /** The formula with numbers, then the result; one entry per line. */
  lines: string[];
}

/** Tensors up to this many elements are substituted into formulas; bigger ones are summarized. */
const INLINE_LIMIT = 12;

/** The symbol an input port has in the op's formula. */
function portSymbol(port: string, formula: string): string {
  if (port === 'a') return 'A';
  if (port === 'b') return 'B';
  if (port === 'prediction') return /\bs_?[jc]?\b/.test(formula) && !/\by\b/.test(formula) ? 's' : 'y';
  if (port === 'target') return 't';
  if (port === 'in') return /(^|[^\p{L}])A([^\p{L}]|$)/u.test(formula) ? 'A' : 'x';
  return port;
}

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

function forwardValues(walk: StepWalk): Map<string, TensorTrace> {
  const m = new Map<string, TensorTrace>();
  for (const e of walk.events) if (e.phase === 'forward') m.set(e.nodeId, e.value);
  return m;
}

/**
 * Explains event `index` of a walk. `learningRate` is the optimizer's μ, shown in the update.
 */
export function explainEvent(walk: StepWalk, index: number, learningRate: number): Explanation {
  const e: StepEvent = walk.events[index];
  const forwardCount = walk.events.filter((x) => x.phase === 'forward').length;
  const backwardCount = walk.events.filter((x) => x.phase === 'backward').length;
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
      title: `Forward ${index + 1}/${forwardCount}: ${e.nodeId} (${getOp(e.op)?.title ?? e.op})`,
      formula: e.formula,
      lines,
    };
  }
  if (e.phase === 'backward') {
    const k = index - forwardCount + 1;
    const lines: string[] = [];
    const id = e.nodeId;
    if (e.chain.length === 0) {
      lines.push(
        getOp(e.op)?.category === 'loss'
          ? `dE/d${id} = 1 (the loss itself)`
          : `${id} does not affect the loss`,
      );
    }
    for (const c of e.chain) {
      const b = c.consumer;
      const head = `dE/d${id} via ${b}.${c.port}: dE/d${b} · d${b}/d${id}`;
      if (!c.product) lines.push(`${head}: ${b} does not affect the loss`);
      else if (c.localKind === 'elementwise')
        lines.push(`${head} = ${show(c.upstream)} ⊙ ${show(c.local)} = ${show(c.product)}`);
      else if (c.localKind === 'jacobian')
        lines.push(
          `${head} = ${show(c.upstream)} · ${small(c.local) ? `J ${show(c.local)}` : `J[${c.local?.shape.join('×')}]`} = ${show(c.product)}`,
        );
      else lines.push(`${head} = ${show(c.product)}`);
    }
    if (e.chain.filter((c) => c.product).length > 1)
      lines.push(`dE/d${id} = Σ over consumers = ${show(e.grad)}`);
    else if (e.grad) lines.push(`dE/d${id} = ${show(e.grad)}`);
    return {
      title: `Backward ${k}/${backwardCount}: ${id} (${getOp(e.op)?.title ?? e.op})`,
      formula: `dE/dA = dE/dB · dB/dA;  ${e.formula}`,
      lines,
    };
  }
  const updates = walk.events.filter((x) => x.phase === 'update');
  const k = updates.indexOf(e) + 1;
  const lines = [`dE/d${e.key} = ${show(e.grad)}`];
  if (e.formula.startsWith('Δw = −μ · g') && e.grad)
    lines.push(`Δ${e.key} = −${num(learningRate)} · dE/d${e.key} = ${show(e.update)}`);
  else lines.push(`Δ${e.key} = ${show(e.update)}`);
  lines.push(`${e.key} ← ${show(e.value)} + Δ${e.key} = ${show(e.newValue)}`);
  return { title: `Update ${k}/${updates.length}: ${e.key}`, formula: e.formula, lines };
}

/** Text formatting for the CLI: numbers, tensors and the step table. */
import type { StepEvent, StepWalk } from '../step/stepper';
import { nest } from '../trace/read';
import type { TensorTrace } from '../trace/types';
import { idRecord } from '../graph/own';

/** A number with 6 significant digits, without trailing zeros. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(4);
  return String(Number(x.toPrecision(6)));
}

/** A traced tensor as JSON-ready numbers: nested arrays when whole, a summary object otherwise. */
export function traceToJson(t: TensorTrace | null): unknown {
  if (!t) return null;
  if (t.values) return nest(t.values, t.shape);
  return { shape: t.shape, ...t.stats, histogram: t.histogram };
}

/** A traced tensor on one line: `[[0.9, 0.168]]` or `[500×10] mean 0.01 std 0.2 …`. */
export function traceToText(t: TensorTrace | null, maxChars = 120): string {
  if (!t) return '—';
  if (t.values) {
    const text = JSON.stringify(
      nest(
        t.values.map((v) => Number(num(v))),
        t.shape,
      ),
    );
    if (text.length <= maxChars) return text;
  }
  const s = t.stats;
  return `[${t.shape.join('×')}] min ${num(s.min)} max ${num(s.max)} mean ${num(s.mean)} std ${num(s.std)}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function eventLines(e: StepEvent): string[] {
  if (e.phase === 'forward')
    return [
      `forward   ${pad(e.nodeId, 10)} ${pad(e.op, 12)} ${pad(e.formula, 28)} = ${traceToText(e.value)}`,
    ];
  if (e.phase === 'backward') {
    const lines = [
      `backward  ${pad(e.nodeId, 10)} ${pad(e.op, 12)} dE/d${e.nodeId} = ${traceToText(e.grad)}`,
    ];
    for (const c of e.chain) {
      const local =
        c.localKind === 'omitted'
          ? `(${e.formula.split(',')[0] || 'local'} too large to show)`
          : traceToText(c.local, 80);
      lines.push(
        `          ${' '.repeat(10)} via ${c.consumer}.${c.port}: dE/d${c.consumer} ${traceToText(c.upstream, 60)} · d${c.consumer}/d${e.nodeId} ${local} = ${traceToText(c.product, 60)}`,
      );
    }
    return lines;
  }
  return [
    `update    ${pad(e.key, 10)} ${e.formula}`,
    `          ${' '.repeat(10)} w ${traceToText(e.value)}  dE/dw ${traceToText(e.grad)}`,
    `          ${' '.repeat(10)} Δw ${traceToText(e.update)}  → w ${traceToText(e.newValue)}`,
  ];
}

/** The step walk as a readable table in visiting order. */
export function walkToText(walk: StepWalk): string {
  return [...walk.events.flatMap(eventLines), `loss (before update) = ${num(walk.loss)}`].join('\n');
}

/** The step walk in the CLI's JSON shape. */
export function walkToJson(walk: StepWalk): Record<string, unknown> {
  // Keyed by node id and weight key, which may be `__proto__`: records without a prototype.
  const forward = idRecord<unknown>();
  const backward = idRecord<unknown>();
  const params = idRecord<unknown>();
  for (const e of walk.events) {
    if (e.phase === 'forward') forward[e.nodeId] = traceToJson(e.value);
    else if (e.phase === 'backward') backward[e.nodeId] = traceToJson(e.grad);
    else
      params[e.key] = {
        value: traceToJson(e.value),
        grad: traceToJson(e.grad),
        update: traceToJson(e.update),
      };
  }
  return { loss: walk.loss, forward, backward, params };
}

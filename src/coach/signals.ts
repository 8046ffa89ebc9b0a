/**
 * Reading unit health off a trace frame: saturated bounded units, dead rectifier units, vanishing
 * and exploding gradients. Works on what a frame carries: every number for small tensors, a
 * histogram and statistics for big ones.
 */
import { outputActivation } from '../ops/activations';
import type { ShapedGraph } from '../shapes/infer';
import type { TensorTrace, TraceFrame } from '../trace/types';
import { ownValue } from '../graph/own';

/** A unit is saturated when its output is this close to a bound (relative to the range). */
const SATURATION_MARGIN = 0.02;
/** A layer counts as saturated when at least this share of its outputs is. */
const SATURATED_SHARE = 0.9;
/** Gradient norms beyond these are exploding / vanishing (as the canvas badges say). */
export const EXPLODING_NORM = 1e3;
export const VANISHING_NORM = 1e-7;

/** Share of a tensor's elements within `margin` of `low` or `high`. */
export function shareNearBounds(t: TensorTrace, low: number, high: number): number {
  const margin = SATURATION_MARGIN * (high - low);
  if (t.values) {
    const near = t.values.filter((v) => v <= low + margin || v >= high - margin).length;
    return t.values.length ? near / t.values.length : 0;
  }
  // From the histogram: the bins lying entirely within the margins.
  const h = t.histogram ?? [];
  const total = h.reduce((a, b) => a + b, 0);
  if (!total) return 0;
  const width = (t.stats.max - t.stats.min) / h.length;
  let near = 0;
  h.forEach((count, i) => {
    const from = t.stats.min + i * width;
    const to = from + width;
    if (to <= low + margin || from >= high - margin) near += count;
  });
  return near / total;
}

/**
 * Units (last axis) whose output is zero for every example of the batch, out of all units; null
 * when the frame has neither the numbers nor the summary's count of such units.
 */
export function deadUnits(t: TensorTrace): { dead: number; units: number } | null {
  const units = t.shape[t.shape.length - 1] ?? 1;
  if (!t.values) return t.nonPositiveUnits === undefined ? null : { dead: t.nonPositiveUnits, units };
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let i = u; i < t.values.length; i += units) if (t.values[i] > 0) alive = true;
    if (!alive) dead++;
  }
  return { dead, units };
}

/** Per node, what is unhealthy about it in this frame. */
export interface NodeHealth {
  saturated: string[];
  deadRelu: { nodeId: string; dead: number; units: number }[];
  vanishing: string[];
  exploding: string[];
}

/** Reads every node of a frame. */
export function readHealth(graph: ShapedGraph, frame: TraceFrame): NodeHealth {
  const out: NodeHealth = { saturated: [], deadRelu: [], vanishing: [], exploding: [] };
  for (const id of graph.order) {
    const trace = ownValue(frame.nodes, id);
    if (!trace) continue;
    const r = graph.nodes.get(id)!;
    const act = outputActivation(r.spec, r.params);
    const health = act?.spec.health;
    if (
      health?.kind === 'saturating' &&
      shareNearBounds(trace.value, health.low, health.high) >= SATURATED_SHARE
    )
      out.saturated.push(id);
    if (health?.kind === 'rectifying') {
      const d = deadUnits(trace.value);
      if (d && d.dead > 0 && d.dead * 2 >= d.units) out.deadRelu.push({ nodeId: id, ...d });
    }
    const norm = trace.grad?.stats.norm;
    if (norm === undefined) continue;
    if (!Number.isFinite(norm) || norm > EXPLODING_NORM) out.exploding.push(id);
    // Only nodes with weights behind them matter: a Target's gradient is nobody's business.
    else if (norm < VANISHING_NORM && r.spec.role !== 'target' && r.spec.role !== 'input')
      out.vanishing.push(id);
  }
  return out;
}

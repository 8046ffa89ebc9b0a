/**
 * Where a NaN or infinity came from: given a trace of a step that changed nothing (values and
 * gradients of every node with the current weights), name the first node whose value is not finite,
 * or else the node closest to the loss whose gradient is not, and the weights that blew up.
 */
import type { ShapedGraph } from '../shapes/infer';
import { penalisedLayer } from '../ops/penalties';
import type { TensorTrace, TraceFrame } from '../trace/types';
import type { NonFiniteReport } from './protocol';
import { ownValue } from '../graph/own';

/** Weights beyond this magnitude are called out as huge. */
export const HUGE_WEIGHT = 1e6;

/** A number for a message: `1000`, `0.02`, `3.4e+38`. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1).replace('.0e', 'e');
  return String(Number(v.toPrecision(3)));
}

const sizeOf = (t: TensorTrace) => t.shape.reduce((a, b) => a * b, 1);

/** What is wrong with a weight, or null when it is finite and moderate. */
function weightProblem(key: string, t: TensorTrace): { text: string; score: number } | null {
  if (t.stats.nonFinite > 0)
    return {
      text: `${key} holds ${t.stats.nonFinite} NaN or ±∞ of ${sizeOf(t)}`,
      score: Infinity,
    };
  const peak = Math.max(Math.abs(t.stats.min), Math.abs(t.stats.max));
  if (peak > HUGE_WEIGHT)
    return { text: `${key} reach${key.includes('/') ? '' : 'es'} ${formatNumber(peak)}`, score: peak };
  return null;
}

/**
 * Builds the report for a loss that stopped being finite at `step`.
 *
 * @param graph - The graph trained.
 * @param frame - A traced, not applied step with the current weights (null when none could be taken).
 * @param step - The step whose loss was first not finite.
 * @param learningRate - The optimizer's learning rate, for the advice.
 */
export function nonFiniteReport(
  graph: ShapedGraph,
  frame: TraceFrame | null,
  step: number,
  learningRate: number,
): NonFiniteReport {
  let nodeId: string | null = null;
  let where: NonFiniteReport['where'] = null;
  if (frame) {
    nodeId = graph.order.find((id) => (ownValue(frame.nodes, id)?.value.stats.nonFinite ?? 0) > 0) ?? null;
    if (nodeId) where = 'value';
    else {
      nodeId =
        [...graph.order]
          .reverse()
          .find((id) => (ownValue(frame.nodes, id)?.grad?.stats.nonFinite ?? 0) > 0) ?? null;
      if (nodeId) where = 'gradient';
    }
  }
  const parts: string[] = [];
  if (nodeId && frame) {
    const r = graph.nodes.get(nodeId)!;
    const node = ownValue(frame.nodes, nodeId)!;
    const trace = where === 'value' ? node.value : node.grad!;
    const what = where === 'value' ? `values of "${nodeId}"` : `the gradient dE/d(${nodeId}) of "${nodeId}"`;
    parts.push(
      `${what} (${r.spec.op}) stopped being finite at step ${step}: ${trace.stats.nonFinite} of ${sizeOf(trace)} are NaN or ±∞`,
    );
  } else parts.push(`the loss stopped being finite at step ${step}`);

  // Weights that are not finite or huge: the node's own and those of the nodes feeding it first.
  const near = new Set<string>();
  if (nodeId) {
    const r = graph.nodes.get(nodeId)!;
    near.add(nodeId);
    for (const sources of Object.values(r.inputs)) for (const s of sources) near.add(s);
    // A penalty naming a layer reads that layer's kernel.
    const layer = penalisedLayer(r.spec, r.params);
    if (layer) near.add(layer);
  }
  const problems = Object.entries(frame?.weights ?? {})
    .map(([key, w]) => ({ key, nodeId: w.nodeId, problem: weightProblem(key, w.value) }))
    .filter((p) => p.problem !== null)
    .sort(
      (a, b) =>
        Number(near.has(b.nodeId)) - Number(near.has(a.nodeId)) || b.problem!.score - a.problem!.score,
    );
  if (problems.length) {
    const own = near.has(problems[0].nodeId);
    const listed = problems.slice(0, 2).map((p) => p.problem!.text);
    parts[0] += `; ${own ? 'its weights' : 'the weights'} ${listed.join(', ')}`;
    if (problems.length > 2) parts[0] += ` (and ${problems.length - 2} more)`;
  }
  const lr = formatNumber(learningRate);
  const advice = problems.length
    ? `The learning rate ${lr} is too large — lower it and press Reset.`
    : `Lower the learning rate (${lr})${nodeId ? ` or check what feeds "${nodeId}" (a log of 0, a division by 0)` : ''}, then press Reset.`;
  return { step, nodeId, where, message: `${parts[0]}. ${advice}` };
}

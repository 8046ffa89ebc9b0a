/**
 * Whether a new edge may be drawn, and why not: the same rules the validator applies to a file,
 * checked before the edge exists so the canvas can refuse it with a reason.
 */
import { getOp } from '../../src/ops/registry';
import { OUT } from '../../src/ops/spec';
import type { GraphDoc, GraphEdge, GraphNode } from '../../src/graph/types';

/** A proposed edge. */
export interface Connection {
  source: string;
  sourcePort?: string | null;
  target: string;
  targetPort?: string | null;
}

/** The verdict on a proposed edge. */
export type ConnectVerdict = { ok: true; edge: GraphEdge } | { ok: false; reason: string };

/** Consumers of each node, built once per document (a connection drag asks many times). */
const adjacency = new WeakMap<GraphDoc, Map<string, string[]>>();
function consumersOf(doc: GraphDoc): Map<string, string[]> {
  let out = adjacency.get(doc);
  if (!out) {
    out = new Map();
    for (const e of doc.edges) {
      const list = out.get(e.source);
      if (list) list.push(e.target);
      else out.set(e.source, [e.target]);
    }
    adjacency.set(doc, out);
  }
  return out;
}

/** Each document's nodes by id and edges by target, built once per document: a connection drag
 * asks on every pointer move, and a search through 10,000 nodes each time is what made it lag. */
const indexes = new WeakMap<GraphDoc, { nodes: Map<string, GraphNode>; into: Map<string, GraphEdge[]> }>();
function indexOf(doc: GraphDoc) {
  let index = indexes.get(doc);
  if (!index) {
    const into = new Map<string, GraphEdge[]>();
    for (const e of doc.edges) {
      const list = into.get(e.target);
      if (list) list.push(e);
      else into.set(e.target, [e]);
    }
    index = { nodes: new Map(doc.nodes.map((n) => [n.id, n])), into };
    indexes.set(doc, index);
  }
  return index;
}

/** Whether `to` can be reached from `from` along edges (a new edge to → from would close a loop). */
function reaches(doc: GraphDoc, from: string, to: string): boolean {
  const out = consumersOf(doc);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of out.get(id) ?? []) stack.push(next);
  }
  return false;
}

/** Checks a proposed edge: both nodes exist, ports exist, the port is free, and no cycle forms. */
export function checkConnection(doc: GraphDoc, c: Connection): ConnectVerdict {
  const index = indexOf(doc);
  const source = index.nodes.get(c.source);
  const target = index.nodes.get(c.target);
  if (!source || !target) return { ok: false, reason: 'both ends must be nodes of this graph' };
  if (c.source === c.target) return { ok: false, reason: 'a node cannot feed itself' };
  const targetSpec = getOp(target.op);
  if (!targetSpec) return { ok: false, reason: `"${target.op}" is not a known op` };
  const sourcePort = c.sourcePort ?? OUT;
  if (sourcePort !== OUT) return { ok: false, reason: `node "${source.id}" has only the output "out"` };
  const port = targetSpec.inputs.find((p) => p.name === (c.targetPort ?? targetSpec.inputs[0]?.name));
  if (!port) return { ok: false, reason: `${targetSpec.title} has no input "${c.targetPort}"` };
  const into = index.into.get(target.id) ?? [];
  const taken = into.find((e) => e.targetPort === port.name);
  if (taken && !port.variadic)
    return {
      ok: false,
      reason: `input "${port.name}" of "${target.id}" is already fed by "${taken.source}"`,
    };
  if (into.some((e) => e.source === source.id && e.targetPort === port.name))
    return { ok: false, reason: 'these ports are already connected' };
  if (reaches(doc, target.id, source.id))
    return { ok: false, reason: `"${target.id}" already feeds "${source.id}"; this edge would make a cycle` };
  return { ok: true, edge: { source: source.id, sourcePort, target: target.id, targetPort: port.name } };
}

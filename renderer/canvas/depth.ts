/** Depth of nodes in the graph, for the timing of the edges' gradient pulses. */

/** Longest-path depth of every node from the graph's sources (cycles, if any, are cut). */
export function nodeDepths(doc: {
  nodes: { id: string }[];
  edges: { source: string; target: string }[];
}): Map<string, number> {
  const incoming = new Map<string, string[]>();
  for (const e of doc.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map(visit)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const n of doc.nodes) visit(n.id);
  return depth;
}

/** Depth of nodes in the graph, for the timing of the edges' gradient pulses. */

/**
 * Longest-path depth of every node from the graph's sources (cycles, if any, are cut: a node met
 * again while its own depth is being worked out counts as depth 0, as a source).
 *
 * Iterative depth-first search with an explicit stack: a recursive one overflowed the call stack
 * on a chain of a few thousand nodes and blanked the editor. Linear in nodes + edges.
 */
export function nodeDepths(doc: {
  nodes: { id: string }[];
  edges: { source: string; target: string }[];
}): Map<string, number> {
  const incoming = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = incoming.get(e.target);
    if (list) list.push(e.source);
    else incoming.set(e.target, [e.source]);
  }
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  // One frame per node being worked out: the next producer to look at and the deepest seen so far.
  const stack: { id: string; next: number; deepest: number }[] = [];
  for (const root of doc.nodes) {
    if (depth.has(root.id)) continue;
    visiting.add(root.id);
    stack.push({ id: root.id, next: 0, deepest: -1 });
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const producers = incoming.get(frame.id) ?? [];
      if (frame.next < producers.length) {
        const p = producers[frame.next++];
        const known = depth.get(p);
        if (known !== undefined) frame.deepest = Math.max(frame.deepest, known);
        else if (visiting.has(p)) frame.deepest = Math.max(frame.deepest, 0);
        else {
          visiting.add(p);
          stack.push({ id: p, next: 0, deepest: -1 });
        }
        continue;
      }
      stack.pop();
      visiting.delete(frame.id);
      const d = frame.deepest + 1;
      depth.set(frame.id, d);
      const parent = stack[stack.length - 1];
      if (parent) parent.deepest = Math.max(parent.deepest, d);
    }
  }
  return depth;
}

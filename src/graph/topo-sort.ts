/** Topological order of a graph given as consumer lists, and the nodes on its cycles. */

/**
 * Kahn's algorithm; returns the order and the nodes left on cycles (not those merely downstream
 * of one). Iterative, so deep chains cannot blow the stack.
 */
export function topoSort(
  ids: string[],
  consumers: Map<string, string[]>,
  indegree: Map<string, number>,
): { order: string[]; cyclic: string[] } {
  const order: string[] = [];
  const queue = ids.filter((id) => (indegree.get(id) ?? 0) === 0);
  const remaining = new Map(indegree);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    order.push(id);
    for (const c of consumers.get(id) ?? []) {
      const left = (remaining.get(c) ?? 0) - 1;
      remaining.set(c, left);
      if (left === 0) queue.push(c);
    }
  }
  // Nodes left over are on a cycle or downstream of one. Peel off the downstream ones with a
  // reverse Kahn pass over the left-over subgraph (linear time), so only loops are reported.
  const placed = new Set(order);
  const left = new Set(ids.filter((id) => !placed.has(id)));
  const outdegree = new Map<string, number>();
  const producers = new Map<string, string[]>();
  for (const id of left) {
    let n = 0;
    for (const c of consumers.get(id) ?? []) {
      if (!left.has(c)) continue;
      n++;
      const list = producers.get(c);
      if (list) list.push(id);
      else producers.set(c, [id]);
    }
    outdegree.set(id, n);
  }
  const sinks = [...left].filter((id) => outdegree.get(id) === 0);
  for (let head = 0; head < sinks.length; head++) {
    const id = sinks[head];
    left.delete(id);
    for (const p of producers.get(id) ?? []) {
      const n = outdegree.get(p)! - 1;
      outdegree.set(p, n);
      if (n === 0) sinks.push(p);
    }
  }
  return { order, cyclic: [...left] };
}

/** How the view fits a graph: a margin, and never larger than 100 % (one new node would fill the screen). */
export const FIT = { padding: 0.15, maxZoom: 1 } as const;

/** Graphs over this many nodes open on their start rather than on the whole graph. */
export const FIT_ALL_LIMIT = 300;

/** Nodes the opening view of a big graph shows. */
const OPENING_NODES = 60;

/**
 * How the view fits a graph that was just opened. A big graph fitted whole is a grey carpet at
 * the minimum zoom, and every one of its nodes is in view, so drawing only the visible ones saves
 * nothing (a 1,000-node graph blocked the page for seconds). It opens instead on its top-left
 * corner (where layouts put the inputs) at a readable zoom: the 60 nodes nearest that corner.
 */
export function openingFit(nodes: readonly { id: string; position: { x: number; y: number } }[]): {
  padding: number;
  maxZoom: number;
  nodes?: { id: string }[];
} {
  if (nodes.length <= FIT_ALL_LIMIT) return FIT;
  let left = Infinity;
  let top = Infinity;
  for (const n of nodes) {
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
  }
  const near = nodes
    .map((n) => ({ id: n.id, d: n.position.x - left + (n.position.y - top) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, OPENING_NODES);
  return { ...FIT, nodes: near.map((n) => ({ id: n.id })) };
}

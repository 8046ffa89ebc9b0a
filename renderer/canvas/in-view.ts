/**
 * The nodes and edges of a big graph that React Flow is handed: those near the view. React Flow
 * works through every node and edge it is given whenever the lists change (after an open, an edit,
 * a layout): it adopts each node, and rebuilds its connection lookup over every edge, about 120 ms
 * for a 10,000-node ladder on a slow machine, although it draws only what is in view. Handing it
 * what lies within a view's width and height of the view keeps that work to what can be seen; the
 * lists are renewed when a pan or zoom ends, and at once when the view leaves the part handed over
 * (a jump from the minimap, a long pan), so no frame shows an empty canvas.
 */

/**
 * Above this many nodes the canvas draws only the nodes and edges in view, and hands React Flow
 * only those near it: drawing all of a 1,000-node graph blocked the page for a second on open and
 * on every edit. Smaller graphs are handed and drawn whole, so nothing changes for them (and tests
 * can find any node in the page).
 */
export const VISIBLE_ONLY_ABOVE = 300;

/** A rectangle in flow coordinates. */
export interface FlowRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The part of the flow a canvas of `width` × `height` pixels shows at `viewport`, widened on each
 * side by `margin` times its own size (so a short pan finds its edges already there).
 */
export function viewRect(
  viewport: { x: number; y: number; zoom: number },
  width: number,
  height: number,
  margin = 1,
): FlowRect {
  const w = width / viewport.zoom;
  const h = height / viewport.zoom;
  const x = -viewport.x / viewport.zoom;
  const y = -viewport.y / viewport.zoom;
  return { x0: x - margin * w, y0: y - margin * h, x1: x + (1 + margin) * w, y1: y + (1 + margin) * h };
}

/**
 * The edges whose two nodes' boxes, taken together, reach into `rect`: every edge that can cross
 * it, whether or not its ends are inside.
 *
 * @param at - Each node's top-left corner, by id.
 * @param size - A node's box (an estimate: the rectangle's margin absorbs nodes drawn larger).
 */
export function edgesInView<E extends { source: string; target: string }>(
  edges: readonly E[],
  at: ReadonlyMap<string, { x: number; y: number }>,
  size: { width: number; height: number },
  rect: FlowRect,
): E[] {
  return edges.filter((e) => {
    const s = at.get(e.source);
    const t = at.get(e.target);
    // An end without a position is drawn wherever React Flow puts it: keep the edge.
    if (!s || !t) return true;
    const x = Math.min(s.x, t.x);
    const y = Math.min(s.y, t.y);
    return meets(x, y, Math.max(s.x, t.x) + size.width - x, Math.max(s.y, t.y) + size.height - y, rect);
  });
}

/**
 * The nodes whose box reaches into `rect`, and those in `keep` (the ends of the edges kept, the
 * selection), in their order.
 */
export function nodesInView<N extends { id: string; position: { x: number; y: number } }>(
  nodes: readonly N[],
  keep: ReadonlySet<string>,
  size: { width: number; height: number },
  rect: FlowRect,
): N[] {
  return nodes.filter(
    (n) => keep.has(n.id) || meets(n.position.x, n.position.y, size.width, size.height, rect),
  );
}

/** Whether the box at (x, y) of `width` × `height` touches `rect`. */
function meets(x: number, y: number, width: number, height: number, rect: FlowRect): boolean {
  return x <= rect.x1 && x + width >= rect.x0 && y <= rect.y1 && y + height >= rect.y0;
}

/** Whether `inner` lies wholly inside `outer`. */
export function covers(outer: FlowRect, inner: FlowRect): boolean {
  return inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0 && inner.y1 <= outer.y1;
}

import { getViewportForBounds } from '@xyflow/react';
import type { Viewport } from '@xyflow/react';

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

/** What {@link openingViewport} needs to know of the canvas: its size in pixels and zoom limits. */
export interface CanvasFrame {
  width: number;
  height: number;
  minZoom: number;
}

/** Space left of and above a big graph's opening corner, in screen pixels. */
const CORNER_MARGIN = 40;

/**
 * The view a graph opens on, worked out from the document's positions and the estimated node size
 * alone, so it can be set in the same task as the document is loaded: the first render then draws
 * the nodes of the opening view, rather than drawing the nodes around the old view, measuring them,
 * and drawing again after a fit. Null when the canvas has no size yet or there is nothing to fit.
 *
 * A small graph is fitted whole ({@link FIT}). A big one opens at 100 % with the top-left corner of
 * {@link openingFit}'s nodes near the top-left of the canvas: fitting those 60 nodes zoomed out to
 * about 40 %, where some 130 nodes are in view and drawing them at once held the page for 200 ms on
 * a slow machine; at 100 % some 30 are in view, and their text can be read.
 *
 * @param nodes - Every node's id and top-left position.
 * @param size - The size nodes are taken to have (they are not measured yet).
 */
export function openingViewport(
  nodes: readonly { id: string; position: { x: number; y: number } }[],
  size: { width: number; height: number },
  frame: CanvasFrame,
): Viewport | null {
  const fit = openingFit(nodes);
  if (!fit.nodes) return wholeViewport(nodes, size, frame);
  if (!frame.width || !frame.height) return null;
  const wanted = new Set(fit.nodes.map((n) => n.id));
  const box = boundsOf(
    nodes.filter((n) => wanted.has(n.id)),
    size,
  );
  return {
    x: CORNER_MARGIN - box.x * fit.maxZoom,
    y: CORNER_MARGIN - box.y * fit.maxZoom,
    zoom: fit.maxZoom,
  };
}

/** The rectangle that holds every node's box, each `size` from its top-left position. */
function boundsOf(
  nodes: readonly { position: { x: number; y: number } }[],
  size: { width: number; height: number },
): { x: number; y: number; width: number; height: number } {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of nodes) {
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + size.width);
    bottom = Math.max(bottom, n.position.y + size.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The view of the whole graph ({@link FIT}), from the document's positions: what the Fit command
 * shows for a big graph, whose nodes React Flow does not all know (it is handed those near the view).
 * Null when the canvas has no size yet or there is nothing to fit.
 */
export function wholeViewport(
  nodes: readonly { position: { x: number; y: number } }[],
  size: { width: number; height: number },
  frame: CanvasFrame,
): Viewport | null {
  if (!nodes.length || !frame.width || !frame.height) return null;
  return getViewportForBounds(
    boundsOf(nodes, size),
    frame.width,
    frame.height,
    frame.minZoom,
    FIT.maxZoom,
    FIT.padding,
  );
}

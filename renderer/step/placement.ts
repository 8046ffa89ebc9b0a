/**
 * Where the step-mode readout card goes: beside the focused node, never over it, inside the
 * canvas. Pure (screen rectangles in, a corner out), so it is tested without a browser.
 */

/** A screen rectangle in CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Gap between the node and the card. */
const GAP = 12;

function inside(r: Rect, area: Rect): boolean {
  return (
    r.x >= area.x &&
    r.y >= area.y &&
    r.x + r.width <= area.x + area.width &&
    r.y + r.height <= area.y + area.height
  );
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/**
 * The card's top-left corner for a card of `card` size next to `node`, within `area`. Tries below
 * the node first (the graphs flow left to right, so below hides the fewest neighbours on the
 * path being walked), then above, right and left, each slid along the node's side to stay inside
 * the area. When none fits, the area's corner farthest from the node, so the card covers the node
 * only when the area is too small to hold both.
 */
export function placeCard(
  node: Rect,
  card: { width: number; height: number },
  area: Rect,
): { x: number; y: number } {
  const alongX = clamp(node.x, area.x, area.x + area.width - card.width);
  const alongY = clamp(node.y, area.y, area.y + area.height - card.height);
  const candidates: Rect[] = [
    { x: alongX, y: node.y + node.height + GAP, ...card },
    { x: alongX, y: node.y - GAP - card.height, ...card },
    { x: node.x + node.width + GAP, y: alongY, ...card },
    { x: node.x - GAP - card.width, y: alongY, ...card },
  ];
  const fit = candidates.find((c) => inside(c, area) && !overlaps(c, node));
  if (fit) return { x: fit.x, y: fit.y };
  const cx = node.x + node.width / 2;
  const cy = node.y + node.height / 2;
  const left = cx > area.x + area.width / 2;
  const top = cy > area.y + area.height / 2;
  return {
    x: left ? area.x + GAP : Math.max(area.x, area.x + area.width - card.width - GAP),
    y: top ? area.y + GAP : Math.max(area.y, area.y + area.height - card.height - GAP),
  };
}

/** Whether `node` lies wholly inside `area`, i.e. the student can see it without panning. */
export function inView(node: Rect, area: Rect): boolean {
  return inside(node, area);
}

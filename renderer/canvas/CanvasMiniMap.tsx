/**
 * The minimap of a big graph: every node a small rectangle on one `<canvas>`, drawn once per
 * document, with the view's rectangle drawn over it. React Flow's MiniMap draws one SVG element per
 * node, each subscribed to the flow's store: on a 1,000-node graph mounting it held the page for
 * about 100 ms, every pan frame ran a selector per node, and above 2,000 nodes there was no minimap
 * at all. Click or drag on it to move the view there.
 */
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { PointerEvent } from 'react';
import { Panel, useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { getOp } from '../../src/ops/registry';
import { ownValue } from '../../src/graph/own';
import type { GraphDoc } from '../../src/graph/types';
import { CATEGORY_STYLE } from './categories';

/** The minimap's size on screen, in CSS pixels (React Flow's default). */
const WIDTH = 200;
const HEIGHT = 150;
/** Space around the graph inside the minimap, in CSS pixels. */
const INSET = 6;
/** The colour of a node whose op the registry does not know. */
const UNKNOWN_COLOR = '#dc2626';

interface Props {
  doc: GraphDoc;
  /** The size every node is taken to have (they are not all measured). */
  nodeSize: { width: number; height: number };
}

/** The graph's bounds in flow coordinates and the scale that fits them into the minimap. */
function frameOf(doc: GraphDoc, nodeSize: Props['nodeSize']) {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of doc.nodes) {
    const p = ownValue(doc.layout.nodes, n.id) ?? { x: 0, y: 0 };
    left = Math.min(left, p.x);
    top = Math.min(top, p.y);
    right = Math.max(right, p.x + nodeSize.width);
    bottom = Math.max(bottom, p.y + nodeSize.height);
  }
  if (!Number.isFinite(left)) return { left: 0, top: 0, scale: 1, dx: INSET, dy: INSET };
  const scale = Math.min((WIDTH - 2 * INSET) / (right - left), (HEIGHT - 2 * INSET) / (bottom - top));
  // Centred in the minimap.
  const dx = (WIDTH - (right - left) * scale) / 2;
  const dy = (HEIGHT - (bottom - top) * scale) / 2;
  return { left, top, scale, dx, dy };
}

function CanvasMiniMapView({ doc, nodeSize }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useMemo(() => frameOf(doc, nodeSize), [doc, nodeSize]);
  const flow = useReactFlow();

  // The nodes: drawn when the document changes, never on a pan.
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(WIDTH * dpr);
    el.height = Math.round(HEIGHT * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    // One fill colour at a time: grouping by colour keeps the canvas from switching styles per node.
    const byColor = new Map<string, { x: number; y: number }[]>();
    for (const n of doc.nodes) {
      const spec = getOp(n.op);
      const color = spec ? CATEGORY_STYLE[spec.category].color : UNKNOWN_COLOR;
      const list = byColor.get(color) ?? [];
      list.push(ownValue(doc.layout.nodes, n.id) ?? { x: 0, y: 0 });
      byColor.set(color, list);
    }
    const w = Math.max(1, nodeSize.width * frame.scale);
    const h = Math.max(1, nodeSize.height * frame.scale);
    for (const [color, points] of byColor) {
      ctx.fillStyle = color;
      for (const p of points)
        ctx.fillRect(
          frame.dx + (p.x - frame.left) * frame.scale,
          frame.dy + (p.y - frame.top) * frame.scale,
          w,
          h,
        );
    }
  }, [doc, frame, nodeSize]);

  // The view's rectangle, in minimap pixels; re-rendered on a pan, which redraws only this.
  const view = useFlowStore(
    useCallback(
      (s) => {
        const [tx, ty, zoom] = s.transform;
        const x = frame.dx + (-tx / zoom - frame.left) * frame.scale;
        const y = frame.dy + (-ty / zoom - frame.top) * frame.scale;
        return `${x.toFixed(1)},${y.toFixed(1)},${((s.width / zoom) * frame.scale).toFixed(1)},${((s.height / zoom) * frame.scale).toFixed(1)}`;
      },
      [frame],
    ),
  );
  const [vx, vy, vw, vh] = view.split(',').map(Number);

  // Click or drag: centre the view on that point, at the same zoom.
  const moveTo = useCallback(
    (e: PointerEvent<SVGSVGElement>) => {
      const r = e.currentTarget.getBoundingClientRect();
      const x = frame.left + (e.clientX - r.left - frame.dx) / frame.scale;
      const y = frame.top + (e.clientY - r.top - frame.dy) / frame.scale;
      void flow.setCenter(x, y, { zoom: flow.getZoom() });
    },
    [flow, frame],
  );

  return (
    <Panel
      position="bottom-right"
      className="react-flow__minimap canvas-minimap"
      data-testid="canvas-minimap"
    >
      <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT, display: 'block' }} />
      <svg
        width={WIDTH}
        height={HEIGHT}
        className="canvas-minimap-view"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e);
        }}
      >
        <rect x={vx} y={vy} width={vw} height={vh} />
      </svg>
    </Panel>
  );
}

/** Memoized: it redraws its nodes only with a new document. */
export const CanvasMiniMap = memo(CanvasMiniMapView);

/**
 * Step mode's readout card: the focused node's value, gradient and formula at a fixed screen size,
 * so they stay readable at any zoom of the canvas. It sits beside the node (never over it) and
 * follows it when the view is panned or zoomed; when a step moves the focus to a node outside
 * the view, the view pans to it, keeping the student's zoom.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useInternalNode, useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import type { Readout } from '../../src/step/readout';
import type { StepEvent } from '../../src/step/stepper';
import { inView, placeCard } from './placement';
import type { Rect } from './placement';
import './StepCard.css';

interface Props {
  readout: Readout;
  phase: StepEvent['phase'];
}

/** The node's rectangle on screen, or null while React Flow has not measured it. */
function useNodeRect(id: string): Rect | null {
  const node = useInternalNode(id);
  const flow = useReactFlow();
  // Re-render on every pan and zoom: the rectangle is in screen pixels.
  useFlowStore((s) => s.transform.join(','));
  const width = node?.measured.width;
  const height = node?.measured.height;
  if (!node || !width || !height) return null;
  const p = node.internals.positionAbsolute;
  const a = flow.flowToScreenPosition(p);
  const b = flow.flowToScreenPosition({ x: p.x + width, y: p.y + height });
  return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
}

/** The canvas's rectangle on screen. */
function useCanvasRect(): Rect | null {
  const dom = useFlowStore((s) => s.domNode);
  useFlowStore((s) => `${s.width}x${s.height}`);
  if (!dom) return null;
  const r = dom.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

export function StepCard({ readout, phase }: Props) {
  const nodeRect = useNodeRect(readout.nodeId);
  const area = useCanvasRect();
  const flow = useReactFlow();
  const ref = useRef<HTMLElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  // The card's own size decides where it fits; measured before paint so it never jumps.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((s) =>
        s.width === r.width && s.height === r.height ? s : { width: r.width, height: r.height },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Only when the focus moves: the student may pan away afterwards without being pulled back.
  const visible = nodeRect && area ? inView(nodeRect, area) : true;
  useEffect(() => {
    if (visible || !nodeRect || !area) return;
    const c = flow.screenToFlowPosition({
      x: nodeRect.x + nodeRect.width / 2,
      y: nodeRect.y + nodeRect.height / 2,
    });
    void flow.setCenter(c.x, c.y, { zoom: flow.getZoom(), duration: 250 });
  }, [readout.nodeId]); // on focus changes only, see above

  const at = nodeRect && area ? placeCard(nodeRect, size, area) : null;
  return (
    <aside
      ref={ref}
      className={`step-card phase-${phase}`}
      data-testid="step-card"
      data-node={readout.nodeId}
      aria-label={`Readout of ${readout.nodeId}`}
      // Never taller than the canvas: a long readout (CBOW's sum of word vectors) scrolls inside the
      // card instead of covering the step panel's Next button below the canvas.
      style={
        at && area
          ? { left: at.x, top: at.y, maxHeight: Math.max(120, area.height - 16), overflowY: 'auto' }
          : { visibility: 'hidden' }
      }
    >
      <div className="step-card-title">{readout.title}</div>
      <div className="step-card-role">{readout.role}</div>
      {readout.value && (
        <div className="step-card-value" data-testid="step-card-value">
          {readout.value}
        </div>
      )}
      {readout.grad && (
        <div className="step-card-grad" data-testid="step-card-grad">
          {readout.grad}
        </div>
      )}
      {readout.formula.map((l, i) => (
        <code key={i} className="step-card-formula">
          {l}
        </code>
      ))}
      {readout.delta && <div className="step-card-delta">{readout.delta.split(':')[0]}</div>}
    </aside>
  );
}

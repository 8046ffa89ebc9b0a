/**
 * An edge coloured and sized by the gradient flowing back through it (dE/d(source) on a log scale).
 * While training runs, a forward pulse travels from the inputs to the loss and then a backward
 * pulse from the loss to the parameters: every edge runs the same cycle with its own time window
 * (from the source's depth in the graph), as compositor animations that cost the page no work per
 * frame.
 */
import { memo, useLayoutEffect, useRef } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath } from '@xyflow/react';
import type { Edge, EdgeProps } from '@xyflow/react';
import { useStore } from 'zustand';
import { useRunStore } from '../run/RunContext';
import { ownValue } from '../../src/graph/own';

/** Timing of an edge's pulses within the cycle, as fractions 0–1 of the graph's depth. */
export type GradEdgeData = {
  color: string;
  from: number;
  to: number;
  /** Draw the pulses (off on big graphs: hundreds of animated dots cost more than they show). */
  pulses: boolean;
};

/** Graphs with more edges than this get gradient colours but no pulses. */
export const PULSE_EDGE_LIMIT = 80;
export type GradFlowEdge = Edge<GradEdgeData, 'grad'>;

/** One forward + backward cycle, in seconds. */
const CYCLE = 1.6;

/** Gradient magnitude in 0–12 buckets (1e-6 … 1e2), or −1 without a gradient; −2 when not finite. */
function bucket(norm: number | undefined): number {
  if (norm === undefined) return -1;
  if (!Number.isFinite(norm)) return -2;
  return Math.max(0, Math.min(12, Math.round((Math.log10(norm + 1e-12) + 6) * 1.5)));
}

/** When a dot travels its edge: during [a, b] of the cycle, from the target back when `reverse`. */
interface PulseTiming {
  a: number;
  b: number;
  reverse: boolean;
}

function motion(start: number, end: number, reverse: boolean): PulseTiming {
  const a = Math.max(0.001, Math.min(0.997, start));
  const b = Math.max(a + 0.001, Math.min(0.999, end));
  return { a, b, reverse };
}

/** The control points of the cubic Bézier a React Flow bezier path draws ("M x,y C x,y x,y x,y"). */
function bezierOf(path: string): number[] | null {
  const n = path.match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi)?.map(Number);
  return n && n.length === 8 && n.every(Number.isFinite) ? n : null;
}

/** The point at parameter t of the Bézier `p`. */
function pointAt(p: number[], t: number): [number, number] {
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return [0, 1].map((k) => w[0] * p[k] + w[1] * p[2 + k] + w[2] * p[4 + k] + w[3] * p[6 + k]) as [
    number,
    number,
  ];
}

/** Points sampled along the edge for one travel; linear in between is close enough at this size. */
const SAMPLES = 8;
const DOT = 7;

/** Keyframes of a dot: hidden, then visible while it travels the edge in its window, hidden again. */
function pulseKeyframes(p: number[], { a, b, reverse }: PulseTiming): Keyframe[] {
  const at = (t: number) => {
    const [x, y] = pointAt(p, reverse ? 1 - t : t);
    return `translate(${(x - DOT / 2).toFixed(1)}px, ${(y - DOT / 2).toFixed(1)}px)`;
  };
  const frames: Keyframe[] = [
    { offset: 0, opacity: 0, transform: at(0) },
    { offset: a, opacity: 0, transform: at(0) },
  ];
  for (let i = 0; i <= SAMPLES; i++)
    frames.push({ offset: a + ((b - a) * i) / SAMPLES, opacity: 1, transform: at(i / SAMPLES) });
  frames.push({ offset: b, opacity: 0, transform: at(1) }, { offset: 1, opacity: 0, transform: at(1) });
  return frames;
}

/**
 * A dot that travels the edge once per cycle, visible only during its window. An HTML element
 * animated by transform and opacity only, so the compositor runs it without the page's main
 * thread: SVG animations (SMIL) were restyled and repainted on the main thread every frame, a
 * third of it on spiral-mlp, time the training worker lost on a 2-core machine.
 */
function Pulse({
  path,
  timing,
  direction,
}: {
  path: string;
  timing: PulseTiming;
  direction: 'forward' | 'backward';
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { a, b, reverse } = timing;
  useLayoutEffect(() => {
    const el = ref.current;
    const p = bezierOf(path);
    if (!el || !p || typeof el.animate !== 'function') return;
    const animation = el.animate(pulseKeyframes(p, { a, b, reverse }), {
      duration: CYCLE * 1000,
      iterations: Infinity,
    });
    // Every dot on the same clock, so the wave runs through the graph in depth order.
    animation.startTime = 0;
    return () => animation.cancel();
  }, [path, a, b, reverse]);
  return <div ref={ref} className={`pulse ${direction}`} data-testid="pulse" />;
}

function GradEdgeView(props: EdgeProps<GradFlowEdge>) {
  const [path] = getBezierPath(props);
  const { run } = useRunStore();
  const data = props.data ?? { color: '#888', from: 0, to: 1, pulses: false };
  const level = useStore(run, (s) => bucket(ownValue(s.view, props.source)?.grad?.stats.norm));
  const running = useStore(run, (s) => s.state === 'running') && data.pulses;
  const focused = useStore(
    run,
    (s) =>
      (s.focus?.phase === 'forward' && s.focus.nodeId === props.target) ||
      (s.focus?.phase === 'backward' && s.focus.nodeId === props.source),
  );
  const stroke =
    level === -2 ? '#d92d20' : level >= 0 ? `hsl(${28 - level}, 90%, ${62 - level * 2}%)` : data.color;
  const width = level >= 0 ? 1.5 + level * 0.45 : 2;
  // Forward pulses fill the first half of the cycle, backward pulses the second (in reverse depth order).
  const fwd = motion(data.from * 0.45, data.from * 0.45 + 0.05, false);
  const bwd = motion(0.5 + (1 - data.to) * 0.45, 0.5 + (1 - data.to) * 0.45 + 0.05, true);
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        style={{ ...props.style, stroke, strokeWidth: focused ? width + 2 : width }}
        className={focused ? 'edge-focus' : undefined}
      />
      {running && (
        <EdgeLabelRenderer>
          <Pulse path={path} timing={fwd} direction="forward" />
          {level !== -1 && <Pulse path={path} timing={bwd} direction="backward" />}
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const GradEdge = memo(GradEdgeView);

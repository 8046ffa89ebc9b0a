/**
 * An edge coloured and sized by the gradient flowing back through it (dE/d(source) on a log scale).
 * While training runs, a forward pulse travels from the inputs to the loss and then a backward
 * pulse from the loss to the parameters: every edge runs the same SMIL cycle with its own time
 * window (from the source's depth in the graph), so the pulses cost no JavaScript per frame.
 */
import { memo } from 'react';
import { BaseEdge, getBezierPath } from '@xyflow/react';
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

/** keyTimes/keyPoints for a dot that waits, travels during [start, end] of the cycle, then waits. */
function motion(start: number, end: number, reverse: boolean) {
  const a = Math.max(0.001, Math.min(0.997, start));
  const b = Math.max(a + 0.001, Math.min(0.999, end));
  const p = reverse ? ['1', '1', '0', '0'] : ['0', '0', '1', '1'];
  return { keyTimes: `0;${a.toFixed(3)};${b.toFixed(3)};1`, keyPoints: p.join(';'), a, b };
}

/** A dot that travels the edge once per cycle, visible only during its window. */
function Pulse({
  path,
  timing,
  direction,
}: {
  path: string;
  timing: ReturnType<typeof motion>;
  direction: 'forward' | 'backward';
}) {
  return (
    <circle r={3.5} className={`pulse ${direction}`}>
      <animateMotion
        dur={`${CYCLE}s`}
        repeatCount="indefinite"
        path={path}
        keyTimes={timing.keyTimes}
        keyPoints={timing.keyPoints}
        calcMode="linear"
      />
      <animate
        attributeName="opacity"
        dur={`${CYCLE}s`}
        repeatCount="indefinite"
        calcMode="discrete"
        values="0;1;0"
        keyTimes={`0;${timing.a.toFixed(3)};${timing.b.toFixed(3)}`}
      />
    </circle>
  );
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
        <>
          <Pulse path={path} timing={fwd} direction="forward" />
          {level !== -1 && <Pulse path={path} timing={bwd} direction="backward" />}
        </>
      )}
    </>
  );
}

export const GradEdge = memo(GradEdgeView);

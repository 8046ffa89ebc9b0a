/**
 * A node's live readout: its forward value (numbers for small tensors, a heatmap up to 64
 * elements, a histogram beyond) and dE/d(node) with a magnitude bar and vanishing/exploding
 * badges. Subscribes to the run store for its own node id only, so a trace frame re-renders the
 * readouts, never the node shells or the document.
 */
import { memo } from 'react';
import { useStore } from 'zustand';
import type { TensorTrace } from '../../src/trace/types';
import { ownValue } from '../../src/graph/own';
import { divergingColor, gradientHealth, num, tensorText } from '../run/format';
import type { RunStore } from '../run/runStore';
import { useRunStore } from '../run/RunContext';
import { UnitMaps } from './UnitMaps';
import { ImageReadout } from './ImageReadout';

/** Full-precision numbers for tests and tooltips: every value, or the statistics of a big tensor. */
function exact(t: TensorTrace): string {
  return JSON.stringify(t.values ?? t.stats);
}

function Heatmap({ t }: { t: TensorTrace }) {
  const v = t.values!;
  const last = t.shape[t.shape.length - 1] || 1;
  const rows = v.length / last;
  // Keep the row structure while it fits in a compact block; otherwise wrap at 16 cells.
  const cols = rows <= 8 && last <= 16 ? last : Math.min(16, v.length);
  const scale = Math.max(Math.abs(t.stats.min), Math.abs(t.stats.max)) || 1;
  return (
    <div className="heatmap" style={{ gridTemplateColumns: `repeat(${cols}, 8px)` }}>
      {v.map((x, i) => (
        <span key={i} style={{ background: divergingColor(x / scale) }} />
      ))}
    </div>
  );
}

function Histogram({ t }: { t: TensorTrace }) {
  const h = t.histogram ?? [];
  const max = Math.max(1, ...h);
  return (
    <svg className="histogram" viewBox={`0 0 ${h.length * 4} 16`} preserveAspectRatio="none">
      {h.map((c, i) => (
        <rect key={i} x={i * 4} y={16 - (c / max) * 16} width={3.4} height={(c / max) * 16} />
      ))}
    </svg>
  );
}

function ValueView({ t }: { t: TensorTrace }) {
  const size = t.values?.length ?? Infinity;
  if (size <= 6) return <span className="nums">{tensorText(t)}</span>;
  return (
    <>
      {t.values ? <Heatmap t={t} /> : <Histogram t={t} />}
      <span className="range">
        {num(t.stats.min, 3)} … {num(t.stats.max, 3)}
      </span>
    </>
  );
}

function ReadoutView({ id }: { id: string }) {
  const { run, provided } = useRunStore();
  if (!provided) return null;
  return (
    <>
      <Readout id={id} run={run} />
      <UnitMaps id={id} run={run} />
      <ImageReadout id={id} run={run} />
    </>
  );
}

function Readout({ id, run }: { id: string; run: RunStore }) {
  const v = useStore(run, (s) => ownValue(s.view, id));
  if (!v) return null;
  const grad = v.grad;
  const health = grad ? gradientHealth(grad.stats.norm) : null;
  // Log scale: 1e-6 → empty bar, 1e2 → full.
  const bar = grad ? Math.max(0, Math.min(1, (Math.log10(grad.stats.norm + 1e-12) + 6) / 8)) : 0;
  return (
    <div className="readout">
      {v.value && (
        <div
          className={`readout-value${v.value.stats.nonFinite ? ' bad' : ''}`}
          data-testid={`node-value-${id}`}
          data-values={exact(v.value)}
          title={`value ${v.value.shape.join('×') || 'scalar'}: ${tensorText(v.value, 6)}`}
        >
          <ValueView t={v.value} />
        </div>
      )}
      {grad && (
        <div
          className="readout-grad"
          data-testid={`node-grad-${id}`}
          data-values={exact(grad)}
          title={`dE/d(${id}) ${tensorText(grad, 6)}, norm ${num(grad.stats.norm, 6)}`}
        >
          <span className="nabla">∇</span>
          {(grad.values?.length ?? Infinity) <= 4 ? (
            <span className="nums">{tensorText(grad)}</span>
          ) : (
            <span className="nums">‖{num(grad.stats.norm, 3)}‖</span>
          )}
          <span className="gradbar">
            <span style={{ width: `${bar * 100}%` }} />
          </span>
          {health && (
            <span className={`health ${health}`} data-testid={`health-${id}`} title={`${health} gradient`}>
              {health === 'vanishing' ? '↓0' : '↑∞'}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** Memoized by node id. */
export const NodeReadout = memo(ReadoutView);

/** The class a node gets from the run: focused in step mode, or where a NaN first appeared. */
export function useRunHighlight(id: string): string {
  const { run, provided } = useRunStore();
  const cls = useStore(run, (s) => {
    if (s.nonfinite?.nodeId === id) return ' nonfinite';
    if (s.focus?.nodeId === id) return ` focus-${s.focus.phase}`;
    return '';
  });
  return provided ? cls : '';
}

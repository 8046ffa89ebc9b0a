/**
 * A hidden node's units over the input plane (TensorFlow Playground's view): one small heatmap per
 * unit, blue where the unit's output is negative, orange where positive, white at 0, for data with
 * two features (or a plane through more). Up to four units in a 2 × 2 grid; "+N more" beyond.
 * Hidden in step mode, where the canvas shows one example's walk instead.
 */
import { memo, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { UnitMap } from '../../src/worker/protocol';
import { num } from '../run/format';
import type { RunStore } from '../run/runStore';
import './unit-maps.css';

/** Units drawn per node; a node is 180 px wide and should not grow much taller. */
const SHOWN = 4;
/** The diverging colours of the canvas readouts (renderer/run/format.ts): negative, positive. */
const NEGATIVE = [47, 111, 214] as const;
const POSITIVE = [232, 115, 30] as const;

/** Main-thread time one batch of queued paints may take, in milliseconds. */
const PAINT_BUDGET_MS = 8;

/** Canvases waiting to be painted, each with its latest paint (a newer frame replaces an older one). */
const paintQueue = new Map<HTMLCanvasElement, () => void>();
let paintScheduled = false;

/**
 * Paints the queued canvases, at most {@link PAINT_BUDGET_MS} per animation frame, and leaves the
 * rest to the next one. Why: a graph opened or panned into view mounts a hundred maps at once, and painting them
 * in their effects held the page for a quarter of a second in one task.
 */
function paintSome(): void {
  const end = performance.now() + PAINT_BUDGET_MS;
  for (const [canvas, paint] of paintQueue) {
    paintQueue.delete(canvas);
    if (canvas.isConnected) paint();
    if (performance.now() > end) break;
  }
  paintScheduled = paintQueue.size > 0;
  if (paintScheduled) requestAnimationFrame(paintSome);
}

/** Queues a canvas's paint (replacing one still waiting) for {@link paintSome}. */
function queuePaint(canvas: HTMLCanvasElement, paint: () => void): void {
  paintQueue.set(canvas, paint);
  if (paintScheduled) return;
  paintScheduled = true;
  // In animation frames, not tasks between them: each batch of canvas uploads then goes out with a
  // frame (paints in tasks of their own slowed every frame of a pan by a fifth of a second).
  requestAnimationFrame(paintSome);
}

/** Paints one unit's map at its grid's resolution; CSS scales it up smoothly. */
function UnitCanvas({ map, resolution }: { map: UnitMap; resolution: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of map.values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    queuePaint(el, () => {
      // Not a software canvas (`willReadFrequently`): cheaper to paint, but then panning a big
      // graph repainted the canvases' layer on every frame (frames of 250 ms instead of 33).
      const ctx = el.getContext('2d');
      if (!ctx) return;
      // Scaled per unit so a unit with small outputs still shows where it changes sign.
      const scale = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
      const image = ctx.createImageData(resolution, resolution);
      const px = image.data;
      for (let k = 0; k < resolution * resolution; k++) {
        const v = map.values[k];
        const t = Number.isFinite(v) ? Math.max(-1, Math.min(1, v / scale)) : 0;
        const c = t < 0 ? NEGATIVE : POSITIVE;
        const a = Math.abs(t);
        px[4 * k] = 255 + (c[0] - 255) * a;
        px[4 * k + 1] = 255 + (c[1] - 255) * a;
        px[4 * k + 2] = 255 + (c[2] - 255) * a;
        px[4 * k + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
    });
    return () => void paintQueue.delete(el);
  }, [map, resolution, lo, hi]);
  return (
    <canvas
      ref={canvas}
      width={resolution}
      height={resolution}
      data-unit={map.unit}
      title={`unit ${map.unit + 1} of ${map.units}: ${num(lo, 3)} … ${num(hi, 3)}`}
    />
  );
}

function Maps({ id, run }: { id: string; run: RunStore }) {
  const entry = useStore(run, (s) => s.unitMaps[id]);
  const stepping = useStore(run, (s) => s.stepMode !== null);
  if (!entry || stepping) return null;
  const more = entry.maps.length - SHOWN;
  return (
    <div className="unit-maps" data-testid={`unit-maps-${id}`} data-step={entry.step}>
      {entry.maps.slice(0, SHOWN).map((m) => (
        <UnitCanvas key={m.unit} map={m} resolution={entry.resolution} />
      ))}
      {more > 0 && <span className="unit-maps-more">+{more} more</span>}
    </div>
  );
}

/** Memoized by node id; reads the run store's unit maps of that node only. */
export const UnitMaps = memo(Maps);

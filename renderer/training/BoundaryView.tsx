/**
 * The decision boundary: predicted class per grid cell as a heatmap (lighter where the network is
 * unsure), with the data points on top, redrawn on a canvas whenever a new grid arrives. Points are
 * coloured by their class with a dark outline, so each stands out even on its own class's tint;
 * points the network gets wrong wear a ring in the colour of the class it predicts. On a plane
 * through more than two features the points are projected on the plane's two features.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BoundaryGrid, BoundaryPlane, DatasetSummary } from '../../src/worker/protocol';
import { num } from '../run/format';

/** Class colours, shared by cells and points. */
export const CLASS_COLORS = [
  '#2f6fd6',
  '#e8731e',
  '#2e9e5b',
  '#c03d8f',
  '#8a63d2',
  '#b8a400',
  '#1aa3a3',
  '#7f7f7f',
];

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** CSS pixels per side (styles.css `.boundary`). */
const SIZE = 300;
/** Point radius and outline, in CSS pixels. */
const RADIUS = 4;
const OUTLINE = '#1c2333';
/** At most this many points are drawn (the worker samples 600): more would only hide each other. */
const MAX_DRAWN = 600;

interface Props {
  grid: BoundaryGrid | null;
  points: NonNullable<DatasetSummary['points']>;
  task: DatasetSummary['task'];
}

/** The points' coordinates on the plane's two features: x, y pairs. */
function project(points: Props['points'], x: number, y: number): Float32Array {
  const f = points.features ? points.features.length / Math.max(1, points.label.length) : 2;
  if (!points.features || (x === 0 && y === 1)) return points.xy;
  const out = new Float32Array(2 * points.label.length);
  for (let k = 0; k < points.label.length; k++) {
    out[2 * k] = points.features[k * f + x];
    out[2 * k + 1] = points.features[k * f + y];
  }
  return out;
}

export function BoundaryView({ grid, points, task }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const axisX = grid?.plane?.x ?? 0;
  const axisY = grid?.plane?.y ?? 1;
  const xy = useMemo(() => project(points, axisX, axisY), [points, axisX, axisY]);
  // Whether the grid classifies (classes, or a binary output on 0/1 targets): then points get
  // their class's colour and the misclassified ones a ring.
  const classified = task === 'classification' || grid?.predicted !== undefined;
  const n = points.label.length;
  const stride = Math.max(1, n / MAX_DRAWN);
  const classOf = (k: number) =>
    task === 'classification' ? points.label[k] : points.label[k] >= 0.5 ? 1 : 0;
  const wrong: number[] = [];
  if (grid?.predicted?.length === n && classified)
    for (let d = 0; d < Math.min(n, MAX_DRAWN); d++) {
      const k = Math.floor(d * stride);
      if (grid.predicted[k] !== classOf(k)) wrong.push(k);
    }
  const drawn = Math.min(n, MAX_DRAWN);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    // The backing store at the screen's pixel density, so points stay crisp on high-DPI screens.
    const dpr = Math.max(1, window.devicePixelRatio || 1);
    const px = Math.round(SIZE * dpr);
    if (el.width !== px) {
      el.width = px;
      el.height = px;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, px, px);
    ctx.setTransform(px / SIZE, 0, 0, px / SIZE, 0, 0);
    const [x0, x1, y0, y1] = grid?.range ?? points.range;
    if (grid) {
      const r = grid.resolution;
      const image = ctx.createImageData(r, r);
      for (let i = 0; i < r * r; i++) {
        const [cr, cg, cb] = rgb(CLASS_COLORS[grid.classes[i] % CLASS_COLORS.length]);
        // Confidence 1/K … 1 maps to a pale … saturated tint; regression shows the value's shade.
        const c = Math.max(0, Math.min(1, grid.confidence[i]));
        // Kept lighter than the points, which are drawn in the full class colour on top.
        const strength = task === 'regression' ? c : 0.12 + 0.43 * c;
        image.data.set([cr, cg, cb, Math.round(255 * strength)], i * 4);
      }
      // Draw the small grid, then scale it up smoothly onto the canvas.
      const tmp = new OffscreenCanvas(r, r);
      tmp.getContext('2d')!.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, SIZE, SIZE);
    }
    const at = (k: number): [number, number] => [
      ((xy[2 * k] - x0) / (x1 - x0)) * SIZE,
      SIZE - ((xy[2 * k + 1] - y0) / (y1 - y0)) * SIZE,
    ];
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = OUTLINE;
    for (let d = 0; d < drawn; d++) {
      const k = Math.floor(d * stride);
      const [cx, cy] = at(k);
      ctx.beginPath();
      ctx.arc(cx, cy, RADIUS, 0, Math.PI * 2);
      ctx.fillStyle = classified ? CLASS_COLORS[classOf(k) % CLASS_COLORS.length] : OUTLINE;
      ctx.fill();
      if (classified) ctx.stroke();
      else {
        // Regression: dark points, outlined in white so they show on dark shades too.
        ctx.strokeStyle = '#ffffff';
        ctx.stroke();
        ctx.strokeStyle = OUTLINE;
      }
    }
    // Misclassified points on top: a ring in the predicted class's colour, edged dark to show on its tint.
    for (const k of wrong) {
      const [cx, cy] = at(k);
      const color = CLASS_COLORS[grid!.predicted![k] % CLASS_COLORS.length];
      ctx.beginPath();
      ctx.arc(cx, cy, RADIUS + 3, 0, Math.PI * 2);
      ctx.lineWidth = 3.6;
      ctx.strokeStyle = OUTLINE;
      ctx.stroke();
      ctx.lineWidth = 2;
      ctx.strokeStyle = color;
      ctx.stroke();
    }
    // Everything else it reads (classified, wrong, stride) is derived from these.
  }, [grid, points, task, xy]);
  return (
    <canvas
      ref={canvas}
      width={SIZE}
      height={SIZE}
      className="boundary"
      data-testid="decision-boundary"
      data-step={grid?.step ?? -1}
      data-points={drawn}
      data-misclassified={wrong.length}
    />
  );
}

interface PlaneProps {
  /** The features' mean, minimum and maximum (the data set summary's `slice`). */
  slice: NonNullable<DatasetSummary['slice']>;
  featureNames?: string[];
  /** The plane of the grid shown, when it has one. */
  plane: BoundaryPlane | undefined;
  onChange: (plane: BoundaryPlane) => void;
}

/**
 * The plane through a data set with more than two features: the two features on the axes, and a
 * slider per other feature for where it is fixed (from its mean at first). The worker answers each
 * change with a grid of that plane; until it does, the fields show what was chosen.
 */
export function BoundaryPlaneFields({ slice, featureNames, plane, onChange }: PlaneProps) {
  // What the user chose last, for this data set only (a new summary drops it).
  const [draft, setDraft] = useState<{ slice: PlaneProps['slice']; plane: BoundaryPlane } | null>(null);
  const current = draft?.slice === slice ? draft.plane : (plane ?? { x: 0, y: 1, fixed: [...slice.mean] });
  const name = (j: number) => featureNames?.[j] ?? `feature ${j + 1}`;
  const choose = (next: BoundaryPlane) => {
    setDraft({ slice, plane: next });
    onChange(next);
  };
  const axis = (which: 'x' | 'y', j: number) => {
    const other = which === 'x' ? 'y' : 'x';
    // Picking the other axis's feature swaps the two.
    choose({ ...current, [which]: j, [other]: current[other] === j ? current[which] : current[other] });
  };
  const features = slice.mean.map((_, j) => j);
  return (
    <div className="boundary-plane" data-testid="boundary-plane">
      {(['x', 'y'] as const).map((which) => (
        <label key={which} className="field">
          <span>{which === 'x' ? 'horizontal' : 'vertical'}</span>
          <select
            value={current[which]}
            data-testid={`plane-${which}`}
            onChange={(e) => axis(which, Number(e.target.value))}
          >
            {features.map((j) => (
              <option key={j} value={j}>
                {name(j)}
              </option>
            ))}
          </select>
        </label>
      ))}
      {features
        .filter((j) => j !== current.x && j !== current.y)
        .map((j) => {
          const lo = slice.min[j];
          const hi = slice.max[j];
          return (
            <label
              key={j}
              className="field"
              title={`${name(j)} is fixed at this value (mean ${num(slice.mean[j], 3)})`}
            >
              <span>
                {name(j)} = {num(current.fixed[j], 3)}
              </span>
              <input
                type="range"
                min={lo}
                max={hi}
                step={hi > lo ? (hi - lo) / 100 : 1}
                value={current.fixed[j]}
                data-testid={`plane-fixed-${j}`}
                onChange={(e) => {
                  const fixed = [...current.fixed];
                  fixed[j] = Number(e.target.value);
                  choose({ ...current, fixed });
                }}
              />
            </label>
          );
        })}
    </div>
  );
}

/**
 * The fitted curve of a one-feature regression (the noisy sine, a line): the network's prediction
 * over x drawn over the data points, training points in blue and test points in orange, redrawn
 * whenever the worker sends a new curve. The regression counterpart of the decision boundary.
 */
import { useEffect, useRef } from 'react';
import type { CurveReport } from '../../src/views/types';
import { num } from '../run/format';
import { cssContext } from '../views/hidpi';

const W = 300;
const H = 200;
const PAD = 6;
const TRAIN = '#2f6fd6';
const TEST = '#e8731e';
const CURVE = '#1c2333';

/** The y range covering the points and the curve, padded by 8 %. */
function yRange(curve: CurveReport): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: number) => {
    if (!Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  };
  for (let i = 1; i < curve.points.length; i += 2) see(curve.points[i]);
  for (const v of curve.y) see(v);
  if (!Number.isFinite(lo)) return [-1, 1];
  const pad = (hi - lo) * 0.08 || 1;
  return [lo - pad, hi + pad];
}

export function RegressionView({ curve }: { curve: CurveReport }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [y0, y1] = yRange(curve);
  const x0 = curve.x[0];
  const x1 = curve.x[curve.x.length - 1];
  useEffect(() => {
    const ctx = ref.current && cssContext(ref.current, W, H);
    if (!ctx) return;
    const sx = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * PAD);
    const sy = (y: number) => H - PAD - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * PAD);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, H);
    // The x axis (y = 0) when it is in view.
    if (y0 < 0 && y1 > 0) {
      ctx.strokeStyle = '#d0d5dd';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(0, sy(0));
      ctx.lineTo(W, sy(0));
      ctx.stroke();
    }
    for (let i = 0; i < curve.pointSplit.length; i++) {
      ctx.fillStyle = curve.pointSplit[i] ? TEST : TRAIN;
      ctx.beginPath();
      ctx.arc(sx(curve.points[2 * i]), sy(curve.points[2 * i + 1]), 2.6, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.strokeStyle = CURVE;
    ctx.lineWidth = 2.2;
    ctx.beginPath();
    curve.x.forEach((x, i) => {
      const y = Number.isFinite(curve.y[i]) ? curve.y[i] : 0;
      if (i === 0) ctx.moveTo(sx(x), sy(y));
      else ctx.lineTo(sx(x), sy(y));
    });
    ctx.stroke();
  }, [curve, x0, x1, y0, y1]);
  return (
    <figure className="view-figure">
      <canvas
        ref={ref}
        className="regression-view"
        style={{ width: W, height: H }}
        data-testid="regression-view"
        data-step={curve.step}
        data-points={curve.pointSplit.length}
      />
      <figcaption>
        x {num(x0, 3)} … {num(x1, 3)}; <span style={{ color: TRAIN }}>● train</span>{' '}
        <span style={{ color: TEST }}>● test</span> — the line is the network’s prediction (step {curve.step}
        ).
      </figcaption>
    </figure>
  );
}

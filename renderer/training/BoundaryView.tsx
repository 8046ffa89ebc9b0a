/**
 * The decision boundary: predicted class per grid cell as a heatmap (lighter where the network is
 * unsure), with the data points on top, redrawn on a canvas whenever a new grid arrives.
 */
import { useEffect, useRef } from 'react';
import type { BoundaryGrid, DatasetSummary } from '../../src/worker/protocol';

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

const SIZE = 300;

interface Props {
  grid: BoundaryGrid | null;
  points: NonNullable<DatasetSummary['points']>;
  task: DatasetSummary['task'];
}

export function BoundaryView({ grid, points, task }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    const [x0, x1, y0, y1] = grid?.range ?? points.range;
    if (grid) {
      const n = grid.resolution;
      const image = ctx.createImageData(n, n);
      for (let i = 0; i < n * n; i++) {
        const [r, g, b] = rgb(CLASS_COLORS[grid.classes[i] % CLASS_COLORS.length]);
        // Confidence 1/K … 1 maps to a pale … saturated tint; regression shows the value's shade.
        const c = Math.max(0, Math.min(1, grid.confidence[i]));
        const strength = task === 'regression' ? c : 0.15 + 0.55 * c;
        image.data.set([r, g, b, Math.round(255 * strength)], i * 4);
      }
      // Draw the small grid, then scale it up smoothly onto the canvas.
      const tmp = new OffscreenCanvas(n, n);
      tmp.getContext('2d')!.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, SIZE, SIZE);
    }
    const { xy, label } = points;
    for (let i = 0; i < label.length; i++) {
      const px = ((xy[2 * i] - x0) / (x1 - x0)) * SIZE;
      const py = SIZE - ((xy[2 * i + 1] - y0) / (y1 - y0)) * SIZE;
      ctx.beginPath();
      ctx.arc(px, py, 2.6, 0, Math.PI * 2);
      ctx.fillStyle = task === 'regression' ? '#1c2333' : CLASS_COLORS[label[i] % CLASS_COLORS.length];
      ctx.fill();
      ctx.lineWidth = 0.8;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    }
  }, [grid, points, task]);
  return (
    <canvas
      ref={canvas}
      width={SIZE}
      height={SIZE}
      className="boundary"
      data-testid="decision-boundary"
      data-step={grid?.step ?? -1}
    />
  );
}

/**
 * Painting image-shaped values on a canvas: a stack of channels as one grid image, at one canvas
 * pixel per value (CSS scales it up, pixelated). Values in grey (white = lowest, black = highest,
 * like ink on paper, over the whole stack so channels compare); signed values (gradients, kernels)
 * in a diverging map, blue for negative, white at 0, red for positive, symmetric around 0.
 */
import type { ImageStack } from '../../src/trace/types';

/** How values become colours. */
export type ColourMode = 'grey' | 'diverging';

const NEGATIVE = [47, 111, 214] as const;
const POSITIVE = [214, 47, 47] as const;
/** Colour of the gaps between channels. */
const GAP = [208, 213, 221] as const;

/** Columns of the grid a stack of `count` images is laid out in (about square). */
export function gridColumns(count: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(count)));
}

/** Smallest and largest finite value of a stack (0, 0 when there is none). */
export function stackRange(pixels: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of pixels) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 0];
}

/** The RGB of one value under `mode`, given the stack's range. */
export function colourOf(v: number, mode: ColourMode, lo: number, hi: number): [number, number, number] {
  if (!Number.isFinite(v)) return [255, 0, 255];
  if (mode === 'grey') {
    const t = hi > lo ? (v - lo) / (hi - lo) : 0;
    const g = Math.round(255 * (1 - t));
    return [g, g, g];
  }
  const scale = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const t = Math.max(-1, Math.min(1, v / scale));
  const c = t < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(t);
  return [
    Math.round(255 + (c[0] - 255) * a),
    Math.round(255 + (c[1] - 255) * a),
    Math.round(255 + (c[2] - 255) * a),
  ];
}

/**
 * Paints `stack` (or only image `only`) onto `canvas` as a grid with 1-pixel gaps, resizing the
 * canvas to fit. Returns the range the colours span.
 */
export function paintStack(
  canvas: HTMLCanvasElement,
  stack: ImageStack,
  mode: ColourMode,
  only?: number,
): [number, number] {
  const images = only === undefined ? stack.count : 1;
  const first = only ?? 0;
  const cols = gridColumns(images);
  const rows = Math.ceil(images / cols);
  const { width: w, height: h } = stack;
  const W = cols * w + cols - 1;
  const H = rows * h + rows - 1;
  if (canvas.width !== W) canvas.width = W;
  if (canvas.height !== H) canvas.height = H;
  const ctx = canvas.getContext('2d');
  const [lo, hi] = stackRange(stack.pixels);
  if (!ctx) return [lo, hi];
  const img = ctx.createImageData(W, H);
  const px = img.data;
  for (let k = 0; k < W * H; k++) {
    px[4 * k] = GAP[0];
    px[4 * k + 1] = GAP[1];
    px[4 * k + 2] = GAP[2];
    px[4 * k + 3] = 255;
  }
  for (let i = 0; i < images; i++) {
    const ox = (i % cols) * (w + 1);
    const oy = Math.floor(i / cols) * (h + 1);
    const base = (first + i) * w * h;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const [r, g, b] = colourOf(stack.pixels[base + y * w + x], mode, lo, hi);
        const k = 4 * ((oy + y) * W + ox + x);
        px[k] = r;
        px[k + 1] = g;
        px[k + 2] = b;
      }
  }
  ctx.putImageData(img, 0, 0);
  return [lo, hi];
}

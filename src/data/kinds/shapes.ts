/**
 * An image set the project draws itself, so the CNN lessons work offline: small grey pictures of
 * five kinds of outline (circle, square, triangle, cross, line) at random positions, sizes,
 * rotations and stroke widths, with pixel noise. Seeded, so a seed always gives the same images.
 */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { boolOption, intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';
import type { Rng } from '../random';

/** The classes, in label order. */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross', 'line'] as const;

const options = {
  perClass: intOption('images per class', 'Images of each of the 5 classes.', 1, 10_000, 300),
  size: intOption('image size', 'Width and height of each image in pixels.', 8, 64, 28),
  noise: numberOption('noise', 'Standard deviation of the Gaussian pixel noise (pixels are 0…1).', 0, 1, 0.1),
  flatten: boolOption(
    'flatten images',
    'Flatten each image into a vector (for MLPs) instead of keeping [size, size, 1] (for CNNs).',
    false,
  ),
};

/** Options of {@link shapes}. */
export type ShapesOptions = OptionValues<typeof options>;

type Point = readonly [number, number];
type Segment = readonly [Point, Point];

/** Distance from `p` to the segment `a`–`b`. */
function segmentDistance(p: Point, [a, b]: Segment): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** The closed polygon through `n` points on a circle of radius `r` around `c`, starting at angle `t`. */
function polygon(c: Point, r: number, t: number, n: number): Segment[] {
  const at = (i: number): Point => [
    c[0] + r * Math.cos(t + (2 * Math.PI * i) / n),
    c[1] + r * Math.sin(t + (2 * Math.PI * i) / n),
  ];
  return Array.from({ length: n }, (_, i) => [at(i), at(i + 1)] as Segment);
}

/** A diameter of the circle of radius `r` around `c`, at angle `t`. */
function diameter(c: Point, r: number, t: number): Segment {
  const d: Point = [r * Math.cos(t), r * Math.sin(t)];
  return [
    [c[0] - d[0], c[1] - d[1]],
    [c[0] + d[0], c[1] + d[1]],
  ];
}

/** The outline of class `label` around `c` with radius `r` at angle `t`, as segments (none for the circle). */
function outline(label: number, c: Point, r: number, t: number): Segment[] {
  switch (SHAPE_CLASSES[label]) {
    case 'square':
      return polygon(c, r, t, 4);
    case 'triangle':
      return polygon(c, r, t, 3);
    case 'cross':
      return [diameter(c, r, t), diameter(c, r, t + Math.PI / 2)];
    case 'line':
      return [diameter(c, r, t)];
    default:
      return [];
  }
}

/** Draws one image of class `label` into `out` (row-major, `size`×`size`, values in 0…1). */
function draw(out: Float32Array, size: number, label: number, rng: Rng, noise: number): void {
  // Radius 25 %…42 % of the image, fully inside it; stroke 1.5…3 pixels at 28 pixels, scaled.
  const r = size * (0.25 + 0.17 * rng.next());
  const margin = r + 1;
  const c: Point = [margin + rng.next() * (size - 2 * margin), margin + rng.next() * (size - 2 * margin)];
  const t = rng.next() * 2 * Math.PI;
  const stroke = (size / 28) * (1.5 + 1.5 * rng.next());
  const segments = outline(label, c, r, t);
  const circle = SHAPE_CLASSES[label] === 'circle';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p: Point = [x + 0.5, y + 0.5];
      let d = circle ? Math.abs(Math.hypot(p[0] - c[0], p[1] - c[1]) - r) : Infinity;
      for (const s of segments) d = Math.min(d, segmentDistance(p, s));
      // Anti-aliased: full ink within half the stroke, fading over one pixel.
      const ink = Math.max(0, Math.min(1, stroke / 2 - d + 0.5));
      out[y * size + x] = Math.max(0, Math.min(1, ink + noise * rng.normal()));
    }
  }
}

/**
 * Draws `perClass` images of each class, classes interleaved (circle, square, …, circle, …).
 *
 * @param values - `perClass` (default 300), `size` (default 28), `noise` (default 0.1), `flatten`.
 * @param seed - Seed of positions, sizes, rotations, strokes and noise.
 */
export function shapes(values: ShapesOptions = {}, seed = 1): Dataset {
  const { perClass, size, noise, flatten } = resolveOptions('shapes', options, values);
  const rng = createRng(seed, 'shapes');
  const k = SHAPE_CLASSES.length;
  const count = perClass * k;
  const pixels = size * size;
  const features = new Float32Array(count * pixels);
  const labels = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % k;
    draw(features.subarray(i * pixels, (i + 1) * pixels), size, i % k, rng, noise);
  }
  return {
    name: `shapes (${k} classes × ${perClass}, ${size}×${size})`,
    count,
    featureShape: flatten ? [pixels] : [size, size, 1],
    features,
    labels,
    labelShape: [],
    task: 'classification',
    numClasses: k,
    classNames: [...SHAPE_CLASSES],
  };
}

/** Registry entry of the drawn shapes. */
export const shapesKind = defineDataset({
  kind: 'shapes',
  title: 'Shapes (drawn images, offline)',
  description:
    'Grey images of circles, squares, triangles, crosses and lines at random positions, sizes, rotations and strokes, with noise; drawn from the seed, no download.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.003 }, batchSize: 32, epochs: 8, testSplit: 0.2 },
  options,
  load: (spec, { seed }) => shapes(spec, seed),
  size(spec) {
    const { perClass, size } = resolveOptions('shapes', options, spec);
    const k = SHAPE_CLASSES.length;
    return {
      name: `shapes (${k} classes × ${perClass}, ${size}×${size})`,
      count: k * perClass,
      featureSize: size * size,
      labelSize: 1,
    };
  },
});

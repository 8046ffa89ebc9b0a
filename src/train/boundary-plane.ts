/**
 * The plane a decision boundary is drawn over: which two features (the others fixed for data with
 * more), its extent, its grid of cells, and the data points drawn on it. Plain numbers, no tfjs, so
 * the editor can use it too.
 */
import { shapeSize } from '../data/checks';
import type { Dataset } from '../data/dataset';
import type { BoundaryGrid, BoundaryPlane, DatasetSummary } from '../worker/protocol';

/** A plane [xMin, xMax, yMin, yMax]. */
export type PlaneRange = [number, number, number, number];

/** At most this many data points are drawn under the boundary: more only hide each other. */
export const MAX_POINTS = 600;

/** Data sets with up to this many features get a plane to choose; beyond, sliders would not fit. */
export const MAX_SLICE_FEATURES = 32;

/** Share of the data's extent added on each side of the plane. */
const PADDING = 0.1;

/** Whether the data set has exactly two features per example (a plane to draw). */
export function isPlanar(data: Pick<Dataset, 'featureShape'>): boolean {
  return shapeSize(data.featureShape) === 2;
}

/** Whether the data set has more than two features but few enough to choose a plane through them. */
export function isSliceable(data: Pick<Dataset, 'featureShape'>): boolean {
  const f = shapeSize(data.featureShape);
  return f > 2 && f <= MAX_SLICE_FEATURES;
}

/** Each feature's mean, minimum and maximum over the data (non-finite values skipped). */
export function featureStats(data: Dataset): NonNullable<DatasetSummary['slice']> {
  const f = shapeSize(data.featureShape);
  const sum = new Float64Array(f);
  const count = new Float64Array(f);
  const min = new Array<number>(f).fill(Infinity);
  const max = new Array<number>(f).fill(-Infinity);
  for (let i = 0; i < data.count; i++)
    for (let j = 0; j < f; j++) {
      const v = data.features[i * f + j];
      if (!Number.isFinite(v)) continue;
      sum[j] += v;
      count[j]++;
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  const mean = Array.from(sum, (s, j) => (count[j] > 0 ? s / count[j] : 0));
  return {
    mean,
    min: min.map((v) => (Number.isFinite(v) ? v : 0)),
    max: max.map((v) => (Number.isFinite(v) ? v : 0)),
  };
}

/** The plane the boundary starts with: features 0 and 1, the others at their mean. */
export function defaultPlane(stats: NonNullable<DatasetSummary['slice']>): BoundaryPlane {
  return { x: 0, y: 1, fixed: [...stats.mean] };
}

/**
 * Checks a plane sent by the UI against a data set with `features` features.
 *
 * @returns A copy of the plane.
 * @throws Error when the axes are not two different feature indices or `fixed` is not one finite
 *   number per feature.
 */
export function checkPlane(plane: unknown, features: number): BoundaryPlane {
  const p = (typeof plane === 'object' && plane !== null ? plane : {}) as Partial<Record<string, unknown>>;
  const axis = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < features;
  if (!axis(p.x) || !axis(p.y) || p.x === p.y)
    throw new Error(
      `a boundary plane needs two different feature indices 0–${features - 1}, got ${String(p.x)} and ${String(p.y)}`,
    );
  const fixed = p.fixed;
  if (
    !Array.isArray(fixed) ||
    fixed.length !== features ||
    !fixed.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    throw new Error(`a boundary plane fixes all ${features} features with finite numbers`);
  return { x: p.x as number, y: p.y as number, fixed: [...(fixed as number[])] };
}

function pad(lo: number, hi: number): [number, number] {
  if (!(lo <= hi)) return [-1, 1];
  const p = hi > lo ? (hi - lo) * PADDING : 1;
  return [lo - p, hi + p];
}

/**
 * The data's bounds on features `x` and `y` (0 and 1 by default), padded by 10 % of the extent (1
 * when a feature is constant).
 */
export function featureRange(data: Dataset, x = 0, y = 1): PlaneRange {
  const f = shapeSize(data.featureShape);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < data.count; i++) {
    const a = data.features[f * i + x];
    const b = data.features[f * i + y];
    if (Number.isFinite(a)) {
      x0 = Math.min(x0, a);
      x1 = Math.max(x1, a);
    }
    if (Number.isFinite(b)) {
      y0 = Math.min(y0, b);
      y1 = Math.max(y1, b);
    }
  }
  return [...pad(x0, x1), ...pad(y0, y1)];
}

/** Indices of up to `max` examples evenly spread over the whole data set. */
function sampleIndices(count: number, max: number): number[] {
  const n = Math.min(max, count);
  return Array.from({ length: n }, (_, k) => Math.floor((k * count) / n));
}

/**
 * Up to `max` examples evenly spread over the whole data set, as x, y pairs (features 0 and 1) with
 * their label (the class index, or the first regression value), and the plane they lie in. With
 * `withFeatures`, every feature of each point too (for data sets sliced by a plane).
 */
export function samplePoints(
  data: Dataset,
  max = MAX_POINTS,
  withFeatures = false,
): NonNullable<DatasetSummary['points']> {
  const idx = sampleIndices(data.count, max);
  const n = idx.length;
  const f = shapeSize(data.featureShape);
  const labelSize = data.task === 'classification' ? 1 : Math.max(1, shapeSize(data.labelShape));
  const xy = new Float32Array(2 * n);
  const label = new Float32Array(n);
  idx.forEach((i, k) => {
    xy[2 * k] = data.features[f * i];
    xy[2 * k + 1] = data.features[f * i + 1];
    label[k] = data.labels[i * labelSize];
  });
  const points: NonNullable<DatasetSummary['points']> = { xy, label, range: featureRange(data) };
  if (withFeatures) points.features = sampleFeatures(data, max);
  return points;
}

/** Every feature of the examples {@link samplePoints} picks, in the same order. */
export function sampleFeatures(data: Dataset, max = MAX_POINTS): Float32Array {
  const f = shapeSize(data.featureShape);
  const idx = sampleIndices(data.count, max);
  const out = new Float32Array(idx.length * f);
  idx.forEach((i, k) => out.set(data.features.subarray(i * f, (i + 1) * f), k * f));
  return out;
}

/** Cell centres of a grid in row-major order (row 0 at the largest y), as [res², 2] values. */
export function gridPoints(range: PlaneRange, resolution: number): Float32Array {
  const [x0, x1, y0, y1] = range;
  const out = new Float32Array(resolution * resolution * 2);
  for (let i = 0; i < resolution; i++)
    for (let j = 0; j < resolution; j++) {
      const k = i * resolution + j;
      out[2 * k] = x0 + ((j + 0.5) / resolution) * (x1 - x0);
      out[2 * k + 1] = y1 - ((i + 0.5) / resolution) * (y1 - y0);
    }
  return out;
}

/**
 * The feature rows of a grid's cell centres: [res², 2] for a two-feature data set (no plane), or
 * [res², features] on a plane, every feature at its fixed value except the plane's two.
 */
export function planeRows(range: PlaneRange, resolution: number, plane: BoundaryPlane | null): Float32Array {
  const xy = gridPoints(range, resolution);
  if (!plane) return xy;
  const f = plane.fixed.length;
  const n = resolution * resolution;
  const out = new Float32Array(n * f);
  for (let k = 0; k < n; k++) {
    out.set(plane.fixed, k * f);
    out[k * f + plane.x] = xy[2 * k];
    out[k * f + plane.y] = xy[2 * k + 1];
  }
  return out;
}

/** The cell of a grid a point falls in, clamped to the grid. */
export function cellOf(grid: Pick<BoundaryGrid, 'range' | 'resolution'>, x: number, y: number): number {
  const [x0, x1, y0, y1] = grid.range;
  const r = grid.resolution;
  const j = Math.min(r - 1, Math.max(0, Math.floor(((x - x0) / (x1 - x0)) * r)));
  const i = Math.min(r - 1, Math.max(0, Math.floor(((y1 - y) / (y1 - y0)) * r)));
  return i * r + j;
}

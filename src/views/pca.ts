/**
 * A 2-D principal-component projection of the rows of a matrix (the embedding view), with each
 * axis's sign kept from one projection to the next so the picture moves instead of flipping.
 */
import { PCA } from 'ml-pca';
import type { RowMatrix } from './vectors';

/** Rows projected on the first two principal axes. */
export interface Projection {
  /** x, y per row. */
  xy: Float32Array;
  /** The two unit axes (`dim` numbers each), for keeping signs in the next projection. */
  axes: [Float64Array, Float64Array];
  /** Share of the variance each axis explains. */
  explained: [number, number];
}

/**
 * Projects every row of `m` onto its first two principal axes (rows centred). With `previous`
 * axes, an axis that points against its predecessor is flipped. Fewer than two rows or a
 * one-dimensional matrix project onto what there is (missing coordinates are 0).
 */
export function project2d(m: RowMatrix, previous?: Projection['axes'] | null): Projection {
  const data: number[][] = [];
  for (let i = 0; i < m.rows; i++) data.push(Array.from(m.values.subarray(i * m.dim, (i + 1) * m.dim)));
  const xy = new Float32Array(m.rows * 2);
  const axes: [Float64Array, Float64Array] = [new Float64Array(m.dim), new Float64Array(m.dim)];
  if (m.rows < 2 || m.dim < 1) return { xy, axes, explained: [0, 0] };
  const pca = new PCA(data, { center: true });
  const vectors = pca.getEigenvectors();
  const variance = pca.getExplainedVariance();
  const means = data[0].map((_, j) => data.reduce((s, r) => s + r[j], 0) / m.rows);
  const components = Math.min(2, vectors.columns);
  for (let c = 0; c < components; c++) {
    for (let j = 0; j < m.dim; j++) axes[c][j] = vectors.get(j, c);
    const before = previous?.[c];
    if (before && before.length === m.dim) {
      let dot = 0;
      for (let j = 0; j < m.dim; j++) dot += before[j] * axes[c][j];
      if (dot < 0) for (let j = 0; j < m.dim; j++) axes[c][j] = -axes[c][j];
    }
  }
  for (let i = 0; i < m.rows; i++)
    for (let c = 0; c < components; c++) {
      let s = 0;
      for (let j = 0; j < m.dim; j++) s += (data[i][j] - means[j]) * axes[c][j];
      xy[i * 2 + c] = s;
    }
  return { xy, axes, explained: [variance[0] ?? 0, variance[1] ?? 0] };
}

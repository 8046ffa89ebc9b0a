/** Small helpers shared by the data layer and the trainer. */

/** Product of a shape's dimensions (1 for a scalar shape `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The largest finite float32, 3.4028235e38: training computes in float32, where anything larger
 * becomes an infinity, and the run then blames the learning rate for the NaN that follows.
 */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Whether a number survives conversion to float32 as a finite value. */
export function fitsFloat32(v: number): boolean {
  return Number.isFinite(v) && Math.abs(v) <= FLOAT32_MAX;
}

/** Validation of user-supplied options; failures are {@link DatasetError}s the editor can show. */
import { DatasetError } from './dataset';

/** Returns `value ?? fallback` after checking it is an integer ≥ `min`. */
export function intOption(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) {
    throw new DatasetError(`${name} must be an integer ≥ ${min}, got ${v}`);
  }
  return v;
}

/** Returns `value ?? fallback` after checking it is a finite number in [min, max]. */
export function numberOption(
  name: string,
  value: number | undefined,
  fallback: number,
  min = 0,
  max = Number.POSITIVE_INFINITY,
): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min || v > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `between ${min} and ${max}`;
    throw new DatasetError(`${name} must be a number ${range}, got ${v}`);
  }
  return v;
}

/** Product of a shape's dimensions (1 for a scalar shape `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

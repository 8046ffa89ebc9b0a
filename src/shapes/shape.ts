/**
 * Symbolic tensor shapes. The batch dimension is the symbol `'N'`; every other dimension is a
 * positive integer. Data-flow tensors start with `'N'`; parameters and constants do not.
 */

/** One dimension: a size, or `'N'` for the batch. */
export type Dim = number | 'N';

/** A tensor shape. `[]` is a scalar. */
export type Shape = Dim[];

/** `[N,2]`, `[]` for scalars. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/**
 * The most elements one tensor may have: tfjs indexes tensors with int32, and a JavaScript typed
 * array of 2³² elements cannot even be allocated ("Invalid typed array length").
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/** Number of elements per example (ignores the batch dimension). */
export function sizeWithoutBatch(shape: Shape): number {
  return shape.reduce<number>((acc, d) => (d === 'N' ? acc : acc * d), 1);
}

/** Replaces `'N'` by a concrete batch size. */
export function concreteShape(shape: Shape, batch: number): number[] {
  return shape.map((d) => (d === 'N' ? batch : d));
}

/** Shape equality, dimension by dimension. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * NumPy broadcasting of two symbolic shapes. `'N'` broadcasts with 1 and with itself only.
 * Returns `null` when the shapes cannot broadcast.
 */
export function broadcastShapes(a: Shape, b: Shape): Shape | null {
  const rank = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db) out.push(da);
    else if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else return null;
  }
  return out;
}

/** Error thrown by an op's shape rule; the validator turns it into a `shape-mismatch` diagnostic. */
export class ShapeError extends Error {
  constructor(
    message: string,
    /** The input port the problem is about, when there is one. */
    readonly port?: string,
  ) {
    super(message);
    this.name = 'ShapeError';
  }
}

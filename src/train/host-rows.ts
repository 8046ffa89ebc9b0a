/**
 * Examples kept as rows of host arrays, and batches copied out of them. On backends whose tensors
 * live in this process's memory (the WASM heap, plain JS arrays) a batch assembled by row copies and
 * uploaded costs a memcpy, where their gather kernel takes about 30 ns an element: on a 784-500-10
 * MLP that gather was a fifth of every step.
 */
import * as tf from '@tensorflow/tfjs';

/** Backends whose tensors are in host memory, so uploading a batch is a copy and nothing more. */
const HOST_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

/** Whether the active backend keeps its tensors in host memory (then batches are cut on the host). */
export function batchesOnHost(): boolean {
  return HOST_BACKENDS.has(tf.getBackend());
}

/** `count` examples of equal size, one after another in `values`. */
export interface HostRows {
  /** All examples' values, example after example. */
  values: Float32Array;
  /** The shape of the whole array, `[count, …one example's shape]`. */
  shape: number[];
}

/** Values in one example of `rows`. */
function rowSize(rows: HostRows): number {
  return rows.shape.slice(1).reduce((a, b) => a * b, 1);
}

/**
 * The examples `indices` names, in that order, as a new tensor `[indices.length, …]`.
 *
 * @throws RangeError when an index is outside the rows (a bug in the caller, never silently zeros).
 */
export function gatherRows(rows: HostRows, indices: Int32Array): tf.Tensor {
  const size = rowSize(rows);
  const count = rows.shape[0];
  const src = rows.values;
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!(k >= 0 && k < count)) throw new RangeError(`example ${k} is outside the ${count} examples`);
    const from = k * size;
    // A subarray view per row pays for itself only on rows of some length; short rows copy by hand.
    if (size >= 16) out.set(src.subarray(from, from + size), i * size);
    else for (let j = 0, o = i * size; j < size; j++) out[o + j] = src[from + j];
  }
  return tf.tensor(out, [indices.length, ...rows.shape.slice(1)]);
}

/** Examples `start` to `start + length`, in order, as a new tensor. */
export function sliceRows(rows: HostRows, start: number, length: number): tf.Tensor {
  const size = rowSize(rows);
  if (!(start >= 0 && length >= 0 && start + length <= rows.shape[0]))
    throw new RangeError(`examples ${start}–${start + length} are outside the ${rows.shape[0]} examples`);
  // A copy, not a view: the cpu backend keeps the array it is given, and the rows must stay intact.
  return tf.tensor(rows.values.slice(start * size, (start + length) * size), [
    length,
    ...rows.shape.slice(1),
  ]);
}

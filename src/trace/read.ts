/**
 * Turns a set of tensors into `TensorTrace`s with one asynchronous read: statistics and histograms
 * are computed on the backend, everything is concatenated into one vector, and `data()` is awaited
 * once.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_FULL_LIMIT, HISTOGRAM_BINS } from './types';
import type { TensorStats, TensorTrace } from './types';

const STATS = 6;

/** Per-tensor plan: where its numbers sit in the concatenated read. */
interface Slot {
  shape: number[];
  offset: number;
  full: boolean;
  size: number;
}

/** Statistics and optional histogram of one tensor as a 1-D tensor. */
function statsVector(x: tf.Tensor, withHistogram: boolean): tf.Tensor1D {
  const flat = x.reshape([-1]).toFloat();
  const finiteMask = tf.logicalNot(tf.logicalOr(tf.isNaN(flat), tf.isInf(flat)));
  const nonFinite = tf.sub(flat.size, tf.sum(tf.cast(finiteMask, 'float32')));
  // Statistics over the finite elements, so one NaN does not hide the rest.
  const clean = tf.where(finiteMask, flat, tf.zerosLike(flat));
  const big = tf.fill(flat.shape, 3.4e38);
  const min = tf.min(tf.where(finiteMask, flat, big));
  const max = tf.max(tf.where(finiteMask, flat, tf.neg(big)));
  const n = tf.maximum(tf.sub(flat.size, nonFinite), 1);
  const mean = tf.div(tf.sum(clean), n);
  const variance = tf.div(tf.sum(tf.where(finiteMask, tf.square(tf.sub(flat, mean)), tf.zerosLike(flat))), n);
  const norm = tf.sqrt(tf.sum(tf.square(clean)));
  const parts: tf.Tensor[] = [tf.stack([min, max, mean, tf.sqrt(variance), norm, nonFinite])];
  if (withHistogram) {
    const width = tf.maximum(tf.sub(max, min), 1e-12);
    const bins = tf.clipByValue(
      tf.floor(tf.mul(tf.div(tf.sub(clean, min), width), HISTOGRAM_BINS)),
      0,
      HISTOGRAM_BINS - 1,
    );
    // One-hot then column sums: supported by every backend (bincount is not).
    const counts = tf.sum(
      tf.mul(
        tf.oneHot(tf.cast(bins, 'int32'), HISTOGRAM_BINS),
        tf.expandDims(tf.cast(finiteMask, 'float32'), 1),
      ),
      0,
    );
    parts.push(counts);
    parts.push(nonPositiveUnits(x));
  }
  return tf.concat(parts) as tf.Tensor1D;
}

/**
 * How many units (entries of the last axis) never go above 0 anywhere in the tensor (over the batch
 * and any other axis): for a ReLU layer, its dead units. One number, so a summarised trace still
 * tells the coach what it cannot read from a histogram. NaN counts as not positive.
 */
function nonPositiveUnits(x: tf.Tensor): tf.Tensor1D {
  if (x.rank < 2) return tf.tensor1d([NaN]);
  const units = x.shape[x.rank - 1];
  const perUnit = tf.max(tf.reshape(x, [-1, units]).toFloat(), 0);
  return tf.reshape(tf.sum(tf.cast(tf.logicalNot(tf.greater(perUnit, 0)), 'float32')), [1]) as tf.Tensor1D;
}

function unpackStats(data: Float32Array, at: number, size: number): TensorStats {
  const nonFinite = data[at + 5];
  // With no finite element the masked min/max are sentinels; report NaN instead.
  const noFinite = size === 0 || nonFinite >= size;
  return {
    min: noFinite ? NaN : data[at],
    max: noFinite ? NaN : data[at + 1],
    mean: noFinite ? NaN : data[at + 2],
    std: noFinite ? NaN : data[at + 3],
    norm: noFinite ? NaN : data[at + 4],
    nonFinite: size === 0 ? 0 : nonFinite,
  };
}

/** Statistics of plain numbers, over the finite ones (NaN when there are none). */
export function statsOf(values: readonly number[]): TensorStats {
  let n = 0;
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    sq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const nonFinite = values.length - n;
  if (n === 0) return { min: NaN, max: NaN, mean: NaN, std: NaN, norm: NaN, nonFinite };
  const mean = sum / n;
  let dev = 0;
  for (const v of values) if (Number.isFinite(v)) dev += (v - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(dev / n), norm: Math.sqrt(sq), nonFinite };
}

/**
 * Reads many tensors at once. The tensors are not disposed (the caller owns them); everything the
 * read creates is. Tensors flagged in `alwaysFull` come back whole whatever their size.
 */
export async function readTensors(
  tensors: readonly tf.Tensor[],
  fullLimit = DEFAULT_FULL_LIMIT,
  alwaysFull?: readonly boolean[],
): Promise<TensorTrace[]> {
  if (tensors.length === 0) return [];
  const slots: Slot[] = [];
  const packed = tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    let offset = 0;
    tensors.forEach((t, i) => {
      // Images are read whole whatever their size: the caller has cut them down already.
      const full = t.size <= fullLimit || alwaysFull?.[i] === true;
      // Small tensors come back whole and get their statistics in JS: fewer backend kernels.
      let size = t.size;
      if (full) parts.push(t.reshape([-1]).toFloat());
      else {
        const stats = statsVector(t, true);
        parts.push(stats);
        size = stats.size;
      }
      slots.push({ shape: [...t.shape], offset, full, size: t.size });
      offset += size;
    });
    return tf.concat(parts);
  });
  const data = (await packed.data()) as Float32Array;
  packed.dispose();
  return slots.map((slot) => {
    if (slot.full) {
      const values = Array.from(data.subarray(slot.offset, slot.offset + slot.size));
      return { shape: slot.shape, stats: statsOf(values), values };
    }
    const rest = slot.offset + STATS;
    const dead = data[rest + HISTOGRAM_BINS];
    return {
      shape: slot.shape,
      stats: unpackStats(data, slot.offset, slot.size),
      histogram: Array.from(data.subarray(rest, rest + HISTOGRAM_BINS)),
      ...(Number.isNaN(dead) ? {} : { nonPositiveUnits: dead }),
    };
  });
}

/** Reshapes row-major values into nested arrays for display and JSON (`[[1,2],[3,4]]`). */
export function nest(values: readonly number[], shape: readonly number[]): number | unknown[] {
  if (shape.length === 0) return values[0];
  const [head, ...rest] = shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: head }, (_, i) => nest(values.slice(i * stride, (i + 1) * stride), rest));
}

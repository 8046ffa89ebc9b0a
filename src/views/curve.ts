/**
 * The fitted curve of a one-feature regression: the prediction over a grid of x spanning the data,
 * and a sample of the data points to draw under it. The regression counterpart of the decision
 * boundary; one inference-mode forward pass and one read per curve.
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from '../compile/program';
import type { Dataset } from '../data/dataset';
import { shapeSize } from '../data/checks';
import { inputShape } from '../train/feeds';
import { readout, zeroLabels } from '../train/boundary';
import type { CurveReport } from './types';

/** Points of the curve. */
export const CURVE_POINTS = 200;
/** Data points drawn under the curve, at most. */
export const CURVE_DATA_POINTS = 400;

/** Whether a data set gets a fitted curve: one feature, real-valued labels. */
export function hasCurve(data: Dataset): boolean {
  return data.task === 'regression' && shapeSize(data.featureShape) === 1;
}

/** The x range of the curve: the data's, widened by 5 % each side. */
export function curveRange(data: Dataset): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data.features) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  const pad = (hi - lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

/** Up to {@link CURVE_DATA_POINTS} (x, first label) pairs of the training and test splits, evenly sampled. */
export function curvePoints(
  train: Dataset,
  test: Dataset | null,
): { points: Float32Array; split: Uint8Array } {
  const sets = test ? [train, test] : [train];
  const total = sets.reduce((s, d) => s + d.count, 0);
  // Every point while they fit; otherwise exactly CURVE_DATA_POINTS, evenly spaced.
  const take = (k: number) =>
    total <= CURVE_DATA_POINTS ||
    Math.floor((k * CURVE_DATA_POINTS) / total) !== Math.floor(((k + 1) * CURVE_DATA_POINTS) / total);
  const xy: number[] = [];
  const split: number[] = [];
  let k = 0;
  sets.forEach((d, si) => {
    const labelWidth = shapeSize(d.labelShape);
    for (let i = 0; i < d.count; i++, k++) {
      if (take(k)) {
        xy.push(d.features[i], d.labels[i * labelWidth]);
        split.push(si);
      }
    }
  });
  return { points: Float32Array.from(xy), split: Uint8Array.from(split) };
}

/** The prediction (first output) at {@link CURVE_POINTS} x over `range`; null without a prediction to read. */
export async function computeCurve(
  program: Program,
  range: [number, number],
  data: { points: Float32Array; split: Uint8Array },
  step: number,
): Promise<CurveReport | null> {
  const how = readout(program.graph, null);
  if (!how) return null;
  const n = CURVE_POINTS;
  const x = Float32Array.from({ length: n }, (_, i) => range[0] + ((range[1] - range[0]) * i) / (n - 1));
  const y = tf.tidy(() => {
    const features = tf.tensor(x, [n, ...(inputShape(program.graph) ?? [1])]);
    const { outputs } = program.forward(
      { features, labels: zeroLabels(program.graph, n) },
      { training: false, seed: 0 },
    );
    return tf.reshape(tf.slice(tf.reshape(outputs.get(how.nodeId)!, [n, -1]), [0, 0], [n, 1]), [n]).toFloat();
  });
  try {
    const values = (await y.data()) as Float32Array;
    return {
      x,
      y: Float32Array.from(values),
      points: data.points.slice(),
      pointSplit: data.split.slice(),
      step,
    };
  } finally {
    y.dispose();
  }
}

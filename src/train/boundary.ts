/**
 * The decision boundary of a network over a two-feature data set: the feature plane cut into
 * resolution × resolution cells, each classified by one inference-mode forward pass, plus the data
 * points to draw on top. Plain numbers come out; one backend read per grid.
 */
import * as tf from '@tensorflow/tfjs';
import { encodeTarget, inputShape, targetPlans } from './feeds';
import type { Feeds, Program } from '../compile/program';
import { shapeSize } from '../data/checks';
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../shapes/infer';
import type { BoundaryGrid, DatasetSummary } from '../worker/protocol';
import type { AccuracyPlan } from './metrics';
import { idRecord } from '../graph/own';

/** A plane [xMin, xMax, yMin, yMax]. */
export type PlaneRange = [number, number, number, number];

/** At most this many data points are drawn under the boundary. */
export const MAX_POINTS = 2000;

/** Share of the data's extent added on each side of the plane. */
const PADDING = 0.1;

/** Whether the data set has exactly two features per example (a plane to draw). */
export function isPlanar(data: Pick<Dataset, 'featureShape'>): boolean {
  return shapeSize(data.featureShape) === 2;
}

/** The data's bounds on both features, padded by 10 % of the extent (1 when a feature is constant). */
export function featureRange(data: Dataset): PlaneRange {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < data.count; i++) {
    const x = data.features[2 * i];
    const y = data.features[2 * i + 1];
    if (Number.isFinite(x)) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
    }
    if (Number.isFinite(y)) {
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const pad = (lo: number, hi: number): [number, number] => {
    if (!Number.isFinite(lo)) return [-1, 1];
    const p = hi > lo ? (hi - lo) * PADDING : 1;
    return [lo - p, hi + p];
  };
  return [...pad(x0, x1), ...pad(y0, y1)];
}

/**
 * Up to `max` examples evenly spread over the whole data set, as x, y pairs with their label (the
 * class index, or the first regression value), and the plane they lie in.
 */
export function samplePoints(data: Dataset, max = MAX_POINTS): NonNullable<DatasetSummary['points']> {
  const n = Math.min(max, data.count);
  const labelSize = data.task === 'classification' ? 1 : Math.max(1, shapeSize(data.labelShape));
  const xy = new Float32Array(2 * n);
  const label = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = Math.floor((k * data.count) / n);
    xy[2 * k] = data.features[2 * i];
    xy[2 * k + 1] = data.features[2 * i + 1];
    label[k] = data.labels[i * labelSize];
  }
  return { xy, label, range: featureRange(data) };
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

/** What the grid reads and how it turns the prediction into a class and a confidence. */
interface Readout {
  nodeId: string;
  kind: 'categorical' | 'binary' | 'regression';
  /** The prediction is raw scores: apply softmax (categorical) or sigmoid (binary) first. */
  logits: boolean;
  threshold: number;
}

function readout(graph: ShapedGraph, plan: AccuracyPlan | null): Readout | null {
  if (plan) {
    const loss = graph.nodes.get(plan.lossId)!;
    if (plan.kind === 'binary')
      return {
        nodeId: plan.predictionId,
        kind: 'binary',
        logits: plan.threshold === 0,
        threshold: plan.threshold,
      };
    const logits = loss.spec.takesLogits?.(loss.params) ?? false;
    return { nodeId: plan.predictionId, kind: 'categorical', logits, threshold: 0 };
  }
  for (const id of graph.objectives) {
    const prediction = graph.nodes.get(id)!.inputs.prediction?.[0];
    if (prediction) return { nodeId: prediction, kind: 'regression', logits: false, threshold: 0 };
  }
  return null;
}

/** Placeholder labels (zeros) for every Target node, encoded as the node takes them, for `n` examples. */
function zeroLabels(graph: ShapedGraph, n: number): Record<string, tf.Tensor> {
  const labels = idRecord<tf.Tensor>();
  for (const plan of targetPlans(graph)) {
    const perExample = plan.encoding === 'value' ? plan.shape.reduce((a, b) => a * b, 1) : 1;
    labels[plan.nodeId] = encodeTarget(plan, new Float32Array(n * perExample), n);
  }
  return labels;
}

/**
 * Classifies every cell of a `resolution` × `resolution` grid over `range` with the program's
 * current weights (inference mode). Returns null when the graph has no prediction to read.
 *
 * Classes: argmax of the prediction for multi-class losses, `y > threshold` for binary ones, 0 for
 * regression. Confidence: the probability of the predicted class (softmax or sigmoid applied first
 * when the loss takes logits), or the prediction itself for regression.
 */
export async function computeBoundary(
  program: Program,
  plan: AccuracyPlan | null,
  range: PlaneRange,
  resolution: number,
  step: number,
): Promise<BoundaryGrid | null> {
  const graph = program.graph;
  const how = readout(graph, plan);
  const res = Math.max(1, Math.floor(resolution));
  if (!how) return null;
  const n = res * res;
  const packed = tf.tidy(() => {
    const feeds: Feeds = {
      features: tf.tensor(gridPoints(range, res), [n, ...(inputShape(graph) ?? [2])]),
      labels: zeroLabels(graph, n),
    };
    const { outputs } = program.forward(feeds, { training: false, seed: 0 });
    const y = tf.reshape(outputs.get(how.nodeId)!, [n, -1]).toFloat();
    let classes: tf.Tensor;
    let confidence: tf.Tensor;
    if (how.kind === 'categorical') {
      const p = how.logits ? tf.softmax(y) : y;
      classes = tf.argMax(p, 1).toFloat();
      confidence = tf.max(p, 1);
    } else {
      const first = tf.reshape(tf.slice(y, [0, 0], [n, 1]), [n]);
      if (how.kind === 'binary') {
        const p = how.logits ? tf.sigmoid(first) : first;
        const positive = tf.greater(first, how.threshold);
        classes = tf.cast(positive, 'float32');
        confidence = tf.where(positive, p, tf.sub(1, p));
      } else {
        classes = tf.zeros([n]);
        confidence = first;
      }
    }
    if (how.kind !== 'regression') confidence = tf.clipByValue(confidence, 0, 1);
    return tf.concat([classes, confidence]);
  });
  let data: Float32Array;
  try {
    data = (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
  const classes = new Uint8Array(n);
  for (let k = 0; k < n; k++) classes[k] = data[k];
  return { resolution: res, range, classes, confidence: data.slice(n, 2 * n), step };
}

/** The cell of a grid a point falls in, clamped to the grid. */
export function cellOf(grid: Pick<BoundaryGrid, 'range' | 'resolution'>, x: number, y: number): number {
  const [x0, x1, y0, y1] = grid.range;
  const r = grid.resolution;
  const j = Math.min(r - 1, Math.max(0, Math.floor(((x - x0) / (x1 - x0)) * r)));
  const i = Math.min(r - 1, Math.max(0, Math.floor(((y1 - y) / (y1 - y0)) * r)));
  return i * r + j;
}

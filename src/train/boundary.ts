/**
 * The decision boundary of a network over a two-feature data set (or a plane through a data set
 * with more features, the others fixed): the plane cut into resolution × resolution cells, each
 * classified by one inference-mode forward pass, plus the data points to draw on top and, from the
 * same pass, each hidden unit's output over a coarser grid of the plane. Plain numbers come out;
 * one backend read per grid.
 */
import * as tf from '@tensorflow/tfjs';
import { encodeTarget, inputNodeId, inputShape, targetPlans } from './feeds';
import type { Feeds, Program } from '../compile/program';
import { shapeSize } from '../data/checks';
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../shapes/infer';
import type { BoundaryGrid, BoundaryPlane, DatasetSummary, UnitMap } from '../worker/protocol';
import type { AccuracyPlan } from './metrics';
/** A plane [xMin, xMax, yMin, yMax]. */
export type PlaneRange = [number, number, number, number];

/** At most this many data points are drawn under the boundary: more only hide each other. */
export const MAX_POINTS = 600;

/** Data sets with up to this many features get a plane to choose; beyond, sliders would not fit. */
export const MAX_SLICE_FEATURES = 32;

/** Hidden nodes with at most this many units get unit maps (more would not fit on a node). */
export const MAX_MAP_UNITS = 8;

/** At most this many nodes' unit maps per grid, so a big graph does not slow every grid down. */
export const MAX_MAP_NODES = 6;

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
  const labels: Record<string, tf.Tensor> = {};
  for (const plan of targetPlans(graph)) {
    const perExample = plan.encoding === 'value' ? plan.shape.reduce((a, b) => a * b, 1) : 1;
    labels[plan.nodeId] = encodeTarget(plan, new Float32Array(n * perExample), n);
  }
  return labels;
}

/**
 * The hidden nodes whose units get maps over the plane, in topological order: nodes computed from
 * the Input on the way to the prediction the boundary reads (neither of them, nor weights or
 * targets), with an [N, k] output of k ≤ {@link MAX_MAP_UNITS} units.
 */
export function hiddenUnitNodes(graph: ShapedGraph, plan: AccuracyPlan | null): string[] {
  const how = readout(graph, plan);
  const input = inputNodeId(graph);
  if (!how || !input) return [];
  // Descendants of the Input, walking forward in topological order.
  const fromInput = new Set([input]);
  for (const id of graph.order)
    if (Object.values(graph.nodes.get(id)!.inputs).some((srcs) => srcs.some((s) => fromInput.has(s))))
      fromInput.add(id);
  // Ancestors of the prediction, walking back.
  const toPrediction = new Set([how.nodeId]);
  for (const id of [...graph.order].reverse())
    if (toPrediction.has(id))
      for (const srcs of Object.values(graph.nodes.get(id)!.inputs))
        for (const s of srcs) toPrediction.add(s);
  return graph.order.filter((id) => {
    if (id === input || id === how.nodeId || !fromInput.has(id) || !toPrediction.has(id)) return false;
    if (graph.nodes.get(id)!.spec.role) return false;
    const shape = graph.shapes.get(id);
    return (
      shape?.length === 2 &&
      shape[0] === 'N' &&
      typeof shape[1] === 'number' &&
      shape[1] >= 1 &&
      shape[1] <= MAX_MAP_UNITS
    );
  });
}

/** What one decision-boundary grid covers besides its cells. */
export interface BoundaryRequest {
  /** The plane covered: [xMin, xMax, yMin, yMax] of its two features. */
  range: PlaneRange;
  /** Cells per side of the boundary grid. */
  resolution: number;
  /** Step the weights are at. */
  step: number;
  /** The plane through a data set with more than two features; null for two-feature data. */
  plane?: BoundaryPlane | null;
  /** Every feature of the points drawn on top, whose predicted class the grid reports. */
  points?: Float32Array | null;
  /** Hidden nodes (see {@link hiddenUnitNodes}) whose units are mapped over the plane. */
  unitNodes?: readonly string[];
  /** Cells per side of the unit maps (0: none). */
  unitResolution?: number;
}

/**
 * Classifies every cell of a `resolution` × `resolution` grid over `range` with the program's
 * current weights (inference mode). Returns null when the graph has no prediction to read.
 *
 * Classes: argmax of the prediction for multi-class losses, `y > threshold` for binary ones, 0 for
 * regression. Confidence: the probability of the predicted class (softmax or sigmoid applied first
 * when the loss takes logits), or the prediction itself for regression.
 *
 * The same forward pass also takes the cells of a coarser grid, whose rows give the unit maps of
 * `unitNodes` (every node's output is kept by the forward pass), and the `points`, whose rows give
 * their predicted classes; all of it comes back in one read.
 */
export async function computeBoundary(
  program: Program,
  plan: AccuracyPlan | null,
  request: BoundaryRequest,
): Promise<BoundaryGrid | null> {
  const graph = program.graph;
  const how = readout(graph, plan);
  if (!how) return null;
  const { range, step } = request;
  const plane = request.plane ?? null;
  const width = plane ? plane.fixed.length : 2;
  const res = Math.max(1, Math.floor(request.resolution));
  const n = res * res;
  const unitRes = Math.max(0, Math.floor(request.unitResolution ?? 0));
  const unitNodes = unitRes > 0 ? (request.unitNodes ?? []).filter((id) => graph.shapes.has(id)) : [];
  const u = unitNodes.length > 0 ? unitRes * unitRes : 0;
  const points = request.points && how.kind !== 'regression' ? request.points : null;
  const p = points ? points.length / width : 0;
  const total = n + u + p;
  const rows = new Float32Array(total * width);
  rows.set(planeRows(range, res, plane));
  if (u > 0) rows.set(planeRows(range, unitRes, plane), n * width);
  if (points) rows.set(points, (n + u) * width);
  const unitCounts = unitNodes.map((id) => graph.shapes.get(id)![1] as number);
  const packed = tf.tidy(() => {
    const feeds: Feeds = {
      features: tf.tensor(rows, [total, ...(inputShape(graph) ?? [width])]),
      labels: zeroLabels(graph, total),
    };
    const { outputs } = program.forward(feeds, { training: false, seed: 0 });
    const y = tf.reshape(outputs.get(how.nodeId)!, [total, -1]).toFloat();
    let classes: tf.Tensor;
    let confidence: tf.Tensor;
    if (how.kind === 'categorical') {
      const prob = how.logits ? tf.softmax(y) : y;
      classes = tf.argMax(prob, 1).toFloat();
      confidence = tf.max(prob, 1);
    } else {
      const first = tf.reshape(tf.slice(y, [0, 0], [total, 1]), [total]);
      if (how.kind === 'binary') {
        const prob = how.logits ? tf.sigmoid(first) : first;
        const positive = tf.greater(first, how.threshold);
        classes = tf.cast(positive, 'float32');
        confidence = tf.where(positive, prob, tf.sub(1, prob));
      } else {
        classes = tf.zeros([total]);
        confidence = first;
      }
    }
    confidence = tf.slice(confidence, [0], [n]);
    if (how.kind !== 'regression') confidence = tf.clipByValue(confidence, 0, 1);
    // Each mapped node's rows of the coarse grid, unit by unit: [k, u] flattened.
    const maps = unitNodes.map((id, m) =>
      tf.reshape(
        tf.transpose(
          tf.slice(tf.reshape(outputs.get(id)!, [total, unitCounts[m]]).toFloat(), [n, 0], [u, -1]),
        ),
        [-1],
      ),
    );
    return tf.concat([classes, confidence, ...maps]);
  });
  let data: Float32Array;
  try {
    data = (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
  const classes = new Uint8Array(n);
  for (let k = 0; k < n; k++) classes[k] = data[k];
  const grid: BoundaryGrid = {
    resolution: res,
    range,
    classes,
    confidence: data.slice(total, total + n),
    step,
  };
  if (plane) grid.plane = { x: plane.x, y: plane.y, fixed: [...plane.fixed] };
  if (points) grid.predicted = Uint8Array.from(data.subarray(n + u, total));
  if (u > 0) {
    const maps: UnitMap[] = [];
    let offset = total + n;
    unitNodes.forEach((nodeId, m) => {
      for (let unit = 0; unit < unitCounts[m]; unit++, offset += u)
        maps.push({ nodeId, unit, units: unitCounts[m], values: data.slice(offset, offset + u) });
    });
    grid.units = { resolution: unitRes, maps };
  }
  return grid;
}

/** The buffers of a grid to transfer to the UI rather than copy. */
export function gridTransfer(grid: BoundaryGrid): ArrayBuffer[] {
  const out = [grid.classes.buffer as ArrayBuffer, grid.confidence.buffer as ArrayBuffer];
  if (grid.predicted) out.push(grid.predicted.buffer as ArrayBuffer);
  for (const m of grid.units?.maps ?? []) out.push(m.values.buffer as ArrayBuffer);
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

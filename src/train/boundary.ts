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
import type { ShapedGraph } from '../shapes/infer';
import type { BoundaryGrid, BoundaryPlane, UnitMap } from '../worker/protocol';
import type { AccuracyPlan } from './metrics';
import { planeRows } from './boundary-plane';
import type { PlaneRange } from './boundary-plane';
import { idRecord } from '../graph/own';

/** What the grid reads and how it turns the prediction into a class and a confidence. */
export interface Readout {
  nodeId: string;
  kind: 'categorical' | 'binary' | 'regression';
  /** The prediction is raw scores: apply softmax (categorical) or sigmoid (binary) first. */
  logits: boolean;
  threshold: number;
}

/** Hidden nodes with at most this many units get unit maps (more would not fit on a node). */
export const MAX_MAP_UNITS = 8;

/** At most this many nodes' unit maps per grid, so a big graph does not slow every grid down. */
export const MAX_MAP_NODES = 6;

/** The prediction node the boundary (and the views) read, and how to turn it into classes. */
export function readout(graph: ShapedGraph, plan: AccuracyPlan | null): Readout | null {
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
export function zeroLabels(graph: ShapedGraph, n: number): Record<string, tf.Tensor> {
  const labels = idRecord<tf.Tensor>();
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

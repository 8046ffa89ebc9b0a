/**
 * Data set → tensors the graph's Input and Target nodes accept, kept on the backend for the whole
 * run; batches are gathered from them by index.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../shapes/infer';
import type { Feeds } from '../compile/program';
import { idRecord } from '../graph/own';

/** How a Target node's labels are encoded: its `encoding` and `shape` params. */
export interface TargetPlan {
  nodeId: string;
  /** `value`: the labels as they are; `onehot`: class indices as one-hot rows; `index`: class indices. */
  encoding: 'value' | 'onehot' | 'index';
  shape: number[];
}

/** A data set uploaded for one graph. */
export interface DeviceData {
  /** Number of examples. */
  count: number;
  /** Features shaped like the Input node, [count, …]. */
  features: tf.Tensor;
  /** Encoded labels per Target node id. */
  labels: Record<string, tf.Tensor>;
  /** The batch for a list of example indices (tensors owned by the caller). */
  batch(indices: Int32Array): Feeds;
  /** Frees the tensors. */
  dispose(): void;
}

/** The id of the graph's Input node, if it has one. */
export function inputNodeId(graph: ShapedGraph): string | undefined {
  return graph.order.find((n) => graph.nodes.get(n)!.spec.role === 'input');
}

/** The Input node's per-example shape, or null when the graph has no Input. */
export function inputShape(graph: ShapedGraph): number[] | null {
  const id = inputNodeId(graph);
  return id ? graph.nodes.get(id)!.params.ints('shape') : null;
}

/** The label encoding of every Target node, in graph order. */
export function targetPlans(graph: ShapedGraph): TargetPlan[] {
  return graph.order
    .filter((id) => graph.nodes.get(id)!.spec.role === 'target')
    .map((id) => {
      const p = graph.nodes.get(id)!.params;
      return { nodeId: id, encoding: p.str('encoding') as TargetPlan['encoding'], shape: p.ints('shape') };
    });
}

/**
 * Labels as a Target node takes them: class indices stay a vector (`index`) or become one-hot rows
 * (`onehot`); real values (`value`) are shaped `[count, …shape]`. The one place labels are encoded,
 * for uploaded data sets and for targets typed on the command line alike.
 *
 * @param plan - The Target node's encoding and shape.
 * @param labels - `count` class indices, or `count × prod(shape)` values.
 * @param count - Number of examples.
 */
export function encodeTarget(plan: TargetPlan, labels: Float32Array, count: number): tf.Tensor {
  return tf.tidy(() => {
    if (plan.encoding === 'index') return tf.tensor1d(labels);
    if (plan.encoding === 'onehot') return tf.oneHot(tf.tensor1d(labels, 'int32'), plan.shape[0]).toFloat();
    return tf.tensor(labels, [count, ...plan.shape]);
  });
}

/** Uploads a data set for a graph (call `checkData` of `src/run/check-data.ts` first). */
export function uploadData(graph: ShapedGraph, data: Dataset): DeviceData {
  const shape = inputShape(graph) ?? data.featureShape;
  const features = tf.tensor(data.features, [data.count, ...shape]);
  // Keyed by Target id, which may be `__proto__`: no prototype to collide with.
  const labels = idRecord<tf.Tensor>();
  try {
    for (const plan of targetPlans(graph)) labels[plan.nodeId] = encodeTarget(plan, data.labels, data.count);
  } catch (err) {
    // Labels that do not fit: nothing is returned, so nothing uploaded may stay.
    features.dispose();
    for (const t of Object.values(labels)) t.dispose();
    throw err;
  }
  return {
    count: data.count,
    features,
    labels,
    batch(indices) {
      const idx = tf.tensor1d(indices, 'int32');
      const feeds: Feeds = { features: tf.gather(features, idx), labels: idRecord() };
      for (const [id, t] of Object.entries(labels)) feeds.labels[id] = tf.gather(t, idx);
      idx.dispose();
      return feeds;
    },
    dispose() {
      features.dispose();
      for (const t of Object.values(labels)) t.dispose();
    },
  };
}

/**
 * Examples `start` to `start + length` of `source` (features and every Target's labels), copied
 * contiguously: a batch cut from data already in batch order, cheaper than a gather by index. The
 * caller owns the tensors returned.
 */
export function sliceFeeds(source: Feeds, start: number, length: number): Feeds {
  const rows = (t: tf.Tensor) =>
    start === 0 && length === t.shape[0]
      ? t.clone()
      : tf.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [length, ...t.shape.slice(1)]);
  const feeds: Feeds = { features: rows(source.features), labels: idRecord() };
  for (const [id, t] of Object.entries(source.labels)) feeds.labels[id] = rows(t);
  return feeds;
}

/** Frees a batch's tensors. */
export function disposeFeeds(feeds: Feeds): void {
  feeds.features.dispose();
  for (const t of Object.values(feeds.labels)) t.dispose();
}

/**
 * Data set → the tensors the graph's Input and Target nodes accept, batch by batch: cut from host
 * arrays on host backends, gathered from a whole upload on GPU backends.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../shapes/infer';
import type { Feeds } from '../compile/program';
import { idRecord } from '../graph/own';
import { batchesOnHost, gatherRows, sliceRows } from './host-rows';
import type { HostRows } from './host-rows';

/** How a Target node's labels are encoded: its `encoding` and `shape` params. */
export interface TargetPlan {
  nodeId: string;
  /** `value`: the labels as they are; `onehot`: class indices as one-hot rows; `index`: class indices. */
  encoding: 'value' | 'onehot' | 'index';
  shape: number[];
}

/** A data set made ready for one graph's steps (see {@link uploadData}). */
export interface DeviceData {
  /** Number of examples. */
  count: number;
  /** Bytes of the features and encoded labels, one copy. */
  bytes: number;
  /** The batch for a list of example indices, in that order (tensors owned by the caller). */
  batch(indices: Int32Array): Feeds;
  /** Examples `start` to `start + length`, in order (tensors owned by the caller). */
  rows(start: number, length: number): Feeds;
  /** Frees what was uploaded. */
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
 * Labels as a Target node takes them, in host memory: class indices stay a vector (`index`) or
 * become one-hot rows (`onehot`: an index outside the classes gives a row of zeros, as tfjs's
 * `oneHot` does); real values (`value`) are shaped `[count, …shape]`. The one place labels are
 * encoded, for uploaded data sets and for targets typed on the command line alike.
 *
 * @param plan - The Target node's encoding and shape.
 * @param labels - `count` class indices, or `count × prod(shape)` values.
 * @param count - Number of examples.
 * @throws Error when `labels` does not hold `count` labels of the Target's shape.
 */
export function encodeLabels(plan: TargetPlan, labels: Float32Array, count: number): HostRows {
  if (plan.encoding === 'index' || plan.encoding === 'onehot') {
    if (labels.length !== count)
      throw new Error(
        `Target '${plan.nodeId}' takes ${count} class indices; the data set has ${labels.length} labels`,
      );
    if (plan.encoding === 'index') return { values: labels, shape: [count] };
    const classes = plan.shape[0];
    if (!(classes >= 2))
      throw new Error(
        `Target '${plan.nodeId}' one-hot encodes ${classes} class(es): its depth must be at least 2`,
      );
    // Int32Array truncates like tfjs's cast of float labels to int32.
    const indices = Int32Array.from(labels);
    const values = new Float32Array(count * classes);
    indices.forEach((k, i) => {
      if (k >= 0 && k < classes) values[i * classes + k] = 1;
    });
    return { values, shape: [count, classes] };
  }
  const size = plan.shape.reduce((a, b) => a * b, 1);
  if (labels.length !== count * size)
    throw new Error(
      `Target '${plan.nodeId}' takes ${count} labels of shape [${plan.shape.join(', ')}] (${count * size} values); the data set has ${labels.length}`,
    );
  return { values: labels, shape: [count, ...plan.shape] };
}

/** {@link encodeLabels} as a tensor on the active backend. */
export function encodeTarget(plan: TargetPlan, labels: Float32Array, count: number): tf.Tensor {
  const rows = encodeLabels(plan, labels, count);
  return tf.tensor(rows.values, rows.shape);
}

/**
 * Makes a data set ready for a graph's steps (call `checkData` of `src/run/check-data.ts` first).
 * The examples stay in host memory; on a host backend (WASM, cpu) each batch is copied out of them
 * and uploaded, and on a GPU backend they are uploaded whole on first use and batches are gathered
 * there.
 *
 * @throws Error when the features or labels do not fit the graph's Input and Target shapes.
 */
export function uploadData(graph: ShapedGraph, data: Dataset): DeviceData {
  const shape = inputShape(graph) ?? data.featureShape;
  const featureSize = shape.reduce((a, b) => a * b, 1);
  if (data.features.length !== data.count * featureSize)
    throw new Error(
      `the input takes examples of shape [${shape.join(', ')}] (${featureSize} values each); the data set's ${data.count} examples hold ${data.features.length} values`,
    );
  const features: HostRows = { values: data.features, shape: [data.count, ...shape] };
  // Keyed by Target id, which may be `__proto__`: no prototype to collide with.
  const labels = idRecord<HostRows>();
  for (const plan of targetPlans(graph)) labels[plan.nodeId] = encodeLabels(plan, data.labels, data.count);
  const bytes = [features, ...Object.values(labels)].reduce((sum, r) => sum + r.values.length * 4, 0);

  let device: Feeds | null = null;
  const onDevice = (): Feeds => {
    if (!device) {
      const made: Feeds = { features: tf.tensor(features.values, features.shape), labels: idRecord() };
      for (const [id, r] of Object.entries(labels)) made.labels[id] = tf.tensor(r.values, r.shape);
      device = made;
    }
    return device;
  };
  return {
    count: data.count,
    bytes,
    batch(indices) {
      if (batchesOnHost()) {
        const feeds: Feeds = { features: gatherRows(features, indices), labels: idRecord() };
        for (const [id, r] of Object.entries(labels)) feeds.labels[id] = gatherRows(r, indices);
        return feeds;
      }
      const all = onDevice();
      const idx = tf.tensor1d(indices, 'int32');
      const feeds: Feeds = { features: tf.gather(all.features, idx), labels: idRecord() };
      for (const [id, t] of Object.entries(all.labels)) feeds.labels[id] = tf.gather(t, idx);
      idx.dispose();
      return feeds;
    },
    rows(start, length) {
      if (!batchesOnHost()) return sliceFeeds(onDevice(), start, length);
      const feeds: Feeds = { features: sliceRows(features, start, length), labels: idRecord() };
      for (const [id, r] of Object.entries(labels)) feeds.labels[id] = sliceRows(r, start, length);
      return feeds;
    },
    dispose() {
      if (device) disposeFeeds(device);
      device = null;
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

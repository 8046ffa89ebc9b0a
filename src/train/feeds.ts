/**
 * Data set → tensors the graph's Input and Target nodes accept, kept on the backend for the whole
 * run; batches are gathered from them by index.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { ShapedGraph } from '../shapes/infer';
import type { Feeds } from '../compile/program';

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** How each Target node's labels are derived from the data set. */
interface TargetPlan {
  nodeId: string;
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

function inputShape(graph: ShapedGraph): number[] | null {
  const id = graph.order.find((n) => graph.nodes.get(n)!.spec.role === 'input');
  return id ? graph.nodes.get(id)!.params.ints('shape') : null;
}

function targetPlans(graph: ShapedGraph): TargetPlan[] {
  return graph.order
    .filter((id) => graph.nodes.get(id)!.spec.role === 'target')
    .map((id) => {
      const p = graph.nodes.get(id)!.params;
      return { nodeId: id, encoding: p.str('encoding') as TargetPlan['encoding'], shape: p.ints('shape') };
    });
}

/** Checks that a data set fits the graph's Input and Target nodes; returns diagnostics. */
export function checkData(graph: ShapedGraph, data: Dataset): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inputs = graph.order.filter((n) => graph.nodes.get(n)!.spec.role === 'input');
  for (const id of inputs) {
    const shape = graph.nodes.get(id)!.params.ints('shape');
    if (product(shape) !== product(data.featureShape))
      out.push(
        diagnostic(
          'shape-mismatch',
          `Input node "${id}" has shape [${shape.join(',')}] but the data set "${data.name}" has ${product(data.featureShape)} features per example (shape [${data.featureShape.join(',')}]); set the Input shape to [${data.featureShape.join(',')}]`,
          { nodeId: id, field: 'shape' },
        ),
      );
  }
  for (const plan of targetPlans(graph)) {
    const where = { nodeId: plan.nodeId, field: 'encoding' };
    if (plan.encoding === 'value') {
      const width = data.task === 'classification' ? 1 : product(data.labelShape);
      if (product(plan.shape) !== width)
        out.push(
          diagnostic(
            'shape-mismatch',
            `Target node "${plan.nodeId}" expects ${product(plan.shape)} values per example but the data set gives ${width}${data.task === 'classification' ? ` (a class index; use encoding "onehot" with shape [${data.numClasses}] for ${data.numClasses} classes)` : ''}`,
            { nodeId: plan.nodeId, field: 'shape' },
          ),
        );
    } else if (data.task !== 'classification') {
      out.push(
        diagnostic(
          'bad-param',
          `Target node "${plan.nodeId}" uses encoding "${plan.encoding}" but the data set "${data.name}" has real-valued labels; use "value"`,
          where,
        ),
      );
    } else if (
      plan.encoding === 'onehot' &&
      (plan.shape.length !== 1 || plan.shape[0] < (data.numClasses ?? 0))
    ) {
      out.push(
        diagnostic(
          'shape-mismatch',
          `Target node "${plan.nodeId}" one-hot shape [${plan.shape.join(',')}] cannot hold ${data.numClasses} classes; set its shape to [${data.numClasses}]`,
          { nodeId: plan.nodeId, field: 'shape' },
        ),
      );
    }
  }
  return out;
}

/** Uploads a data set for a graph (call `checkData` first). */
export function uploadData(graph: ShapedGraph, data: Dataset): DeviceData {
  const shape = inputShape(graph) ?? data.featureShape;
  const features = tf.tensor(data.features, [data.count, ...shape]);
  const labels: Record<string, tf.Tensor> = {};
  for (const plan of targetPlans(graph)) {
    labels[plan.nodeId] = tf.tidy(() => {
      if (plan.encoding === 'index') return tf.tensor1d(data.labels);
      if (plan.encoding === 'onehot')
        return tf.oneHot(tf.tensor1d(data.labels, 'int32'), plan.shape[0]).toFloat();
      return tf.tensor(data.labels, [data.count, ...plan.shape]);
    });
  }
  return {
    count: data.count,
    features,
    labels,
    batch(indices) {
      const idx = tf.tensor1d(indices, 'int32');
      const feeds: Feeds = { features: tf.gather(features, idx), labels: {} };
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

/** Frees a batch's tensors. */
export function disposeFeeds(feeds: Feeds): void {
  feeds.features.dispose();
  for (const t of Object.values(feeds.labels)) t.dispose();
}

/** Loss and accuracy over a whole data set, evaluated in chunks without training. */
import * as tf from '@tensorflow/tfjs';
import type { Program } from '../compile/program';
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../shapes/infer';
import type { AccuracyKind } from '../ops/spec';
import { disposeFeeds } from './feeds';
import type { DeviceData } from './feeds';

/** Metrics of one data set. */
export interface Evaluation {
  /** Mean objective over the examples. */
  loss: number;
  /** Fraction of examples classified correctly, when the graph is a classifier. */
  accuracy?: number;
}

/** Which node's output is scored against which target, and how. */
export interface AccuracyPlan {
  /** The loss node whose inputs are scored. */
  lossId: string;
  predictionId: string;
  targetId: string;
  kind: Exclude<AccuracyKind, 'none'>;
  /** For binary scoring of logits (a loss that takes logits) the threshold is 0. */
  threshold: number;
}

/** Examples evaluated per forward pass. */
const CHUNK = 2048;

/**
 * Picks the first classification loss and how to score it. Binary scoring only applies when the
 * labels are 0/1 (an L2 error on a regression set such as the sine has no accuracy).
 */
export function accuracyPlan(graph: ShapedGraph, data: Dataset): AccuracyPlan | null {
  for (const id of graph.objectives) {
    const r = graph.nodes.get(id)!;
    const kind = r.spec.accuracy ?? 'none';
    if (kind === 'none') continue;
    if (kind === 'binary' && data.task === 'regression' && !data.labels.every((v) => v === 0 || v === 1))
      continue;
    const predictionId = r.inputs.prediction?.[0];
    const targetId = r.inputs.target?.[0];
    if (!predictionId || !targetId) continue;
    const threshold = r.spec.takesLogits?.(r.params) ? 0 : 0.5;
    return { lossId: id, predictionId, targetId, kind, threshold };
  }
  return null;
}

/** Number of correct examples in a batch, as a scalar tensor. */
function correctCount(plan: AccuracyPlan, y: tf.Tensor, t: tf.Tensor): tf.Tensor {
  if (plan.kind === 'binary') {
    const hits = tf.equal(tf.cast(tf.greater(y, plan.threshold), 'float32'), tf.round(t));
    // An example counts as correct when all of its outputs are.
    const perExample = y.rank > 1 ? tf.all(hits, y.shape.map((_, i) => i).slice(1)) : hits;
    return tf.sum(tf.cast(perExample, 'float32'));
  }
  const predicted = tf.argMax(y, -1);
  const truth = t.rank === y.rank ? tf.argMax(t, -1) : tf.cast(t, 'int32');
  return tf.sum(tf.cast(tf.equal(predicted, truth), 'float32'));
}

/** Loss and accuracy of the current weights on a data set (inference mode: no dropout). */
export async function evaluate(
  program: Program,
  data: DeviceData,
  plan: AccuracyPlan | null,
): Promise<Evaluation> {
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < data.count; start += CHUNK) {
    const n = Math.min(CHUNK, data.count - start);
    const feeds = data.batch(Int32Array.from({ length: n }, (_, i) => start + i));
    parts.push(
      tf.tidy(() => {
        const { objective, outputs } = program.forward(feeds, { training: false, seed: 0 });
        const correct = plan
          ? correctCount(plan, outputs.get(plan.predictionId)!, outputs.get(plan.targetId)!)
          : tf.scalar(0);
        return tf.stack([tf.mul(objective, n), correct]);
      }),
    );
    disposeFeeds(feeds);
  }
  const total = tf.tidy(() => tf.sum(tf.stack(parts), 0));
  const [lossSum, correct] = await total.data();
  total.dispose();
  for (const p of parts) p.dispose();
  return plan
    ? { loss: lossSum / data.count, accuracy: correct / data.count }
    : { loss: lossSum / data.count };
}

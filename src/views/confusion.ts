/**
 * The confusion matrix of a classifier over a split (capped), and a few of the examples it gets
 * wrong: one inference-mode forward pass per chunk, one read of the predicted classes.
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from '../compile/program';
import type { Dataset } from '../data/dataset';
import { shapeSize } from '../data/checks';
import { inputShape } from '../train/feeds';
import { readout, zeroLabels } from '../train/boundary';
import type { AccuracyPlan } from '../train/metrics';
import type { ConfusionReport, WrongExample } from './types';

/** Options of {@link computeConfusion}. */
export interface ConfusionRequest {
  /** The split evaluated and which one it is. */
  data: Dataset;
  split: 'test' | 'train';
  /** At most this many examples (the first ones) are evaluated. */
  maxExamples: number;
  /** At most this many misclassified examples are returned. */
  maxWrong: number;
  /** [h, w] when the examples are images (their features are then sent with the mistakes). */
  image: [number, number] | null;
  /** Step the weights are at. */
  step: number;
}

const CHUNK = 1024;

/** The true class of example `i`: its index, the argmax of a one-hot row, or a rounded 0/1 label. */
export function trueClass(data: Dataset, i: number, binary: boolean): number {
  if (data.task === 'classification' && data.labelShape.length === 0) return data.labels[i];
  const k = shapeSize(data.labelShape);
  if (binary || k === 1) return data.labels[i * k] > 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < k; c++) if (data.labels[i * k + c] > data.labels[i * k + best]) best = c;
  return best;
}

/**
 * Counts (true, predicted) pairs over the first `maxExamples` examples of a split with the current
 * weights, and keeps the first `maxWrong` mistakes. Null when the graph has no classifier output.
 */
export async function computeConfusion(
  program: Program,
  plan: AccuracyPlan | null,
  request: ConfusionRequest,
  classNames?: readonly string[],
): Promise<ConfusionReport | null> {
  const how = readout(program.graph, plan);
  if (!how || how.kind === 'regression' || !plan) return null;
  const { data } = request;
  const n = Math.min(data.count, Math.max(1, Math.floor(request.maxExamples)));
  const width = shapeSize(data.featureShape);
  const shape = inputShape(program.graph) ?? data.featureShape;
  const parts: tf.Tensor[] = [];
  let classes = how.kind === 'binary' ? 2 : 0;
  try {
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      parts.push(
        tf.tidy(() => {
          const features = tf.tensor(data.features.subarray(start * width, (start + m) * width), [
            m,
            ...shape,
          ]);
          const { outputs } = program.forward(
            { features, labels: zeroLabels(program.graph, m) },
            { training: false, seed: 0 },
          );
          const y = tf.reshape(outputs.get(how.nodeId)!, [m, -1]).toFloat();
          if (how.kind === 'categorical') {
            classes = y.shape[1]!;
            const prob = how.logits ? tf.softmax(y) : y;
            return tf.concat([tf.argMax(prob, 1).toFloat(), tf.max(prob, 1)]);
          }
          const first = tf.reshape(tf.slice(y, [0, 0], [m, 1]), [m]);
          const prob = how.logits ? tf.sigmoid(first) : first;
          const positive = tf.greater(first, how.threshold);
          return tf.concat([tf.cast(positive, 'float32'), tf.where(positive, prob, tf.sub(1, prob))]);
        }),
      );
    }
    const chunks = await Promise.all(parts.map((p) => p.data() as Promise<Float32Array>));
    const names = Array.from({ length: classes }, (_, c) => classNames?.[c] ?? String(c));
    const counts = new Uint32Array(classes * classes);
    const wrong: WrongExample[] = [];
    const sendFeatures = request.image !== null || width <= 64;
    chunks.forEach((chunk, ci) => {
      const m = chunk.length / 2;
      for (let j = 0; j < m; j++) {
        const i = ci * CHUNK + j;
        const predicted = chunk[j];
        const truth = trueClass(data, i, how.kind === 'binary');
        if (truth >= 0 && truth < classes) counts[truth * classes + predicted]++;
        if (predicted !== truth && wrong.length < request.maxWrong) {
          const w: WrongExample = { index: i, truth, predicted, confidence: chunk[m + j] };
          if (sendFeatures) w.features = data.features.slice(i * width, (i + 1) * width);
          wrong.push(w);
        }
      }
    });
    return {
      classes: names,
      counts,
      total: counts.reduce((a, b) => a + b, 0),
      split: request.split,
      skipped: data.count - n,
      wrong,
      featureShape: request.image ? [...request.image] : [width],
      step: request.step,
    };
  } finally {
    for (const p of parts) p.dispose();
  }
}

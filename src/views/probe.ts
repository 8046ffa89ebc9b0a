/**
 * One example through the trained graph in inference mode (a digit the user drew): every node's
 * value, the image-shaped ones as images, and the class probabilities. One read.
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from '../compile/program';
import { shapeSize } from '../data/checks';
import { inputShape } from '../train/feeds';
import { readout, zeroLabels } from '../train/boundary';
import type { AccuracyPlan } from '../train/metrics';
import { TraceReadPlan } from '../trace/plan';
import { planImages } from '../trace/images';
import type { NodeTrace } from '../trace/types';
import { idRecord } from '../graph/own';
import type { ProbeResult } from './types';

/**
 * Runs `features` (one example) through `program` and reads what every node computed.
 *
 * @throws Error when `features` does not have the Input's size.
 */
export async function probeExample(
  program: Program,
  plan: AccuracyPlan | null,
  features: Float32Array,
  options: { requestId: number; classNames?: readonly string[]; fullLimit?: number },
): Promise<ProbeResult> {
  const graph = program.graph;
  const shape = inputShape(graph);
  if (!shape) throw new Error('the graph has no Input node to feed the example to');
  const size = shapeSize(shape);
  if (features.length !== size)
    throw new Error(
      `the example has ${features.length} values but the Input takes ${size} ([${shape.join(',')}])`,
    );
  const how = readout(graph, plan);
  let outputs = new Map<string, tf.Tensor>();
  const kept: tf.Tensor[] = [];
  tf.tidy(() => {
    const result = program.forward(
      { features: tf.tensor(features, [1, ...shape]), labels: zeroLabels(graph, 1) },
      { training: false, seed: 0, keepOutputs: true },
    );
    outputs = result.outputs;
    for (const u of result.stateUpdates) kept.push(u.value);
  });
  for (const t of kept) t.dispose();
  const readPlan = new TraceReadPlan();
  const nodes = idRecord<NodeTrace>();
  try {
    for (const id of graph.order) {
      const node: NodeTrace = { value: null!, grad: null };
      nodes[id] = node;
      readPlan.add(outputs.get(id)!, (tr) => (node.value = tr));
    }
    const images = planImages(readPlan, program, {
      outputs,
      weights: new Map(program.weights.map((w) => [w.key, w.variable as tf.Tensor])),
    });
    let probabilities: number[] = [];
    if (how && how.kind !== 'regression') {
      const probs = tf.tidy(() => {
        const y = tf.reshape(outputs.get(how.nodeId)!, [1, -1]).toFloat();
        if (how.kind === 'categorical') return tf.reshape(how.logits ? tf.softmax(y) : y, [-1]);
        const first = tf.reshape(tf.slice(y, [0, 0], [1, 1]), [1]);
        const p = how.logits ? tf.sigmoid(first) : first;
        return tf.concat([tf.sub(1, p), p]);
      });
      readPlan.add(probs, (tr) => (probabilities = tr.values ?? []), { full: true, owned: true });
    }
    await readPlan.read(options.fullLimit);
    let predicted = -1;
    probabilities.forEach((p, i) => {
      if (predicted < 0 || p > probabilities[predicted]) predicted = i;
    });
    return {
      requestId: options.requestId,
      probabilities,
      predicted,
      classes: probabilities.map((_, i) => options.classNames?.[i] ?? String(i)),
      nodes,
      images: images ?? {},
    };
  } finally {
    for (const t of outputs.values()) t.dispose();
  }
}

/**
 * Two ways to record dE/d(output) of every node during a training step:
 *
 * - `wrapperStep`: the product's `GradientCapture` (an identity with a custom gradient around each
 *   node output, inside `optimizer.computeGradients`).
 * - `probeStep`: a zero "probe" tensor added to each node output, and `tf.valueAndGrads` taken with
 *   respect to the probes and the trainable variables together. The forward pass is rebuilt here
 *   from the op specs, as `Program.forward` does it.
 *
 * Both record the same nodes: those on a path from a trainable weight to the objective.
 */
import * as tf from '@tensorflow/tfjs';
import { penalisedLayer, penalisedWeight } from '../src/ops/penalties';
import { GradientCapture } from '../src/compile/program';
import type { Feeds, Program } from '../src/compile/program';
import { concreteShape } from '../src/shapes/shape';

/** What one capturing step leaves behind: the objective and each recorded node's gradient. */
export interface CapturedStep {
  loss: tf.Scalar;
  grads: Map<string, tf.Tensor>;
}

/** Frees a captured step's tensors. */
export function disposeCaptured(step: CapturedStep): void {
  step.loss.dispose();
  for (const g of step.grads.values()) g.dispose();
}

/** Ids of the nodes that depend on a trainable weight, in topological order. */
export function gradientNodes(program: Program): string[] {
  const { graph } = program;
  const reached = new Set<string>();
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    const layer = penalisedLayer(r.spec, r.params);
    const ownWeights = program.weights.some((w) => w.trainable && (w.nodeId === id || w.nodeId === layer));
    if (ownWeights || Object.values(r.inputs).some((sources) => sources.some((s) => reached.has(s))))
      reached.add(id);
  }
  return graph.order.filter((id) => reached.has(id));
}

/** `Program.forward` for a training pass, with `probes` added to the outputs of their nodes. */
function probedObjective(program: Program, feeds: Feeds, probes: Map<string, tf.Tensor>): tf.Scalar {
  const { graph } = program;
  const outputs = new Map<string, tf.Tensor>();
  const terms: tf.Tensor[] = [];
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    const inputs: Record<string, tf.Tensor[]> = {};
    for (const [port, sources] of Object.entries(r.inputs))
      if (sources.length) inputs[port] = sources.map((s) => outputs.get(s)!);
    const layer = penalisedLayer(r.spec, r.params);
    if (layer) {
      const spec = graph.nodes.get(layer)?.spec;
      const kernel = spec
        ? penalisedWeight(
            spec,
            program.weights.filter((w) => w.nodeId === layer),
          )
        : undefined;
      if (kernel && r.spec.penalty) inputs[r.spec.penalty.port] = [kernel.variable];
    }
    const weights: Record<string, tf.Tensor> = {};
    for (const w of program.weights) if (w.nodeId === id) weights[w.name] = w.variable;
    const stateUpdates: { name: string; value: tf.Tensor }[] = [];
    let out = r.spec.forward({
      inputs,
      params: r.params,
      weights,
      training: true,
      seed: 0,
      feeds: { features: feeds.features, labels: feeds.labels[id] },
      stateUpdates,
      tf,
    });
    const probe = probes.get(id);
    if (probe) out = tf.add(out, probe);
    outputs.set(id, out);
    if (graph.objectives.includes(id)) {
      const weight = graph.doc.training.lossWeights[id] ?? 1;
      terms.push(weight === 1 ? out : tf.mul(out, weight));
    }
  }
  return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
}

/** One step with a zero probe per node; the gradients w.r.t. the probes are the node gradients. */
export function probeStep(
  program: Program,
  optimizer: tf.Optimizer,
  feeds: Feeds,
  ids: string[],
): CapturedStep {
  const variables = program.trainableVariables();
  const batch = feeds.features.shape[0];
  const { loss, nodeGrads } = tf.tidy(() => {
    const probes = ids.map((id) => tf.zeros(concreteShape(program.graph.shapes.get(id)!, batch)));
    const objective = (...xs: tf.Tensor[]) =>
      probedObjective(program, feeds, new Map(ids.map((id, i) => [id, xs[i]])));
    const { value, grads } = tf.valueAndGrads(objective)([...probes, ...variables]);
    const named: tf.NamedTensorMap = {};
    variables.forEach((v, i) => (named[v.name] = grads[ids.length + i]));
    optimizer.applyGradients(named);
    return { loss: value, nodeGrads: grads.slice(0, ids.length) };
  });
  return { loss, grads: new Map(ids.map((id, i) => [id, nodeGrads[i]])) };
}

/** One step recording node gradients with the product's identity-with-custom-gradient wrapper. */
export function wrapperStep(program: Program, optimizer: tf.Optimizer, feeds: Feeds): CapturedStep {
  const capture = new GradientCapture();
  const loss = tf.tidy(() => {
    const { value, grads } = optimizer.computeGradients(
      () => program.forward(feeds, { training: true, seed: 0, capture }).objective,
      program.trainableVariables(),
    );
    optimizer.applyGradients(grads);
    return value;
  });
  return { loss, grads: new Map(capture.grads) };
}

/** Largest absolute difference between the node gradients of two steps (NaN if their nodes differ). */
export async function maxGradDifference(a: CapturedStep, b: CapturedStep): Promise<number> {
  const ids = [...a.grads.keys()];
  if (ids.length !== b.grads.size || ids.some((id) => !b.grads.has(id))) return NaN;
  const diffs = tf.tidy(() =>
    tf.stack(ids.map((id) => tf.max(tf.abs(tf.sub(a.grads.get(id)!, b.grads.get(id)!))))),
  );
  const values = await diffs.data();
  diffs.dispose();
  return Math.max(...values);
}

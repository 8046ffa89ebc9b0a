/**
 * What of a graph becomes the ONNX model: the inference part only. The outputs are the
 * predictions the losses read (or, in a graph without losses, the nodes nothing consumes); the
 * model holds exactly the nodes those depend on. Losses, targets and penalties are training.
 */
import { hasRole, isObjectiveOp } from '../ops/registry';
import type { ShapedGraph } from '../shapes/infer';
import { sameShape } from '../shapes/shape';
import type { ExportLimitation } from './types';
import { unsupportedReason } from './onnx-ops';

/** The loss port that receives the prediction. */
const PREDICTION_PORT = 'prediction';

/** The inference part of a graph and what the export leaves out. */
export interface OnnxPlan {
  /** Ids of the prediction nodes: the model's outputs, in graph order. */
  outputs: string[];
  /** Input node ids the outputs depend on: the model's inputs (one ONNX input, see `write`). */
  inputs: string[];
  /** Ids of every node of the model, in topological order. */
  order: string[];
  /** Fatal problems (the export is refused) and notes, one per node or fact. */
  limitations: ExportLimitation[];
}

/** Works out the inference part of a checked graph. */
export function planOnnx(graph: ShapedGraph): OnnxPlan {
  const limitations: ExportLimitation[] = [];
  const outputs: string[] = [];
  const losses = graph.order.filter((id) => hasRole(graph.nodes.get(id)!.spec, 'loss'));
  for (const id of losses) {
    const r = graph.nodes.get(id)!;
    for (const source of r.inputs[PREDICTION_PORT] ?? []) {
      if (!outputs.includes(source)) outputs.push(source);
      if (r.spec.takesLogits?.(r.params))
        limitations.push({
          nodeId: source,
          message: `the ONNX output "${source}" is raw scores (logits): the loss "${id}" turns them into probabilities itself during training`,
        });
    }
  }
  if (!losses.length)
    for (const id of graph.order) {
      const r = graph.nodes.get(id)!;
      if (!r.consumers.length && !isObjectiveOp(r.spec) && !hasRole(r.spec, 'target')) outputs.push(id);
    }
  outputs.sort((a, b) => graph.order.indexOf(a) - graph.order.indexOf(b));

  // Every node the outputs depend on.
  const needed = new Set<string>();
  const stack = [...outputs];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const sources of Object.values(graph.nodes.get(id)!.inputs)) stack.push(...sources);
  }
  const order = graph.order.filter((id) => needed.has(id));
  const inputs = order.filter((id) => hasRole(graph.nodes.get(id)!.spec, 'input'));

  if (!outputs.length)
    limitations.push({ fatal: true, message: 'the graph has no prediction to export (no loss reads one)' });
  for (const id of order) {
    const r = graph.nodes.get(id)!;
    if (hasRole(r.spec, 'target'))
      limitations.push({
        nodeId: id,
        fatal: true,
        message: `the prediction depends on the labels (${r.spec.title}), which an inference model does not have`,
      });
    else if (!hasRole(r.spec, 'input')) {
      const reason = unsupportedReason(r.spec, r.params);
      if (reason) limitations.push({ nodeId: id, fatal: true, message: reason });
    }
  }
  const first = inputs[0];
  for (const id of inputs.slice(1))
    if (!sameShape(graph.shapes.get(id)!, graph.shapes.get(first)!))
      limitations.push({
        nodeId: id,
        fatal: true,
        message: `a second Input with another shape than "${first}": the app feeds the same features to both, ONNX would need two inputs`,
      });
  for (const id of graph.order)
    if (!needed.has(id)) {
      const r = graph.nodes.get(id)!;
      limitations.push({
        nodeId: id,
        message: `${r.spec.title} is part of training, not of the inference model, and is left out`,
      });
    }
  return { outputs, inputs, order, limitations };
}

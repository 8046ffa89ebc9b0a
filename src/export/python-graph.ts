/**
 * What the Python code exports (PyTorch, Keras) need to know about a checked graph, read through op
 * capabilities (roles, penalties, accuracy): the input, the model's nodes and outputs, the losses
 * with their targets, and the penalties with the weight each reads. The prediction a model returns
 * is what its losses compare against the targets, the part a user keeps after training.
 */
import { getOp } from '../ops/registry';
import type { OpSpec, Params } from '../ops/spec';
import type { ShapedGraph } from '../shapes/infer';
import type { Shape } from '../shapes/shape';
import { ownValue } from '../graph/own';
import type { ExportLimitation } from './types';

/** A Target node and how it encodes the data set's labels. */
export interface PyTarget {
  id: string;
  encoding: 'value' | 'onehot' | 'index';
  /** The node's `shape` param (one-hot: [classes]). */
  shape: number[];
}

/** A loss node: which model output it scores against which target. */
export interface PyLoss {
  id: string;
  spec: OpSpec;
  params: Params;
  prediction: string;
  target: string;
  /** Weight of the term in the objective (training.lossWeights). */
  weight: number;
}

/** A penalty node and the weight it reads: a Parameter node's value, or a layer's penalised weight. */
export interface PyPenalty {
  id: string;
  spec: OpSpec;
  params: Params;
  /** The node owning the penalised weight. */
  owner: string;
  /** The weight's name within that node (`value`, `kernel`, `embeddings`). */
  weightName: string;
  weight: number;
}

/** How accuracy is scored, as the app's metrics do (`src/train/metrics.ts`). */
export interface PyAccuracy {
  kind: 'binary' | 'categorical' | 'sparse';
  prediction: string;
  target: string;
  /** 0 for logits, 0.5 for probabilities (binary scoring). */
  threshold: number;
}

/** The parts of a graph the code writers walk. */
export interface PyGraph {
  graph: ShapedGraph;
  inputId: string | null;
  inputShape: number[];
  /** Nodes computed by the model, in topological order (no targets, losses or penalties). */
  modelNodes: string[];
  /** What the model returns: the predictions the losses read, else its unconsumed nodes. */
  outputs: string[];
  targets: PyTarget[];
  losses: PyLoss[];
  penalties: PyPenalty[];
  accuracy: PyAccuracy | null;
  /** Problems that stop a code export, one per node. */
  fatal: ExportLimitation[];
}

/** Reads the graph for the code writers; `fatal` lists what no Python code could express. */
export function readPyGraph(graph: ShapedGraph): PyGraph {
  const fatal: ExportLimitation[] = [];
  const role = (id: string) => graph.nodes.get(id)!.spec.role;
  const inputId = graph.order.find((id) => role(id) === 'input') ?? null;
  const targets: PyTarget[] = graph.order
    .filter((id) => role(id) === 'target')
    .map((id) => {
      const p = graph.nodes.get(id)!.params;
      return { id, encoding: p.str('encoding') as PyTarget['encoding'], shape: p.ints('shape') };
    });
  // Nodes computed from a target are not part of a model that predicts from inputs alone.
  const fromTarget = new Set<string>();
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    if (r.spec.role === 'loss' || r.spec.role === 'penalty') continue;
    if (role(id) === 'target' || Object.values(r.inputs).some((s) => s.some((src) => fromTarget.has(src))))
      fromTarget.add(id);
  }
  const lossWeights = graph.doc.training.lossWeights;
  const losses: PyLoss[] = [];
  const penalties: PyPenalty[] = [];
  for (const id of graph.objectives) {
    const r = graph.nodes.get(id)!;
    const weight = ownValue(lossWeights, id) ?? 1;
    if (r.spec.role === 'penalty') {
      const layer = r.spec.penalty ? r.params.optionalStr(r.spec.penalty.layerParam) : null;
      const wired = r.spec.penalty ? r.inputs[r.spec.penalty.port]?.[0] : undefined;
      const owner = layer ?? wired;
      const ownerSpec = owner ? graph.nodes.get(owner)?.spec : undefined;
      if (!owner || !ownerSpec?.penalisedWeight) {
        fatal.push({
          nodeId: id,
          message: 'penalises a value that is not a weight of the model; only weights can be penalised here',
          fatal: true,
        });
        continue;
      }
      penalties.push({
        id,
        spec: r.spec,
        params: r.params,
        owner,
        weightName: ownerSpec.penalisedWeight,
        weight,
      });
      continue;
    }
    const prediction = r.inputs.prediction?.[0];
    const target = r.inputs.target?.[0];
    if (!prediction || !target) continue;
    if (role(target) !== 'target') {
      fatal.push({
        nodeId: id,
        message: `its target comes from node "${target}", not straight from a Target node; the exported training feeds labels only to Target nodes`,
        fatal: true,
      });
      continue;
    }
    if (fromTarget.has(prediction)) {
      fatal.push({
        nodeId: id,
        message: `its prediction (node "${prediction}") is computed from the targets, which a model cannot see`,
        fatal: true,
      });
      continue;
    }
    losses.push({ id, spec: r.spec, params: r.params, prediction, target, weight });
  }
  const isModel = (id: string) => {
    const spec = graph.nodes.get(id)!.spec;
    return !fromTarget.has(id) && spec.role !== 'loss' && spec.role !== 'penalty' && spec.role !== 'target';
  };
  const modelNodes = graph.order.filter(isModel);
  let outputs = [...new Set(losses.map((l) => l.prediction))];
  if (!outputs.length)
    outputs = modelNodes.filter(
      (id) => role(id) !== 'input' && !graph.nodes.get(id)!.consumers.some((c) => isModel(c)),
    );
  if (!inputId)
    fatal.push({
      message: 'the graph has no Input node, so the model has nothing to predict from',
      fatal: true,
    });
  return {
    graph,
    inputId,
    inputShape: inputId ? graph.nodes.get(inputId)!.params.ints('shape') : [],
    modelNodes,
    outputs,
    targets,
    losses,
    penalties,
    accuracy: accuracyOf(losses),
    fatal,
  };
}

/** The first classification loss and how to score it, as `accuracyPlan` picks it. */
function accuracyOf(losses: PyLoss[]): PyAccuracy | null {
  for (const l of losses) {
    const kind = l.spec.accuracy ?? 'none';
    if (kind === 'none') continue;
    const threshold = l.spec.takesLogits?.(l.params) ? 0 : 0.5;
    return { kind, prediction: l.prediction, target: l.target, threshold };
  }
  return null;
}

/** The output shape of a node (every node of a checked graph has one). */
export function shapeOf(py: PyGraph, id: string): Shape {
  return py.graph.shapes.get(id)!;
}

/** The op spec a node runs. */
export function specOf(py: PyGraph, id: string): OpSpec {
  return py.graph.nodes.get(id)?.spec ?? getOp('Linear')!;
}

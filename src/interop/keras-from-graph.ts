/**
 * A checked graph as a Keras functional model: the nodes the model computes (everything the
 * losses' predictions depend on, minus the targets) become layers, penalties naming a layer
 * become its weight regularizer, and the loss and optimizer become compile settings. A node with
 * no Keras layer is a problem naming it: the export is refused rather than written half right.
 */
import type { GraphDoc } from '../graph/types';
import { ownValue } from '../graph/own';
import { hasRole } from '../ops/registry';
import type { ShapedGraph } from '../shapes/infer';
import type { Shape } from '../shapes/shape';
import type { ExportLimitation } from '../export/types';
import { dialectTitle, layerCodec, regularizerKind } from './keras-layers';
import type { KerasDim, KerasLayer, KerasModel, KerasTraining } from './keras-model';
import { kerasRegularizer } from './keras-names';
import type { KerasDialect } from './keras-names';
import { kerasLoss, kerasOptimizer } from './keras-training';

/** A graph's Keras model, or the nodes that keep it from being one. */
export interface KerasPlan {
  /** The model; null when there are problems. */
  model: KerasModel | null;
  /** Nodes Keras cannot express, one line each: the export is refused. */
  problems: ExportLimitation[];
  /** What the model leaves out or does differently (training settings), one line each. */
  notes: ExportLimitation[];
}

/** A shape with the batch axis as Keras's null. */
export const kerasShape = (shape: Shape): KerasDim[] => shape.map((d) => (d === 'N' ? null : d));

/** Nodes computed from a Target (labels are not model inputs). */
function targetDerived(graph: ShapedGraph): Set<string> {
  const out = new Set<string>();
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    const fromTarget = Object.values(r.inputs).some((s) => s.some((x) => out.has(x)));
    if (hasRole(r.spec, 'target') || fromTarget) out.add(id);
  }
  return out;
}

/** The model's outputs: what the losses score (or, without losses, the graph's sinks). */
function modelOutputs(graph: ShapedGraph, labels: Set<string>): string[] {
  const outputs: string[] = [];
  const objective = new Set(graph.objectives);
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    if (!hasRole(r.spec, 'loss')) continue;
    for (const sources of Object.values(r.inputs))
      for (const s of sources) if (!labels.has(s) && !outputs.includes(s)) outputs.push(s);
  }
  if (outputs.length) return outputs;
  return graph.order.filter((id) => {
    const r = graph.nodes.get(id)!;
    return !labels.has(id) && !objective.has(id) && r.consumers.every((c) => objective.has(c));
  });
}

/** Every node the outputs depend on, in topological order. */
function ancestors(graph: ShapedGraph, outputs: string[], labels: Set<string>): string[] {
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id) || labels.has(id)) return;
    keep.add(id);
    for (const sources of Object.values(graph.nodes.get(id)!.inputs)) sources.forEach(visit);
  };
  outputs.forEach(visit);
  return graph.order.filter((id) => keep.has(id));
}

/** Weight penalties per layer id, from penalty nodes that name a layer. */
function regularizers(
  graph: ShapedGraph,
  notes: ExportLimitation[],
): Map<string, { l1: number; l2: number }> {
  const out = new Map<string, { l1: number; l2: number }>();
  for (const id of graph.objectives) {
    const r = graph.nodes.get(id)!;
    const reference = r.spec.penalty;
    if (!reference) continue;
    const layer = r.params.optionalStr(reference.layerParam);
    const kind = regularizerKind(r.spec);
    if (!layer || !kind) {
      notes.push({
        nodeId: id,
        message: 'this penalty is not written: Keras regularizers attach to a layer',
      });
      continue;
    }
    const weight = ownValue(graph.doc.training.lossWeights, id) ?? 1;
    const entry = out.get(layer) ?? { l1: 0, l2: 0 };
    entry[kind] += r.params.num('lambda') * weight;
    out.set(layer, entry);
  }
  return out;
}

/** The compile settings, or notes on why there are none. */
function training(
  graph: ShapedGraph,
  dialect: KerasDialect,
  notes: ExportLimitation[],
): KerasTraining | undefined {
  const losses = graph.objectives.filter((id) => hasRole(graph.nodes.get(id)!.spec, 'loss'));
  if (losses.length !== 1) {
    if (losses.length > 1) notes.push({ message: 'several losses: no training settings are written' });
    return undefined;
  }
  const r = graph.nodes.get(losses[0])!;
  const loss = kerasLoss(r.spec, r.params, dialect);
  if (typeof loss === 'object' && 'cannot' in loss) {
    notes.push({ nodeId: r.node.id, message: `${loss.cannot}: no training settings are written` });
    return undefined;
  }
  const spec = graph.doc.training.optimizer;
  if (dialect === 'keras3' && spec.type === 'adam')
    notes.push({
      message:
        "Keras's Adam adds ε to √v before the bias correction, ours to the corrected √v̂: with the same ε the steps differ slightly while v is small",
    });
  return { loss, optimizer: kerasOptimizer(spec, dialect) };
}

/**
 * Plans the Keras model of a graph. `weights` gives every weight's values (from the file or the
 * seeded initializers); without it the layers carry no values (enough to list limitations).
 */
export function planKerasModel(
  graph: ShapedGraph,
  dialect: KerasDialect,
  weights?: NonNullable<GraphDoc['weights']>,
): KerasPlan {
  const problems: ExportLimitation[] = [];
  const notes: ExportLimitation[] = [];
  const labels = targetDerived(graph);
  const outputs = modelOutputs(graph, labels);
  const penalties = regularizers(graph, notes);
  const layers: KerasLayer[] = [];
  const inputs: string[] = [];
  const format = dialectTitle(dialect);
  for (const id of ancestors(graph, outputs, labels)) {
    const r = graph.nodes.get(id)!;
    const shape = graph.shapes.get(id)!;
    if (hasRole(r.spec, 'input')) {
      if (inputs.length)
        problems.push({
          nodeId: id,
          message: `a second Input; a ${format} model exported here takes the features once`,
        });
      inputs.push(id);
      layers.push({
        name: id,
        className: 'InputLayer',
        config: { batch_shape: kerasShape(shape) },
        inbound: [],
        weights: [],
        outputShape: kerasShape(shape),
      });
      continue;
    }
    const codec = layerCodec(r.spec);
    if (!codec) {
      problems.push({
        nodeId: id,
        message: `${r.spec.title} has no ${format} layer; op-level graphs (Parameter, MatMul…) export only when built from layers (Dense, Conv2D…)`,
      });
      continue;
    }
    const firstInput = r.spec.inputs.map((port) => r.inputs[port.name]?.[0]).find(Boolean);
    const rank = firstInput ? (graph.shapes.get(firstInput)?.length ?? 0) : 0;
    const config = codec.config(r.params, dialect, rank);
    if ('cannot' in config) {
      problems.push({ nodeId: id, message: `${r.spec.title}: ${String(config.cannot)}` });
      continue;
    }
    const decls = graph.weights.get(id) ?? [];
    const penalty = penalties.get(id);
    const penalised =
      r.spec.penalisedWeight && codec.weights.find(([ours]) => ours === r.spec.penalisedWeight);
    if (penalty && penalised) config[`${penalised[1]}_regularizer`] = kerasRegularizer(penalty, dialect);
    layers.push({
      name: id,
      className: codec.className,
      config,
      inbound: r.spec.inputs.flatMap((p) => r.inputs[p.name] ?? []),
      weights: codec.weights.flatMap(([ours, keras]) => {
        const decl = decls.find((d) => d.name === ours);
        if (!decl) return [];
        const values = ownValue(ownValue(weights, id), ours)?.values ?? [];
        return [{ name: keras, shape: decl.shape, values }];
      }),
      outputShape: kerasShape(shape),
    });
  }
  if (!inputs.length && !problems.length)
    problems.push({
      message: `the graph has no Input node feeding its outputs; a ${format} model needs one`,
    });
  const compileSettings = training(graph, dialect, notes);
  const name = (graph.doc.name ?? 'model').replace(/[^A-Za-z0-9_.-]+/g, '_');
  const model = problems.length ? null : { name, layers, inputs, outputs, training: compileSettings };
  return { model, problems, notes };
}

/**
 * A parsed Keras model as a graph: one node per layer (ids from the layer names), the weights
 * from the file, weight regularizers as penalty nodes, and a Target and loss per output (the
 * file's loss when it names one we have, else one that fits the output's activation) so the
 * graph trains as soon as it is opened. Either the whole graph or every problem: nothing half.
 */
import { checkGraph } from '../graph/check';
import { setOwn } from '../graph/own';
import type { GraphDoc, GraphEdge, GraphNode, ParamValue, WeightTensor } from '../graph/types';
import type { ImportProblem } from '../import/types';
import { layerActivation, outputActivation } from '../ops/activations';
import { resolveParams } from '../ops/params';
import { getOp } from '../ops/registry';
import { DEFAULT_DATASET, resolveTraining } from '../data/training-defaults';
import type { ImportedLayer } from './keras-layers-in';
import { importLayer } from './keras-layers-in';
import type { KerasLayer } from './keras-model';
import type { ParsedModel } from './keras-parse';
import { lossFromKeras, optimizerFromKeras } from './keras-training';

/** The weights of one layer in Keras's order, a problem, or null when the file has none. */
export type WeightSource = (layer: KerasLayer, kerasNames: string[]) => WeightTensor[] | string | null;

type Result = { ok: true; doc: GraphDoc; notes: string[] } | { ok: false; problems: ImportProblem[] };

/** A node id from a layer name: our id characters, unique. */
function nodeId(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'layer';
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
  taken.add(id);
  return id;
}

/** Our node for one layer, or why not. */
function nodeFor(layer: KerasLayer): ImportedLayer | { cannot: string } {
  if (layer.className === 'InputLayer') {
    const shape = layer.config.batch_shape ?? layer.config.shape;
    const dims = Array.isArray(shape) ? shape.slice(layer.config.batch_shape ? 1 : 0) : null;
    if (!dims || !dims.every((d) => Number.isInteger(d) && (d as number) >= 1))
      return { cannot: `input shape ${JSON.stringify(shape)}: every axis but the batch needs a fixed size` };
    return { op: 'Input', params: { shape: dims as number[] }, weights: [], notes: [] };
  }
  const read = importLayer(layer.className, layer.config);
  if ('cannot' in read || read.op !== 'Activation') return read;
  const applied = layerActivation(String(read.params.activation));
  if (!applied) return { cannot: `activation ${String(read.params.activation)} has no op here` };
  return { ...read, op: applied.spec.op, params: { ...applied.params.raw } };
}

/** The Target and loss that score one output (its activation picks the loss the file does not name). */
function lossFor(
  output: GraphNode,
  shape: number[],
  fileLoss: { op: string; params: Record<string, ParamValue> } | null,
): { target: Record<string, ParamValue>; loss: { op: string; params: Record<string, ParamValue> } } {
  const spec = getOp(output.op)!;
  const act = outputActivation(spec, resolveParams(spec, output.params).params)?.name;
  const loss =
    fileLoss ??
    (act === 'softmax' && shape.length === 1
      ? { op: 'CategoricalCrossEntropy', params: {} }
      : act === 'sigmoid'
        ? { op: 'BinaryCrossEntropy', params: {} }
        : { op: 'MSE', params: {} });
  // The target's encoding follows what the loss scores: class indices, one-hot rows or values.
  const scores = getOp(loss.op)?.accuracy;
  const encoding = scores === 'sparse' ? 'index' : scores === 'categorical' ? 'onehot' : 'value';
  return { target: { shape, encoding }, loss };
}

function emptyDoc(): GraphDoc {
  const { training, defaulted } = resolveTraining({ dataset: DEFAULT_DATASET });
  return {
    schemaVersion: 1,
    nodes: [],
    edges: [],
    layout: { nodes: {} },
    training,
    defaultedTraining: defaulted,
  };
}

/** Builds the graph of a parsed model; `weights` reads each layer's variables from the file. */
export function kerasToGraph(parsed: ParsedModel, weights: WeightSource): Result {
  const { model, where } = parsed;
  const problems: ImportProblem[] = [];
  const notes: string[] = [];
  const taken = new Set<string>();
  const ids = new Map<string, string>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const stored: NonNullable<GraphDoc['weights']> = {};
  let missingWeights = false;
  const failed = new Set<string>();
  for (const layer of model.layers) {
    const at = where.get(layer.name) ?? `layer "${layer.name}"`;
    const read = nodeFor(layer);
    if ('cannot' in read) {
      problems.push({ where: at, message: read.cannot });
      failed.add(layer.name);
      continue;
    }
    const id = nodeId(layer.name, taken);
    ids.set(layer.name, id);
    nodes.push({ id, op: read.op, ...(id !== layer.name ? { label: layer.name } : {}), params: read.params });
    notes.push(...read.notes.map((n) => `${at}: ${n}`));
    const spec = getOp(read.op)!;
    const variadic = spec.inputs.find((p) => p.variadic);
    if (!variadic && layer.inbound.length !== spec.inputs.length)
      problems.push({
        where: at,
        message: `called on ${layer.inbound.length} inputs; ${spec.title} takes ${spec.inputs.length}`,
      });
    layer.inbound.forEach((from, i) => {
      const port = variadic ? variadic.name : spec.inputs[i]?.name;
      const source = ids.get(from);
      if (port && source) edges.push({ source, sourcePort: 'out', target: id, targetPort: port });
      // A layer called on one that failed is not a second problem.
      else if (port && !failed.has(from))
        problems.push({
          where: at,
          message: `is called on "${from}", which comes later in the file or was not imported`,
        });
    });
    if (read.weights.length) {
      const values = weights(
        layer,
        read.weights.map(([, keras]) => keras),
      );
      if (typeof values === 'string') problems.push({ where: at, message: values });
      else if (values === null) missingWeights = true;
      else setOwn(stored, id, Object.fromEntries(read.weights.map(([ours], i) => [ours, values[i]])));
    }
    if (read.penalty)
      for (const kind of ['l1', 'l2'] as const)
        if (read.penalty[kind] > 0)
          nodes.push({
            id: nodeId(`${id}_${kind}`, taken),
            op: kind === 'l1' ? 'L1Penalty' : 'L2Penalty',
            params: { lambda: read.penalty[kind], layer: id },
          });
  }
  if (problems.length) return { ok: false, problems };
  if (missingWeights) notes.push('the file has no weights: layers start from their initializers');
  const base = emptyDoc();
  const modelDoc: GraphDoc = {
    ...base,
    name: model.name,
    nodes,
    edges,
    ...(missingWeights ? {} : { weights: stored }),
  };
  // The model alone has no loss yet: every other error is a problem; its shapes size the targets.
  const checked = checkGraph(modelDoc);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'missing-loss');
  if (errors.length) {
    const layerOf = new Map([...ids].map(([name, id]) => [id, name]));
    return {
      ok: false,
      problems: errors.map((d) => ({
        where:
          (d.nodeId && where.get(layerOf.get(d.nodeId) ?? '')) || (d.nodeId ? `node "${d.nodeId}"` : 'model'),
        message: d.message,
      })),
    };
  }
  const compile = parsed.compile ?? {};
  const fileLoss = compile.loss === undefined ? null : lossFromKeras(compile.loss);
  if (compile.loss !== undefined && !fileLoss)
    notes.push(`loss ${JSON.stringify(compile.loss)} has no op here: a loss fitting the output is used`);
  model.outputs.forEach((name, i) => {
    const out = ids.get(name)!;
    const shape = checked.shapes.get(out)!.slice(1) as number[];
    const node = nodes.find((n) => n.id === out)!;
    const { target, loss } = lossFor(node, shape, fileLoss);
    const suffix = model.outputs.length > 1 ? `_${i + 1}` : '';
    const t = nodeId(`target${suffix}`, taken);
    const l = nodeId(`loss${suffix}`, taken);
    nodes.push({ id: t, op: 'Target', params: target }, { id: l, op: loss.op, params: loss.params });
    edges.push(
      { source: out, sourcePort: 'out', target: l, targetPort: 'prediction' },
      { source: t, sourcePort: 'out', target: l, targetPort: 'target' },
    );
  });
  const optimizerJson = compile.optimizer ?? compile.optimizer_config;
  const opt =
    optimizerJson && typeof optimizerJson === 'object'
      ? (optimizerJson as { class_name?: unknown; config?: Record<string, unknown> })
      : null;
  const optimizer = opt ? optimizerFromKeras(opt.class_name, opt.config ?? {}) : null;
  if (opt && !optimizer)
    notes.push(`optimizer ${String(opt.class_name)} has no equivalent here: the default optimizer is used`);
  const { training, defaulted } = resolveTraining({
    dataset: DEFAULT_DATASET,
    ...(optimizer ? { optimizer } : {}),
  });
  notes.push('the file names no data set: choose one in the Training tab (XOR is set for now)');
  return { ok: true, doc: { ...modelDoc, nodes, edges, training, defaultedTraining: defaulted }, notes };
}

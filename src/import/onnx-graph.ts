/**
 * The converted nodes as a graph file: final node ids from the ONNX value names, and a Target and
 * a loss for each output so the model can train (an ONNX model is inference only). The loss
 * matches the output: softmax → categorical cross-entropy on one-hot targets, sigmoid → binary
 * cross-entropy, anything else → mean squared error.
 */
import { DEFAULT_DATASET } from '../data/training-defaults';
import { parseGraphValue } from '../graph/load';
import { NODE_ID_PATTERN } from '../graph/schema';
import type { GraphDoc, ParamValue, WeightTensor } from '../graph/types';
import { outputActivation } from '../ops/activations';
import { resolveParams } from '../ops/params';
import { getOp } from '../ops/registry';
import type { DataValue, ImportContext } from './onnx-context';

/** A node id made from an ONNX name: allowed characters only, unique, at most 64 characters. */
function idFrom(name: string, taken: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 56) || 'node';
  if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
  let id = base;
  for (let i = 2; taken.has(id) || !NODE_ID_PATTERN.test(id); i++) id = `${base}_${i}`;
  taken.add(id);
  return id;
}

/** The loss op and target encoding for a prediction, from the activation its node ends with. */
function lossFor(op: string, params: Record<string, ParamValue>, width: number | null) {
  const spec = getOp(op);
  const activation = spec ? outputActivation(spec, resolveParams(spec, params).params)?.name : undefined;
  if (activation === 'softmax' && width !== null && width >= 2)
    return { loss: 'CategoricalCrossEntropy', encoding: 'onehot' };
  if (activation === 'sigmoid') return { loss: 'BinaryCrossEntropy', encoding: 'value' };
  return { loss: 'MSE', encoding: 'value' };
}

/** The graph of a finished import, with its outputs (ONNX names, in order). */
export function assembleGraph(ctx: ImportContext, name: string, outputs: string[]): GraphDoc {
  const taken = new Set<string>();
  const finalId = new Map<string, string>();
  // Output nodes first, so they keep the output's name.
  const ordered = [...ctx.nodes.filter((n) => n.outputName), ...ctx.nodes.filter((n) => !n.outputName)];
  for (const n of ordered) finalId.set(n.id, idFrom(n.outputName ?? n.name, taken));
  const nodes = ctx.nodes.map((n) => ({ id: finalId.get(n.id)!, op: n.op, params: n.params }));
  const edges = ctx.edges.map((e) => ({
    source: finalId.get(e.source)!,
    sourcePort: 'out',
    target: finalId.get(e.target)!,
    targetPort: e.targetPort,
  }));
  const weights: Record<string, Record<string, WeightTensor>> = {};
  for (const n of ctx.nodes) if (n.weights) weights[finalId.get(n.id)!] = n.weights;
  const used = new Set<string>();
  for (const output of outputs) {
    const v = ctx.values.get(output) as DataValue;
    const id = finalId.get(v.node)!;
    if (used.has(id)) continue;
    used.add(id);
    const ourShape = v.perm.map((p) => v.shape[p]).slice(1) as number[];
    const draft = ctx.nodes.find((n) => finalId.get(n.id) === id)!;
    const { loss, encoding } = lossFor(draft.op, draft.params, ourShape.length === 1 ? ourShape[0] : null);
    const target = idFrom(`${id}_target`, taken);
    const lossId = idFrom(`${id}_loss`, taken);
    nodes.push({ id: target, op: 'Target', params: { shape: ourShape, encoding } });
    nodes.push({ id: lossId, op: loss, params: {} });
    edges.push(
      { source: id, sourcePort: 'out', target: lossId, targetPort: 'prediction' },
      { source: target, sourcePort: 'out', target: lossId, targetPort: 'target' },
    );
    ctx.notes.push(
      `output "${output}": an ONNX model has no loss, so a Target "${target}" and a ${getOp(loss)?.title ?? loss} loss "${lossId}" were added to train it`,
    );
  }
  const { doc, diagnostics } = parseGraphValue({
    schemaVersion: 1,
    name,
    nodes,
    edges,
    layout: { nodes: {} },
    training: { dataset: DEFAULT_DATASET },
    weights,
  });
  if (!doc)
    throw new Error(`the imported graph does not load: ${diagnostics[0]?.message ?? 'unknown error'}`);
  return doc;
}

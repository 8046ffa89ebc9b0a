/** Assembles the ONNX ModelProto of a graph's inference part. */
import { DataType } from '../interop/onnx-proto';
import type { ModelProto, ValueInfoProto } from '../interop/onnx-proto';
import type { ShapedGraph } from '../shapes/infer';
import type { Shape } from '../shapes/shape';
import { OnnxBuilder } from './onnx-builder';
import { emitNode } from './onnx-ops';
import type { OnnxPlan } from './onnx-plan';
import type { NodeWeights } from './onnx-weights';

/** The opset the exporter writes, and the IR version that goes with it. */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

/** The symbolic batch dimension's name in the model's inputs and outputs. */
export const BATCH_DIM = 'N';

function valueInfo(name: string, shape: Shape): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType.FLOAT,
        shape: { dim: shape.map((d) => (d === 'N' ? { dimParam: BATCH_DIM } : { dimValue: d })) },
      },
    },
  };
}

/** The model: one float input (the features), one output per prediction, weights as initializers. */
export function buildOnnxModel(
  graph: ShapedGraph,
  plan: OnnxPlan,
  weights: NodeWeights,
  notes: string[] = [],
): ModelProto {
  const b = new OnnxBuilder();
  const values = new Map<string, string>();
  const [input, ...aliases] = plan.inputs;
  if (input) values.set(input, b.fresh(input));
  for (const id of plan.order) {
    const r = graph.nodes.get(id)!;
    if (id === input) continue;
    if (aliases.includes(id)) {
      // Every Input node receives the same features.
      values.set(id, b.node('Identity', [values.get(input)!], b.fresh(id)));
      continue;
    }
    const inputs: Record<string, string[]> = {};
    const inShapes: Record<string, Shape[]> = {};
    for (const [port, sources] of Object.entries(r.inputs)) {
      inputs[port] = sources.map((s) => values.get(s)!);
      inShapes[port] = sources.map((s) => graph.shapes.get(s)!);
    }
    const before = b.nodes.length;
    const out = emitNode({
      b,
      id,
      spec: r.spec,
      params: r.params,
      inputs,
      inShapes,
      outShape: graph.shapes.get(id)!,
      weights: weights.get(id) ?? {},
    });
    for (const n of b.nodes.slice(before)) n.docString = `Backprop Studio node "${id}" (${r.spec.op})`;
    values.set(id, out);
  }
  const initializerNames = new Set(b.initializers.map((t) => t.name));
  const outputs = plan.outputs.map((id) => {
    let name = values.get(id)!;
    // A graph output must be computed by a node, and named after the prediction node.
    if (name !== id || initializerNames.has(name) || name === values.get(input))
      name = b.node('Identity', [name], b.fresh(`${id}/output`), {}, id);
    return valueInfo(name, graph.shapes.get(id)!);
  });
  const doc = graph.doc;
  return {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Backprop Studio',
    producerVersion: '1',
    docString: doc.description ?? '',
    // What the export left out, readable in Netron's model properties.
    metadataProps: notes.map((value, i) => ({ key: `backprop_studio.note.${i + 1}`, value })),
    graph: {
      name: doc.name ?? 'graph',
      node: b.nodes,
      initializer: b.initializers,
      input: input ? [valueInfo(values.get(input)!, graph.shapes.get(input)!)] : [],
      output: outputs,
    },
  };
}

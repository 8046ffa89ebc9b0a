/**
 * ONNX models (`.onnx`) in: the operators we have an op for (Gemm, MatMul, Conv, pooling,
 * BatchNormalization, Gather, activations, arithmetic, Flatten/Reshape/Transpose…) become layers
 * where they can (Gemm + Relu → one Dense), with the initializers as weights, and a Target and a
 * loss per output so the model trains. Anything else is named with its position in the file and
 * nothing is imported.
 */
import { toNumber, decodeModel } from '../interop/onnx-codec';
import type { ModelProto } from '../interop/onnx-proto';
import { ImportContext, isIdentity } from './onnx-context';
import type { DataValue } from './onnx-context';
import { convertGraph } from './onnx-convert';
import { assembleGraph } from './onnx-graph';
import type { ImportInput, ImportResult, ModelImporter } from './types';

/** Larger files are refused before decoding: the graph file keeps weights as JSON numbers. */
export const MAX_ONNX_BYTES = 256 * 1024 * 1024;
/** At most this many nodes (a hostile file cannot make the import run for minutes). */
const MAX_NODES = 20_000;

const fail = (where: string, message: string): ImportResult => ({
  ok: false,
  problems: [{ where, message }],
});

/** The default-domain opset the model imports, or null when it names none. */
function opsetOf(model: ModelProto): number | null {
  const entry = model.opsetImport?.find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? toNumber(entry.version) : null;
}

async function read(input: ImportInput): Promise<ImportResult> {
  const { name, bytes } = input;
  if (bytes.length > MAX_ONNX_BYTES)
    return fail(
      name,
      `is ${Math.round(bytes.length / 2 ** 20)} MB; models over ${MAX_ONNX_BYTES / 2 ** 20} MB are not imported`,
    );
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    return fail(
      name,
      `is not a readable ONNX model (truncated or damaged?): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const graph = model.graph;
  if (!graph || !graph.node?.length || !graph.output?.length)
    return fail(name, 'is not an ONNX model: it has no graph with nodes and outputs');
  if (graph.node.length > MAX_NODES)
    return fail(name, `has ${graph.node.length} nodes; at most ${MAX_NODES} are imported`);
  const opset = opsetOf(model);
  if (opset === null) return fail(name, 'names no opset of the default ONNX domain');
  const ctx = new ImportContext(graph.node, opset);
  convertGraph(ctx, graph);
  if (ctx.problems.length) return { ok: false, problems: ctx.problems };
  const outputs = graph.output.map((o) => o.name ?? '');
  for (const o of outputs) {
    const v = ctx.values.get(o) as DataValue;
    // The node computing an output is named after it (a Transpose or Identity made no node).
    ctx.node(v.node).outputName ??= o;
    if (!isIdentity(v.perm) || v.order)
      ctx.notes.push(
        `output "${o}" is laid out channels last (NHWC) in the imported graph, NCHW in the ONNX model`,
      );
  }
  const doc = assembleGraph(ctx, graph.name || name.replace(/\.onnx$/i, ''), outputs);
  ctx.notes.push(
    `opset ${opset} model from ${model.producerName || 'an unknown producer'}: ${doc.nodes.length} nodes; its training data set is a placeholder (XOR): choose one whose examples fit the input`,
  );
  return { ok: true, doc, notes: ctx.notes };
}

export const onnxImporter: ModelImporter = {
  id: 'onnx',
  title: 'ONNX model (.onnx)',
  extensions: ['.onnx'],
  // A ModelProto starts with field 1 (ir_version, a varint): byte 0x08 and a small version.
  sniff: ({ name, bytes }) => /\.onnx$/i.test(name) || (bytes[0] === 0x08 && bytes[1] > 0 && bytes[1] < 0x20),
  read,
};

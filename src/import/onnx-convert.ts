/**
 * ONNX graph → our nodes: the graph input becomes an Input node (NCHW images become NHWC ones),
 * each ONNX node is converted by its operator's converter, and every problem is collected with
 * the node's position and name, without cascading to the nodes downstream of it.
 */
import { toNumber } from '../interop/onnx-codec';
import { DataType } from '../interop/onnx-proto';
import type { GraphProto, NodeProto } from '../interop/onnx-proto';
import { readTensor } from '../interop/onnx-tensor';
import type { ImportContext } from './onnx-context';
import { NCHW_TO_NHWC, NCL_TO_NLC, Unsupported, identity } from './onnx-context';
import * as el from './onnx-elementwise';
import * as layers from './onnx-layers';

type Converter = (ctx: ImportContext, node: NodeProto, index: number) => void;

const CONVERTERS: Record<string, Converter> = {
  Gemm: layers.gemm,
  MatMul: layers.matMul,
  Conv: layers.conv,
  MaxPool: layers.pool('MaxPool2D', false),
  AveragePool: layers.pool('AvgPool2D', true),
  GlobalAveragePool: layers.globalPool('AvgPool2D'),
  GlobalMaxPool: layers.globalPool('MaxPool2D'),
  BatchNormalization: layers.batchNormalization,
  Gather: layers.gather,
  Relu: el.relu,
  Sigmoid: el.sigmoid,
  Tanh: el.tanh,
  LeakyRelu: el.leakyRelu,
  Elu: el.elu,
  Softmax: el.softmax,
  Identity: el.alias,
  Cast: el.alias,
  Dropout: el.dropout,
  Constant: el.constant,
  Add: el.arithmetic('Add'),
  Sub: el.arithmetic('Sub'),
  Mul: el.arithmetic('Mul'),
  Div: el.arithmetic('Div'),
  Pow: el.pow,
  Flatten: el.flattenOp,
  Reshape: el.reshape,
  Transpose: el.transpose,
  Concat: el.concat,
  ReduceSum: el.reduceSum,
  ReduceMean: el.reduceMean,
  ReduceMax: el.reduceMax,
  Shape: el.shape,
  Unsqueeze: el.unsqueeze,
};

/** ONNX operators this importer reads, for messages. */
export const SUPPORTED_OPERATORS = Object.keys(CONVERTERS);

/** Operators that read images as NCHW: a 4-D graph input feeding one is taken as NCHW images. */
const IMAGE_READERS = new Set(['Conv', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool']);

/** Most values one example of the input may have (a damaged size cannot make the import hang). */
const MAX_EXAMPLE_VALUES = 1 << 24;

const where = (index: number, node: NodeProto) =>
  `node ${index} "${node.name || node.output?.[0] || '?'}" (${node.opType})`;

/** Reads the graph into `ctx`: its nodes, or the problems that stop the import. */
export function convertGraph(ctx: ImportContext, graph: GraphProto): void {
  for (const t of graph.initializer ?? []) {
    const v = readTensor(t);
    if ('error' in v) ctx.problems.push({ where: `initializer "${t.name}"`, message: `it ${v.error}` });
    else ctx.values.set(t.name ?? '', { kind: 'const', dims: v.dims, values: v.values });
  }
  for (const o of graph.output ?? []) ctx.graphOutputs.add(o.name ?? '');
  const inputs = (graph.input ?? []).filter((i) => !ctx.values.has(i.name ?? ''));
  if (inputs.length !== 1) {
    ctx.problems.push({
      where: 'graph inputs',
      message: `the model has ${inputs.length} inputs (${inputs.map((i) => `"${i.name}"`).join(', ')}); a Backprop Studio graph takes exactly one feature tensor`,
    });
    return;
  }
  const input = inputs[0];
  const tensor = input.type?.tensorType;
  const dims = tensor?.shape?.dim ?? [];
  const elem = tensor?.elemType ?? 0;
  const sizes = dims.slice(1).map((d) => (d.dimValue !== undefined ? toNumber(d.dimValue) : NaN));
  const bad =
    ![DataType.FLOAT, DataType.DOUBLE, DataType.INT32, DataType.INT64].includes(elem as 1) ||
    dims.length < 2 ||
    sizes.some((s) => !(s >= 1)) ||
    sizes.reduce((a, b) => a * b, 1) > MAX_EXAMPLE_VALUES;
  if (bad) {
    ctx.problems.push({
      where: `input "${input.name}"`,
      message: `needs a number tensor with a batch dimension and fixed other sizes (at most ${MAX_EXAMPLE_VALUES} values per example), got element type ${elem} and shape [${dims.map((d) => d.dimParam ?? toNumber(d.dimValue ?? 0)).join(',')}]`,
    });
    return;
  }
  if (dims[0].dimValue !== undefined)
    ctx.notes.push(
      `input "${input.name}": its batch size was fixed at ${toNumber(dims[0].dimValue)}; the graph takes any batch size`,
    );
  const name = input.name ?? 'x';
  // A 3-D or 4-D input read by a convolution or pooling is NCL sequences or NCHW images.
  const channelsFirst =
    (sizes.length === 2 || sizes.length === 3) &&
    ctx.onnxNodes.some((n) => n.input?.[0] === name && IMAGE_READERS.has(n.opType ?? ''));
  const perm = !channelsFirst ? identity(sizes.length + 1) : sizes.length === 3 ? NCHW_TO_NHWC : NCL_TO_NLC;
  const shape = perm.slice(1).map((p) => sizes[p - 1]);
  if (channelsFirst)
    ctx.notes.push(
      `input "${name}": the ONNX model takes ${sizes.length === 3 ? 'images as [N, C, H, W]' : 'sequences as [N, C, L]'}; the imported graph takes them channels last (${sizes.length === 3 ? '[N, H, W, C]' : '[N, L, C]'}), so transpose what you feed it`,
    );
  const id = ctx.add('Input', { shape }, {}, name);
  ctx.values.set(name, { kind: 'data', node: id, shape: ['N', ...sizes], perm });

  const failed = new Set<string>();
  ctx.onnxNodes.forEach((node, index) => {
    if (ctx.claimed.has(index)) return;
    // Downstream of a node already reported: say nothing more (its cause is listed once).
    if ((node.input ?? []).some((i) => failed.has(i))) {
      for (const o of node.output ?? []) failed.add(o);
      return;
    }
    const convert = node.domain && node.domain !== 'ai.onnx' ? undefined : CONVERTERS[node.opType ?? ''];
    try {
      if (!convert)
        throw new Unsupported(
          `the operator ${node.domain ? `${node.domain}.` : ''}${node.opType} has no Backprop Studio op; we would need one for it`,
        );
      ctx.current = node;
      convert(ctx, node, index);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      ctx.problems.push({ where: where(index, node), message: e.message });
      for (const o of node.output ?? []) failed.add(o);
    }
  });
  for (const o of graph.output ?? [])
    if (!failed.has(o.name ?? '') && ctx.values.get(o.name ?? '')?.kind !== 'data')
      ctx.problems.push({ where: `output "${o.name}"`, message: 'is not computed from the input' });
}

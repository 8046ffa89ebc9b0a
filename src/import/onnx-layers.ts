/**
 * ONNX operators that become our layers: Gemm and MatMul(+Add) → Dense, Conv → Conv2D, pooling →
 * MaxPool2D/AvgPool2D, BatchNormalization, Gather on a table → Embedding. Weights are converted to
 * our layouts (Conv kernels [out, in, kh, kw] → [kh, kw, in, out]); a Dense after a flattened NCHW
 * image gets its rows reordered to our NHWC flattening.
 */
import { samePadding } from '../ops/conv';
import { transposeValues } from '../interop/onnx-tensor';
import type { NodeProto } from '../interop/onnx-proto';
import {
  attrFloat,
  attrInt,
  attrInts,
  attrString,
  isIdentity,
  NCHW_TO_NHWC,
  NCL_TO_NLC,
  Unsupported,
} from './onnx-context';
import type { ConstValue, DataValue, ImportContext, OnnxDim } from './onnx-context';

const out = (node: NodeProto, i = 0) => node.output?.[i] ?? '';

/** The rows of a [k, n] matrix reordered so row j holds the input feature `order[j]`. */
function reorderRows(values: ArrayLike<number>, n: number, order: number[] | undefined): number[] {
  if (!order) return Array.from(values);
  return order.flatMap((row) => Array.from({ length: n }, (_, j) => values[row * n + j]));
}

/** A bias of `n` values from a constant that broadcasts to [n] (scalar, [n], [1, n]). */
function biasOf(c: ConstValue, n: number, scale: number): number[] {
  const size = c.values.length;
  if (size !== 1 && size !== n)
    throw new Unsupported(`its bias has shape [${c.dims.join(',')}], which does not broadcast to [${n}]`);
  return Array.from({ length: n }, (_, j) => scale * c.values[size === 1 ? 0 : j]);
}

/** Adds a Dense layer (activation linear, set later if an activation follows). */
function dense(
  ctx: ImportContext,
  x: DataValue,
  kernel: number[],
  k: number,
  n: number,
  bias: number[] | null,
  name: string,
): void {
  const id = ctx.add(
    'Dense',
    { units: n, activation: 'linear', useBias: bias !== null },
    { in: [x.node] },
    name,
  );
  ctx.node(id).weights = {
    kernel: { shape: [k, n], values: reorderRows(kernel, n, x.order) },
    ...(bias ? { bias: { shape: [n], values: bias } } : {}),
  };
  ctx.values.set(name, { kind: 'data', node: id, shape: [...x.shape.slice(0, -1), n], perm: x.perm.slice() });
}

/** The input of a fully connected layer: any rank, in ONNX's layout (or a flattened image). */
function denseInput(ctx: ImportContext, name: string): DataValue {
  const x = ctx.data(name);
  if (!isIdentity(x.perm))
    throw new Unsupported(
      `input "${name}" is an NCHW image; flatten it first (we would need a Transpose op)`,
    );
  return x;
}

export function gemm(ctx: ImportContext, node: NodeProto): void {
  const [a, b, c] = node.input ?? [];
  if (attrInt(node, 'transA', 0)) throw new Unsupported('transA = 1 (a transposed batch) has no equivalent');
  const x = denseInput(ctx, a);
  if (x.shape.length !== 2)
    throw new Unsupported(`Gemm needs a matrix input, "${a}" has rank ${x.shape.length}`);
  const w = ctx.constant(b);
  if (w.dims.length !== 2) throw new Unsupported(`its weight "${b}" is not a matrix`);
  const transB = attrInt(node, 'transB', 0) === 1;
  const [k, n] = transB ? [w.dims[1], w.dims[0]] : w.dims;
  const alpha = attrFloat(node, 'alpha', 1);
  const values = transB ? transposeValues(w.values, w.dims, [1, 0]) : w.values;
  const kernel = Array.from(values, (v) => alpha * v);
  const bias = c ? biasOf(ctx.constant(c), n, attrFloat(node, 'beta', 1)) : null;
  dense(ctx, x, kernel, k, n, bias, out(node));
}

export function matMul(ctx: ImportContext, node: NodeProto, index: number): void {
  const [a, b] = node.input ?? [];
  const wv = ctx.value(b);
  const xv = ctx.value(a);
  if (wv.kind === 'const' && xv.kind === 'data' && wv.dims.length === 2) {
    const x = denseInput(ctx, a);
    const [k, n] = wv.dims;
    // MatMul then Add of a bias vector is how many exporters write a Dense layer.
    const next = ctx.readOnlyBy(out(node), 1) ? findReader(ctx, out(node), index) : null;
    if (next && next.node.opType === 'Add') {
      const other = next.node.input?.find((i) => i !== out(node));
      const bias = other ? ctx.values.get(other) : undefined;
      if (bias?.kind === 'const' && (bias.values.length === n || bias.values.length === 1)) {
        ctx.claimed.add(next.index);
        return dense(ctx, x, Array.from(wv.values), k, n, biasOf(bias, n, 1), out(next.node));
      }
    }
    return dense(ctx, x, Array.from(wv.values), k, n, null, out(node));
  }
  // Op level: both operands as nodes (a constant becomes a Parameter).
  const ids = [a, b].map((name) => {
    const v = ctx.value(name);
    return v.kind === 'const' ? ctx.parameter(v, name) : ctx.plain(name).node;
  });
  const shapeA = xv.kind === 'data' ? xv.shape : xv.dims;
  const shapeB = wv.kind === 'data' ? wv.shape : wv.dims;
  const id = ctx.add('MatMul', {}, { a: [ids[0]], b: [ids[1]] }, out(node));
  const shape = [...shapeA.slice(0, -1), shapeB[shapeB.length - 1]];
  ctx.values.set(out(node), { kind: 'data', node: id, shape, perm: shape.map((_, i) => i) });
}

/** The first later node reading `name`, with its index. */
export function findReader(
  ctx: ImportContext,
  name: string,
  after: number,
): { node: NodeProto; index: number } | null {
  for (let i = after + 1; i < ctx.onnxNodes.length; i++)
    if (ctx.onnxNodes[i].input?.includes(name)) return { node: ctx.onnxNodes[i], index: i };
  return null;
}

/** An NCHW image input, checked; our tensor is its NHWC form. */
function imageInput(
  ctx: ImportContext,
  name: string,
): DataValue & { shape: [OnnxDim, number, number, number] } {
  const x = ctx.data(name);
  if (x.shape.length !== 4 || x.perm.join() !== NCHW_TO_NHWC.join())
    throw new Unsupported(
      `input "${name}" is not a batch of NCHW images as a 2-D convolution or pooling reads (shape [${x.shape.join(',')}])`,
    );
  if (x.shape.slice(1).some((d) => typeof d !== 'number'))
    throw new Unsupported(`input "${name}" has image sizes that are not fixed`);
  return x as DataValue & { shape: [OnnxDim, number, number, number] };
}

/** Our padding ("valid" or "same") for an ONNX window op, or why there is none. */
function padding(
  node: NodeProto,
  h: number,
  w: number,
  window: number[],
  strides: number[],
): 'valid' | 'same' {
  const auto = attrString(node, 'auto_pad', 'NOTSET');
  if (auto === 'VALID') return 'valid';
  const same = [...samePadding(h, window[0], strides[0]), ...samePadding(w, window[1], strides[1])];
  if (auto === 'SAME_UPPER') return 'same';
  if (auto === 'SAME_LOWER' && same[0] === same[1] && same[2] === same[3]) return 'same';
  const pads = attrInts(node, 'pads', [0, 0, 0, 0])!;
  if (pads.every((p) => p === 0)) return 'valid';
  // ONNX pads are [top, left, bottom, right]; tf's "same" puts the odd one after.
  if (pads.join() === [same[0], same[2], same[1], same[3]].join()) return 'same';
  throw new Unsupported(
    `its padding ${auto !== 'NOTSET' ? auto : `[${pads.join(',')}]`} is neither "valid" nor tf's "same" for a ${h}×${w} image; we would need a ZeroPadding layer`,
  );
}

/** Kernel or window size, strides and padding of an ONNX window op, checked against ours. */
function windowGeometry(node: NodeProto, x: { shape: [OnnxDim, number, number, number] }, window: number[]) {
  const strides = attrInts(node, 'strides', [1, 1])!;
  const dilations = attrInts(node, 'dilations', [1, 1])!;
  if (dilations.some((d) => d !== 1))
    throw new Unsupported(`dilations [${dilations.join(',')}] are not supported`);
  if (attrInt(node, 'ceil_mode', 0)) throw new Unsupported('ceil_mode = 1 is not supported');
  const [, , h, w] = x.shape;
  const pad = padding(node, h, w, window, strides);
  const size = (n: number, k: number, s: number) =>
    pad === 'same' ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s);
  return { strides, pad, oh: size(h, window[0], strides[0]), ow: size(w, window[1], strides[1]) };
}

export function conv(ctx: ImportContext, node: NodeProto): void {
  const [xn, wn, bn] = node.input ?? [];
  const w = ctx.constant(wn);
  if (w.dims.length === 3) return conv1d(ctx, node);
  const x = imageInput(ctx, xn);
  if (w.dims.length !== 4)
    throw new Unsupported('only 1-D and 2-D convolutions are supported (we would need Conv3D)');
  if (attrInt(node, 'group', 1) !== 1)
    throw new Unsupported('grouped (depthwise) convolution is not supported');
  const [filters, channels, kh, kw] = w.dims;
  const g = windowGeometry(node, x, [kh, kw]);
  const id = ctx.add(
    'Conv2D',
    {
      filters,
      kernelSize: [kh, kw],
      strides: g.strides,
      padding: g.pad,
      activation: 'linear',
      useBias: !!bn,
    },
    { in: [x.node] },
    out(node),
  );
  ctx.node(id).weights = {
    kernel: {
      shape: [kh, kw, channels, filters],
      values: Array.from(transposeValues(w.values, w.dims, [2, 3, 1, 0])),
    },
    ...(bn ? { bias: { shape: [filters], values: biasOf(ctx.constant(bn), filters, 1) } } : {}),
  };
  ctx.values.set(out(node), {
    kind: 'data',
    node: id,
    shape: [x.shape[0], filters, g.oh, g.ow],
    perm: NCHW_TO_NHWC,
  });
}

/** MaxPool / AveragePool → MaxPool2D / AvgPool2D. */
export function pool(op: 'MaxPool2D' | 'AvgPool2D', averages: boolean) {
  return (ctx: ImportContext, node: NodeProto): void => {
    if (node.output && node.output.length > 1 && node.output[1] && ctx.readers.get(node.output[1]))
      throw new Unsupported('its Indices output is used, which we do not compute');
    const x = imageInput(ctx, node.input?.[0] ?? '');
    const window = attrInts(node, 'kernel_shape', null);
    if (!window || window.length !== 2) throw new Unsupported('only 2-D pooling windows are supported');
    const g = windowGeometry(node, x, window);
    if (averages && g.pad === 'same' && attrInt(node, 'count_include_pad', 0))
      throw new Unsupported('count_include_pad = 1 averages over padding, which tf\'s "same" does not');
    const id = ctx.add(
      op,
      { poolSize: window, strides: g.strides, padding: g.pad },
      { in: [x.node] },
      out(node),
    );
    ctx.values.set(out(node), {
      kind: 'data',
      node: id,
      shape: [x.shape[0], x.shape[1], g.oh, g.ow],
      perm: NCHW_TO_NHWC,
    });
  };
}

/** GlobalAveragePool / GlobalMaxPool: one window covering the whole image. */
export function globalPool(op: 'MaxPool2D' | 'AvgPool2D') {
  return (ctx: ImportContext, node: NodeProto): void => {
    const x = imageInput(ctx, node.input?.[0] ?? '');
    const [, c, h, w] = x.shape;
    const id = ctx.add(
      op,
      { poolSize: [h, w], strides: [h, w], padding: 'valid' },
      { in: [x.node] },
      out(node),
    );
    ctx.values.set(out(node), { kind: 'data', node: id, shape: [x.shape[0], c, 1, 1], perm: NCHW_TO_NHWC });
  };
}

export function batchNormalization(ctx: ImportContext, node: NodeProto): void {
  const [xn, ...rest] = node.input ?? [];
  if (attrInt(node, 'training_mode', 0) || (node.output ?? []).slice(1).some((o) => o && ctx.readers.get(o)))
    throw new Unsupported(
      'training-mode batch normalization is not supported; export the model for inference',
    );
  const x = ctx.data(xn);
  // ONNX normalises axis 1; ours the last axis: they must be the same axis of the tensor.
  if (x.shape.length < 2 || x.perm[x.perm.length - 1] !== 1 || x.order)
    throw new Unsupported(`its input "${xn}" does not have its channels on our last axis`);
  const [gamma, beta, mean, variance] = rest.map((n) => ctx.constant(n));
  const id = ctx.add(
    'BatchNormalization',
    {
      epsilon: Math.max(attrFloat(node, 'epsilon', 1e-5), 1e-12),
      momentum: attrFloat(node, 'momentum', 0.9),
    },
    { in: [x.node] },
    out(node),
  );
  const w = (c: ConstValue) => ({ shape: [c.values.length], values: Array.from(c.values) });
  ctx.node(id).weights = { gamma: w(gamma), beta: w(beta), movingMean: w(mean), movingVariance: w(variance) };
  ctx.values.set(out(node), { ...x, node: id });
}

export function gather(ctx: ImportContext, node: NodeProto): void {
  const [table, indices] = node.input ?? [];
  const t = ctx.values.get(table);
  const at = ctx.values.get(indices);
  if (t?.kind === 'const' && t.dims.length === 1 && at?.kind === 'const') {
    // Picking entries of a shape (x.size(0)): folded at import.
    const n = t.values.length;
    const values = at.values.map((i) => t.values[i < 0 ? i + n : i]);
    ctx.values.set(out(node), { kind: 'const', dims: at.dims, values });
    return;
  }
  if (t?.kind !== 'const' || t.dims.length !== 2 || attrInt(node, 'axis', 0) !== 0)
    throw new Unsupported('only a lookup of rows of a constant matrix (an embedding table) is supported');
  const ids = ctx.plain(indices);
  const [rows, dim] = t.dims;
  const id = ctx.add('Embedding', { inputDim: rows, outputDim: dim }, { in: [ids.node] }, out(node));
  ctx.node(id).weights = { embeddings: { shape: [rows, dim], values: Array.from(t.values) } };
  const shape = [...ids.shape, dim];
  ctx.values.set(out(node), { kind: 'data', node: id, shape, perm: shape.map((_, i) => i) });
}

/** A 1-D convolution over NCL sequences → Conv1D over our NLC ones. */
function conv1d(ctx: ImportContext, node: NodeProto): void {
  const [xn, wn, bn] = node.input ?? [];
  const x = ctx.data(xn);
  const length = x.shape[2];
  if (x.shape.length !== 3 || x.perm.join() !== NCL_TO_NLC.join() || typeof length !== 'number')
    throw new Unsupported(`input "${xn}" is not a batch of NCL sequences as a 1-D convolution reads`);
  if (attrInt(node, 'group', 1) !== 1) throw new Unsupported('grouped convolution is not supported');
  const w = ctx.constant(wn);
  const [filters, channels, k] = w.dims;
  const stride = attrInts(node, 'strides', [1])![0];
  if ((attrInts(node, 'dilations', [1]) ?? [1])[0] !== 1)
    throw new Unsupported('dilations are not supported');
  const auto = attrString(node, 'auto_pad', 'NOTSET');
  const pads = attrInts(node, 'pads', [0, 0])!;
  const same = samePadding(length, k, stride);
  const pad =
    auto === 'SAME_UPPER' || (auto === 'NOTSET' && pads.join() === same.join() && same[1] > 0)
      ? 'same'
      : auto === 'VALID' || (auto === 'NOTSET' && pads.every((p) => p === 0))
        ? 'valid'
        : null;
  if (!pad)
    throw new Unsupported(
      `its padding [${pads.join(',')}] is neither "valid" nor tf's "same"; we would need a ZeroPadding layer`,
    );
  const id = ctx.add(
    'Conv1D',
    { filters, kernelSize: k, strides: stride, padding: pad, activation: 'linear', useBias: !!bn },
    { in: [x.node] },
    out(node),
  );
  ctx.node(id).weights = {
    kernel: {
      shape: [k, channels, filters],
      values: Array.from(transposeValues(w.values, w.dims, [2, 1, 0])),
    },
    ...(bn ? { bias: { shape: [filters], values: biasOf(ctx.constant(bn), filters, 1) } } : {}),
  };
  const outLength = pad === 'same' ? Math.ceil(length / stride) : Math.ceil((length - k + 1) / stride);
  ctx.values.set(out(node), {
    kind: 'data',
    node: id,
    shape: [x.shape[0], filters, outLength],
    perm: NCL_TO_NLC,
  });
}

/**
 * ONNX operators that become our activations and op-level nodes, or no node at all: activations
 * (folded into the layer before them when that layer applies nothing yet), arithmetic, Concat,
 * ReduceSum, and the value-arranging Flatten, Reshape, Transpose, Identity, Cast, Dropout.
 */
import type { ParamValue } from '../graph/types';
import { layerActivationOfOp } from '../ops/activations';
import { toNumber } from '../interop/onnx-codec';
import type { NodeProto } from '../interop/onnx-proto';
import { readTensor } from '../interop/onnx-tensor';
import {
  attr,
  attrFloat,
  attrInt,
  attrInts,
  identity,
  isIdentity,
  reducedPerm,
  Unsupported,
} from './onnx-context';
import type { DataValue, ImportContext, OnnxDim, Value } from './onnx-context';
import { findReader } from './onnx-layers';

const out = (node: NodeProto, i = 0) => node.output?.[i] ?? '';
const inputs = (node: NodeProto) => node.input ?? [];

/** Our activation `op` on `x` (an ONNX value), named after `name`; folded into a linear layer when possible. */
function activation(
  ctx: ImportContext,
  op: string,
  params: Record<string, number>,
  xName: string,
  name: string,
  readers = 1,
) {
  const x = ctx.data(xName);
  const source = ctx.node(x.node);
  const applied = layerActivationOfOp(op);
  const sameParams =
    applied && Object.entries(params).every(([k, v]) => Math.abs(applied.params.num(k) - v) < 1e-6);
  if (applied && sameParams && source.params.activation === 'linear' && ctx.readOnlyBy(xName, readers)) {
    source.params.activation = applied.name;
    ctx.values.set(name, { ...x });
    return;
  }
  const id = ctx.add(op, params, { in: [x.node] }, name);
  ctx.values.set(name, { ...x, node: id });
}

/** An activation operator with its parameters read from the node. */
function unary(op: string, params: (node: NodeProto) => Record<string, number> = () => ({})) {
  return (ctx: ImportContext, node: NodeProto) =>
    activation(ctx, op, params(node), inputs(node)[0], out(node));
}

export const relu = unary('ReLU');
export const tanh = unary('Tanh');
export const leakyRelu = unary('LeakyReLU', (n) => ({ alpha: attrFloat(n, 'alpha', 0.01) }));
export const elu = unary('ELU', (n) => ({ alpha: attrFloat(n, 'alpha', 1) }));

/** Sigmoid, or Swish when its only reader multiplies it with its own input (x · σ(x)). */
export function sigmoid(ctx: ImportContext, node: NodeProto, index: number): void {
  const x = inputs(node)[0];
  const next = ctx.readOnlyBy(out(node), 1) ? findReader(ctx, out(node), index) : null;
  const mulInputs = next?.node.opType === 'Mul' ? inputs(next.node) : [];
  if (mulInputs.includes(x) && mulInputs.includes(out(node))) {
    ctx.claimed.add(next!.index);
    return activation(ctx, 'Swish', {}, x, out(next!.node), 2);
  }
  activation(ctx, 'Sigmoid', {}, x, out(node));
}

export function softmax(ctx: ImportContext, node: NodeProto): void {
  const x = ctx.data(inputs(node)[0]);
  const rank = x.shape.length;
  const raw = attrInt(node, 'axis', ctx.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  // Before opset 13 Softmax flattened the axes from `axis` on; that is ours only for the last axis.
  if (x.perm[rank - 1] !== axis || x.order || (ctx.opset < 13 && axis !== rank - 1))
    throw new Unsupported(`softmax over axis ${raw} is not over our last axis`);
  activation(ctx, 'Softmax', {}, inputs(node)[0], out(node));
}

/** The value passes through unchanged: no node (Identity, Cast, inference Dropout…). */
export function alias(ctx: ImportContext, node: NodeProto): void {
  ctx.values.set(out(node), ctx.value(inputs(node)[0]));
}

export function dropout(ctx: ImportContext, node: NodeProto): void {
  if (out(node, 1) && ctx.readers.get(out(node, 1))) throw new Unsupported('its mask output is used');
  const ratio = inputs(node)[1] ? ctx.constant(inputs(node)[1]).values[0] : attrFloat(node, 'ratio', 0.5);
  const x = ctx.data(inputs(node)[0]);
  const id = ctx.add('Dropout', { rate: Math.min(Math.max(ratio, 0), 0.99) }, { in: [x.node] }, out(node));
  ctx.values.set(out(node), { ...x, node: id });
}

export function constant(ctx: ImportContext, node: NodeProto): void {
  const value = attr(node, 'value');
  const single = attr(node, 'value_float') ?? attr(node, 'value_int');
  const list = attr(node, 'value_floats') ?? attr(node, 'value_ints');
  if (value?.t) {
    const t = readTensor(value.t);
    if ('error' in t) throw new Unsupported(`its value ${t.error}`);
    ctx.values.set(out(node), { kind: 'const', dims: t.dims, values: t.values });
  } else if (single) {
    const v = single.i !== undefined ? toNumber(single.i) : (single.f ?? 0);
    ctx.values.set(out(node), { kind: 'const', dims: [], values: Float64Array.of(v) });
  } else if (list) {
    const vs = (list.ints?.map(toNumber) ?? list.floats ?? []).map(Number);
    ctx.values.set(out(node), { kind: 'const', dims: [vs.length], values: Float64Array.from(vs) });
  } else throw new Unsupported('only tensor and number constants are supported');
}

/** A constant operand in our layout for data `x`: broadcast to x's rank and transposed like it. */
function constNode(ctx: ImportContext, name: string, x: DataValue, scale = 1): string {
  const c = ctx.constant(name);
  let dims = c.dims;
  let values: ArrayLike<number> = c.values;
  if (!isIdentity(x.perm)) {
    dims = [...new Array<number>(x.shape.length - dims.length).fill(1), ...dims];
    const permuted = x.perm.map((p) => dims[p]);
    const size = values.length;
    const src = Float64Array.from(values);
    const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
    const outValues = new Float64Array(size);
    const index = new Array<number>(dims.length).fill(0);
    for (let k = 0; k < size; k++) {
      outValues[k] = src[x.perm.reduce((acc, p, i) => acc + index[i] * strides[p], 0)];
      for (let i = permuted.length - 1; i >= 0 && ++index[i] >= permuted[i]; i--) index[i] = 0;
    }
    dims = permuted;
    values = outValues;
  }
  return ctx.parameter({ kind: 'const', dims, values: Float64Array.from(values, (v) => v * scale) }, name);
}

/** NumPy broadcasting of an ONNX data shape with another shape. */
function broadcast(a: OnnxDim[], b: OnnxDim[]): OnnxDim[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    return x === 1 ? y : x;
  });
}

/** Add / Sub / Mul / Div with a data operand (Div and Sub only by a constant, or data − data). */
export function arithmetic(kind: 'Add' | 'Sub' | 'Mul' | 'Div') {
  return (ctx: ImportContext, node: NodeProto): void => {
    const [an, bn] = inputs(node);
    const [a, b] = [ctx.value(an), ctx.value(bn)];
    if (kind === 'Mul' && an === bn && a.kind === 'data') {
      const id = ctx.add('Square', {}, { in: [a.node] }, out(node));
      return void ctx.values.set(out(node), { ...a, node: id });
    }
    const data = (a.kind === 'data' ? a : b) as DataValue;
    if (data.kind !== 'data')
      throw new Unsupported('both operands are constants (fold them before exporting)');
    if (data.order)
      throw new Unsupported('it reads a flattened NCHW image elementwise; we would need a Transpose op');
    const other: Value = data === a ? b : a;
    const otherName = data === a ? bn : an;
    const op = kind === 'Mul' || kind === 'Div' ? 'Multiply' : 'Add';
    let otherId: string;
    if (other.kind === 'const') {
      if ((kind === 'Sub' || kind === 'Div') && data !== a)
        throw new Unsupported(
          `${kind} of a constant by data is not supported; we would need a ${kind === 'Sub' ? 'Subtract' : 'Divide'} op`,
        );
      const scale = kind === 'Sub' ? -1 : 1;
      otherId =
        kind === 'Div'
          ? ctx.parameter(
              { ...ctx.constant(otherName), values: ctx.constant(otherName).values.map((v) => 1 / v) },
              otherName,
            )
          : constNode(ctx, otherName, data, scale);
      if (kind === 'Div' && !isIdentity(data.perm))
        throw new Unsupported('division of an NCHW image is not supported');
    } else {
      if (kind === 'Div')
        throw new Unsupported('division of data by data is not supported; we would need a Divide op');
      if (other.perm.join() !== data.perm.join() || other.order)
        throw new Unsupported(
          'its operands have different layouts (NCHW and not); we would need a Transpose op',
        );
      otherId = other.node;
      if (kind === 'Sub') {
        const minus = ctx.add('Constant', { shape: [], values: [-1] }, {}, `${out(node)}_minus_one`);
        otherId = ctx.add('Multiply', {}, { a: [other.node], b: [minus] }, `${out(node)}_negated`);
      }
    }
    const shape = broadcast(data.shape, other.kind === 'data' ? other.shape : other.dims);
    const [first, second] = data === a ? [data.node, otherId] : [otherId, data.node];
    const id = ctx.add(op, {}, { a: [first], b: [second] }, out(node));
    ctx.values.set(out(node), {
      kind: 'data',
      node: id,
      shape,
      perm: data.perm.length === shape.length ? data.perm : identity(shape.length),
    });
  };
}

export function pow(ctx: ImportContext, node: NodeProto): void {
  const e = ctx.constant(inputs(node)[1]);
  if (e.values.length !== 1 || e.values[0] !== 2)
    throw new Unsupported('only the power 2 (Square) is supported');
  const x = ctx.data(inputs(node)[0]);
  const id = ctx.add('Square', {}, { in: [x.node] }, out(node));
  ctx.values.set(out(node), { ...x, node: id });
}

/** Flattening `x` (any layout) to [N, F]; a permuted image records its feature order. */
function flatten(
  ctx: ImportContext,
  x: DataValue,
  name: string,
  op: string,
  params: Record<string, ParamValue>,
) {
  const dims = x.shape.slice(1).map((d) => {
    if (typeof d !== 'number') throw new Unsupported('only the batch dimension may vary');
    return d;
  });
  const size = dims.reduce((a, b) => a * b, 1);
  if (size > 1 << 24)
    throw new Unsupported(`it flattens ${size} values per example, more than a graph holds`);
  let order: number[] | undefined = x.order;
  if (!isIdentity(x.perm)) {
    // Our flat index enumerates our (permuted) axes; find the ONNX flat index of each.
    const onnxDims = x.shape.slice(1) as number[];
    const strides = onnxDims.map((_, i) => onnxDims.slice(i + 1).reduce((a, b) => a * b, 1));
    const ours = x.perm.slice(1).map((p) => p - 1);
    const ourDims = ours.map((p) => onnxDims[p]);
    order = [];
    const index = new Array<number>(ours.length).fill(0);
    for (let k = 0; k < size; k++) {
      order.push(ours.reduce((acc, p, i) => acc + index[i] * strides[p], 0));
      for (let i = ourDims.length - 1; i >= 0 && ++index[i] >= ourDims[i]; i--) index[i] = 0;
    }
  }
  const id = x.shape.length === 2 ? x.node : ctx.add(op, params, { in: [x.node] }, name);
  ctx.values.set(name, {
    kind: 'data',
    node: id,
    shape: [x.shape[0], size],
    perm: [0, 1],
    ...(order ? { order } : {}),
  });
}

export function flattenOp(ctx: ImportContext, node: NodeProto): void {
  if (attrInt(node, 'axis', 1) !== 1)
    throw new Unsupported('only Flatten with axis 1 (keep the batch) is supported');
  flatten(ctx, ctx.data(inputs(node)[0]), out(node), 'Flatten', {});
}

export function reshape(ctx: ImportContext, node: NodeProto): void {
  const x = ctx.data(inputs(node)[0]);
  const target = Array.from(ctx.constant(inputs(node)[1]).values);
  // NaN is the batch size read from a Shape (PyTorch's x.view(x.size(0), -1)).
  const dims = target.map((d, i) =>
    Number.isNaN(d) ? 'N' : d === 0 && !attrInt(node, 'allowzero', 0) ? x.shape[i] : d,
  );
  if (!(dims[0] === 'N' || dims[0] === -1))
    throw new Unsupported(
      `it reshapes to [${target.join(',')}], which does not keep the batch first (0 or −1)`,
    );
  const rest = dims.slice(1) as number[];
  if (dims[0] === -1 && rest.includes(-1))
    throw new Unsupported('two sizes to infer (the batch and another)');
  if (
    rest.length === 1 &&
    (rest[0] === -1 || rest[0] === x.shape.slice(1).reduce<number>((a, d) => a * (d as number), 1))
  )
    return flatten(ctx, x, out(node), 'Reshape', { shape: [-1] });
  if (!isIdentity(x.perm) || x.order)
    throw new Unsupported(
      'it reshapes an NCHW image to something other than [N, features]; we would need a Transpose op',
    );
  const id = ctx.add('Reshape', { shape: rest }, { in: [x.node] }, out(node));
  const size = x.shape.slice(1).reduce<number>((a, d) => a * (d as number), 1);
  const known = rest.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const shape: OnnxDim[] = ['N', ...rest.map((d) => (d === -1 ? size / known : d))];
  ctx.values.set(out(node), { kind: 'data', node: id, shape, perm: identity(shape.length) });
}

export function transpose(ctx: ImportContext, node: NodeProto): void {
  const x = ctx.data(inputs(node)[0]);
  if (x.order) throw new Unsupported('it transposes a flattened NCHW image; we would need a Transpose op');
  const rank = x.shape.length;
  const p = attrInts(node, 'perm', null) ?? identity(rank).reverse();
  if (p[0] !== 0)
    throw new Unsupported(`perm [${p.join(',')}] moves the batch axis; we would need a Transpose op`);
  const inverse = new Array<number>(rank);
  p.forEach((axis, i) => (inverse[axis] = i));
  // No node: our tensor stays as it is; only how it relates to ONNX's changes.
  ctx.values.set(out(node), { ...x, shape: p.map((a) => x.shape[a]), perm: x.perm.map((q) => inverse[q]) });
}

export function concat(ctx: ImportContext, node: NodeProto): void {
  if (concatConstants(ctx, node)) return;
  const values = inputs(node).map((n) => ctx.data(n));
  const first = values[0];
  if (values.some((v) => v.perm.join() !== first.perm.join() || v.order))
    throw new Unsupported('its inputs have different layouts; we would need a Transpose op');
  const rank = first.shape.length;
  const raw = attrInt(node, 'axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  const id = ctx.add(
    'Concat',
    { axis: first.perm.indexOf(axis) },
    { inputs: values.map((v) => v.node) },
    out(node),
  );
  const shape = first.shape.map((d, i) =>
    i === axis ? values.reduce((acc, v) => acc + (v.shape[i] as number), 0) : d,
  );
  ctx.values.set(out(node), { ...first, node: id, shape });
}

/** The axes of a Reduce* node (an input from opset 13/18, an attribute before), made non-negative. */
function reduceAxes(ctx: ImportContext, node: NodeProto, rank: number): number[] | null {
  const given = inputs(node)[1]
    ? Array.from(ctx.constant(inputs(node)[1]).values)
    : attrInts(node, 'axes', []);
  if (!given?.length) return attrInt(node, 'noop_with_empty_axes', 0) ? null : identity(rank);
  return given.map((a) => (a < 0 ? a + rank : a));
}

/** ReduceSum / ReduceMean over ONNX axes → our `op` over the same axes of our tensor. */
function reduce(ctx: ImportContext, node: NodeProto, op: string, layer: string | null): void {
  const x = ctx.data(inputs(node)[0]);
  if (x.order) throw new Unsupported('it reduces a flattened NCHW image; we would need a Transpose op');
  const rank = x.shape.length;
  const keep = attrInt(node, 'keepdims', 1) === 1;
  const axes = reduceAxes(ctx, node, rank);
  if (!axes) return alias(ctx, node);
  const ours = axes.map((a) => x.perm.indexOf(a)).sort((a, b) => a - b);
  // Averaging or maxing a sequence [N, L, C] over its positions is a global pooling layer.
  const pooled = layer && rank === 3 && !keep && ours.join() === '1';
  if (!pooled && !op)
    throw new Unsupported(
      'only the maximum over the positions of a sequence [N, L, C] is supported; we would need a Max op',
    );
  const id = pooled
    ? ctx.add(layer, {}, { in: [x.node] }, out(node))
    : ctx.add(op, { axes: ours, keepDims: keep }, { in: [x.node] }, out(node));
  const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  ctx.values.set(out(node), {
    kind: 'data',
    node: id,
    shape,
    perm: keep ? x.perm : reducedPerm(x.perm, axes),
  });
}

export const reduceSum = (ctx: ImportContext, node: NodeProto) => reduce(ctx, node, 'Sum', null);
export const reduceMean = (ctx: ImportContext, node: NodeProto) =>
  reduce(ctx, node, 'Mean', 'GlobalAvgPool1D');
export const reduceMax = (ctx: ImportContext, node: NodeProto) => reduce(ctx, node, '', 'GlobalMaxPool1D');

/** Shape of a data value, as a constant (the batch size as NaN). */
export function shape(ctx: ImportContext, node: NodeProto): void {
  const x = ctx.value(inputs(node)[0]);
  const dims = x.kind === 'data' ? x.shape : x.dims;
  const values = Float64Array.from(dims, (d) => (d === 'N' ? NaN : d));
  ctx.values.set(out(node), { kind: 'const', dims: [dims.length], values });
}

/** Unsqueeze of a constant (shape arithmetic): size-1 axes inserted. */
export function unsqueeze(ctx: ImportContext, node: NodeProto): void {
  const c = ctx.values.get(inputs(node)[0]);
  if (c?.kind !== 'const')
    throw new Unsupported('only constants (shapes) can be unsqueezed; we would need a Reshape');
  const given = inputs(node)[1]
    ? Array.from(ctx.constant(inputs(node)[1]).values)
    : attrInts(node, 'axes', [])!;
  const rank = c.dims.length + given.length;
  const axes = given.map((a) => (a < 0 ? a + rank : a));
  const dims: number[] = [];
  for (let i = 0, j = 0; i < rank; i++) dims.push(axes.includes(i) ? 1 : c.dims[j++]);
  ctx.values.set(out(node), { ...c, dims });
}

/** Concat of 1-D constants (building a shape). */
export function concatConstants(ctx: ImportContext, node: NodeProto): boolean {
  const values = inputs(node).map((n) => ctx.values.get(n));
  if (!values.every((v) => v?.kind === 'const' && v.dims.length <= 1)) return false;
  const all = values.flatMap((v) => Array.from((v as { values: Float64Array }).values));
  ctx.values.set(out(node), { kind: 'const', dims: [all.length], values: Float64Array.from(all) });
  return true;
}

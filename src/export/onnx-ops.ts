/**
 * How each op is written as ONNX operators (opset 17). Our images are NHWC and ONNX's Conv and
 * pooling are NCHW, so image layers work between a Transpose in and a Transpose out, which the
 * builder shares between consecutive image layers. Ops missing here cannot be exported.
 */
import type { WeightTensor } from '../graph/types';
import { outputActivation } from '../ops/activations';
import { pair, samePadding } from '../ops/conv';
import type { OpSpec, Params } from '../ops/spec';
import type { Shape } from '../shapes/shape';
import { transposeValues } from '../interop/onnx-tensor';
import { float, int, ints } from './onnx-builder';
import type { OnnxBuilder } from './onnx-builder';

/** What an op's writer gets: the builder, the node and the ONNX names of its inputs. */
export interface EmitContext {
  b: OnnxBuilder;
  /** Node id; the name the node's output value should get. */
  id: string;
  spec: OpSpec;
  params: Params;
  /** ONNX value names feeding each port. */
  inputs: Record<string, string[]>;
  /** Our shapes of those values. */
  inShapes: Record<string, Shape[]>;
  /** Our shape of the output. */
  outShape: Shape;
  /** The node's weights by name. */
  weights: Record<string, WeightTensor>;
}

/** Writes one node; returns the ONNX value that holds its output. */
type Emitter = (ctx: EmitContext) => string;

/** Applies an activation (its op, its params) to `x`, naming the result `out`; `axis` is softmax's. */
type ActivationEmitter = (b: OnnxBuilder, x: string, out: string, params: Params, axis: number) => string;

const simple =
  (opType: string): ActivationEmitter =>
  (b, x, out) =>
    b.node(opType, [x], out);

const ACTIVATIONS: Record<string, ActivationEmitter> = {
  Sigmoid: simple('Sigmoid'),
  Tanh: simple('Tanh'),
  ReLU: simple('Relu'),
  LeakyReLU: (b, x, out, p) => b.node('LeakyRelu', [x], out, { alpha: float(p.num('alpha')) }),
  ELU: (b, x, out, p) => b.node('Elu', [x], out, { alpha: float(p.num('alpha')) }),
  // Swish has no ONNX operator before opset 24: x · σ(x).
  Swish: (b, x, out) => b.node('Mul', [x, b.node('Sigmoid', [x], b.fresh(`${out}/sigmoid`), {}, out)], out),
  Softmax: (b, x, out, _p, axis) => b.node('Softmax', [x], out, { axis: int(axis) }),
  Linear: simple('Identity'),
};

/** The activation a layer applies (none for linear), or why ONNX cannot express it. */
function layerActivation(spec: OpSpec, params: Params) {
  const applied = outputActivation(spec, params);
  if (!applied || applied.identity) return null;
  return applied;
}

/** `x·W + b` (then the activation) for a layer, the activation applied at `axis`. */
function withActivation(ctx: EmitContext, pre: (out: string) => string, axis = -1): string {
  const act = layerActivation(ctx.spec, ctx.params);
  if (!act) return pre(ctx.id);
  const s = pre(ctx.b.fresh(`${ctx.id}/linear`));
  return ACTIVATIONS[act.spec.op](ctx.b, s, ctx.id, act.params, axis);
}

const weight = (ctx: EmitContext, name: string) => ctx.weights[name];

/** Padding [top, left, bottom, right] of an ONNX Conv/pool reproducing tf's "valid"/"same". */
function pads(
  inShape: Shape,
  window: [number, number],
  strides: [number, number],
  padding: string,
): number[] {
  if (padding !== 'same') return [0, 0, 0, 0];
  const [top, bottom] = samePadding(inShape[1] as number, window[0], strides[0]);
  const [left, right] = samePadding(inShape[2] as number, window[1], strides[1]);
  return [top, left, bottom, right];
}

/** Conv or pooling between a Transpose to NCHW and one back; `inner` writes the NCHW op. */
function imageOp(ctx: EmitContext, inner: (x: string, out: string) => string): string {
  const { b, id } = ctx;
  const x = b.toNchw(ctx.inputs.in[0], id);
  const y = inner(x, b.fresh(`${id}/nchw_out`));
  return b.fromNchw(y, id, id);
}

function pooling(opType: string, extra: Record<string, ReturnType<typeof int>>): Emitter {
  return (ctx) => {
    const window = pair(ctx.params.ints('poolSize'));
    const strides = pair(ctx.params.optionalInts('strides') ?? ctx.params.ints('poolSize'));
    const p = pads(ctx.inShapes.in[0], window, strides, ctx.params.str('padding'));
    return imageOp(ctx, (x, out) =>
      ctx.b.node(
        opType,
        [x],
        out,
        { kernel_shape: ints(window), strides: ints(strides), pads: ints(p), ...extra },
        ctx.id,
      ),
    );
  };
}

const EMITTERS: Record<string, Emitter> = {
  Dense: (ctx) => {
    const { b, id } = ctx;
    const kernel = weight(ctx, 'kernel');
    const bias = weight(ctx, 'bias');
    const x = ctx.inputs.in[0];
    const w = b.floats(`${id}/kernel`, kernel.shape, kernel.values);
    const bName = bias ? b.floats(`${id}/bias`, bias.shape, bias.values) : null;
    return withActivation(ctx, (out) => {
      // Gemm is the usual ONNX form of a fully connected layer; it takes matrices only.
      if (ctx.inShapes.in[0].length === 2) return b.node('Gemm', bName ? [x, w, bName] : [x, w], out, {}, id);
      if (!bName) return b.node('MatMul', [x, w], out, {}, id);
      return b.node('Add', [b.node('MatMul', [x, w], b.fresh(`${id}/matmul`), {}, id), bName], out, {}, id);
    });
  },
  Conv2D: (ctx) => {
    const { b, id, params } = ctx;
    const kernel = weight(ctx, 'kernel');
    const bias = weight(ctx, 'bias');
    // Our kernel is [kh, kw, in, out]; ONNX's is [out, in, kh, kw].
    const w = b.floats(
      `${id}/kernel`,
      [kernel.shape[3], kernel.shape[2], kernel.shape[0], kernel.shape[1]],
      transposeValues(kernel.values, kernel.shape, [3, 2, 0, 1]),
    );
    const bName = bias ? b.floats(`${id}/bias`, bias.shape, bias.values) : null;
    const window = pair(params.ints('kernelSize'));
    const strides = pair(params.ints('strides'));
    const p = pads(ctx.inShapes.in[0], window, strides, params.str('padding'));
    const x = b.toNchw(ctx.inputs.in[0], id);
    const conv = b.node(
      'Conv',
      bName ? [x, w, bName] : [x, w],
      b.fresh(`${id}/conv`),
      { kernel_shape: ints(window), strides: ints(strides), pads: ints(p) },
      id,
    );
    // Elementwise activations commute with the transpose; softmax runs over the channels (axis 1).
    const act = layerActivation(ctx.spec, params);
    const y = act ? ACTIVATIONS[act.spec.op](b, conv, b.fresh(`${id}/act`), act.params, 1) : conv;
    return b.fromNchw(y, id, id);
  },
  Conv1D: (ctx) => {
    const { b, id, params } = ctx;
    const kernel = weight(ctx, 'kernel');
    const bias = weight(ctx, 'bias');
    // Our kernel is [k, in, out]; ONNX's is [out, in, k]; sequences go NLC → NCL → NLC.
    const [k, cin, cout] = kernel.shape;
    const w = b.floats(
      `${id}/kernel`,
      [cout, cin, k],
      transposeValues(kernel.values, kernel.shape, [2, 1, 0]),
    );
    const bName = bias ? b.floats(`${id}/bias`, bias.shape, bias.values) : null;
    const stride = params.int('strides');
    const length = ctx.inShapes.in[0][1] as number;
    const p = params.str('padding') === 'same' ? samePadding(length, k, stride) : [0, 0];
    const x = b.toNchw(ctx.inputs.in[0], id, 3);
    const conv = b.node(
      'Conv',
      bName ? [x, w, bName] : [x, w],
      b.fresh(`${id}/conv`),
      { kernel_shape: ints([k]), strides: ints([stride]), pads: ints(p) },
      id,
    );
    const act = layerActivation(ctx.spec, params);
    const y = act ? ACTIVATIONS[act.spec.op](b, conv, b.fresh(`${id}/act`), act.params, 1) : conv;
    return b.fromNchw(y, id, id, 3);
  },
  // Opset 17's ReduceMax/ReduceMean take their axes as an attribute (an input from opset 18).
  GlobalMaxPool1D: (ctx) =>
    ctx.b.node('ReduceMax', [ctx.inputs.in[0]], ctx.id, { axes: ints([1]), keepdims: int(0) }),
  GlobalAvgPool1D: (ctx) =>
    ctx.b.node('ReduceMean', [ctx.inputs.in[0]], ctx.id, { axes: ints([1]), keepdims: int(0) }),
  Mean: (ctx) =>
    ctx.b.node('ReduceMean', [ctx.inputs.in[0]], ctx.id, {
      axes: ints(ctx.params.ints('axes')),
      keepdims: int(ctx.params.bool('keepDims') ? 1 : 0),
    }),
  MaxPool2D: pooling('MaxPool', {}),
  // tf averages "same" border windows over the pixels that exist: padding is not counted.
  AvgPool2D: pooling('AveragePool', { count_include_pad: int(0) }),
  Flatten: (ctx) => ctx.b.node('Flatten', [ctx.inputs.in[0]], ctx.id, { axis: int(1) }),
  Reshape: (ctx) => {
    const shape = ctx.b.int64s(
      `${ctx.id}/shape`,
      [ctx.outShape.length],
      [-1, ...(ctx.outShape.slice(1) as number[])],
    );
    return ctx.b.node('Reshape', [ctx.inputs.in[0], shape], ctx.id);
  },
  Dropout: (ctx) => {
    // Identity at inference; the ratio is kept so the model still says what it was trained with.
    const ratio = ctx.b.floats(`${ctx.id}/ratio`, [], [ctx.params.num('rate')]);
    return ctx.b.node('Dropout', [ctx.inputs.in[0], ratio], ctx.id);
  },
  BatchNormalization: (ctx) => {
    const { b, id } = ctx;
    const names = ['gamma', 'beta', 'movingMean', 'movingVariance'].map((n) => {
      const w = weight(ctx, n);
      return b.floats(`${id}/${n}`, w.shape, w.values);
    });
    const rank = ctx.inShapes.in[0].length;
    const attrs = { epsilon: float(ctx.params.num('epsilon')), momentum: float(ctx.params.num('momentum')) };
    if (rank === 2) return b.node('BatchNormalization', [ctx.inputs.in[0], ...names], id, attrs);
    // ONNX normalises axis 1: channels go second and back, sharing the transposes of a conv before.
    const x = b.toNchw(ctx.inputs.in[0], id, rank);
    const y = b.node('BatchNormalization', [x, ...names], b.fresh(`${id}/bn`), attrs, id);
    return b.fromNchw(y, id, id, rank);
  },
  Embedding: (ctx) => {
    const { b, id } = ctx;
    const table = weight(ctx, 'embeddings');
    const t = b.floats(`${id}/embeddings`, table.shape, table.values);
    // Our ids arrive as float32 numbers; ONNX Gather indexes with integers.
    const index = b.node('Cast', [ctx.inputs.in[0]], b.fresh(`${id}/ids`), { to: int(7) }, id);
    return b.node('Gather', [t, index], id, { axis: int(0) });
  },
  Parameter: (ctx) => {
    const w = weight(ctx, 'value');
    return ctx.b.floats(ctx.id, w.shape, w.values);
  },
  Constant: (ctx) => {
    const shape = ctx.params.ints('shape');
    const size = shape.reduce((a, c) => a * c, 1);
    const values = ctx.params.floats('values');
    return ctx.b.floats(
      ctx.id,
      shape,
      values.length === 1 ? new Array<number>(size).fill(values[0]) : values,
    );
  },
  MatMul: (ctx) => ctx.b.node('MatMul', [ctx.inputs.a[0], ctx.inputs.b[0]], ctx.id),
  Add: (ctx) => ctx.b.node('Add', [ctx.inputs.a[0], ctx.inputs.b[0]], ctx.id),
  Multiply: (ctx) => ctx.b.node('Mul', [ctx.inputs.a[0], ctx.inputs.b[0]], ctx.id),
  Square: (ctx) => ctx.b.node('Mul', [ctx.inputs.in[0], ctx.inputs.in[0]], ctx.id),
  Concat: (ctx) => ctx.b.node('Concat', ctx.inputs.inputs, ctx.id, { axis: int(ctx.params.int('axis')) }),
  Sum: (ctx) => {
    const axes = ctx.params.optionalInts('axes');
    const keepdims = { keepdims: int(ctx.params.bool('keepDims') ? 1 : 0) };
    // Opset 13+ takes the axes as an input; none means every axis.
    const inputs = [ctx.inputs.in[0]];
    if (axes && axes.length) inputs.push(ctx.b.int64s(`${ctx.id}/axes`, [axes.length], axes));
    return ctx.b.node('ReduceSum', inputs, ctx.id, keepdims);
  },
};

// Activation ops standing alone: softmax over the last axis, as tf.softmax.
for (const [op, emit] of Object.entries(ACTIVATIONS))
  EMITTERS[op] = (ctx) => emit(ctx.b, ctx.inputs.in[0], ctx.id, ctx.params, -1);

/** Why a node cannot be written as ONNX, or null when it can. */
export function unsupportedReason(spec: OpSpec, params: Params): string | null {
  if (!Object.hasOwn(EMITTERS, spec.op)) return `${spec.title} has no ONNX equivalent in this exporter`;
  const act = layerActivation(spec, params);
  if (act && !Object.hasOwn(ACTIVATIONS, act.spec.op))
    return `its activation ${act.name} has no ONNX equivalent in this exporter`;
  return null;
}

/** Writes one node (checked with {@link unsupportedReason} first). */
export function emitNode(ctx: EmitContext): string {
  return EMITTERS[ctx.spec.op](ctx);
}

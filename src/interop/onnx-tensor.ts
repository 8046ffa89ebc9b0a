/** ONNX `TensorProto` ↔ plain numbers: writing initializers, reading weights and constants back. */
import { toNumber } from './onnx-codec';
import { DataType } from './onnx-proto';
import type { TensorProto } from './onnx-proto';

/** A float32 tensor with its values as little-endian raw bytes (the compact, usual encoding). */
export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  const data = Float32Array.from(values);
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return { name, dims, dataType: DataType.FLOAT, rawData: bytes };
}

/** An int64 tensor (shapes, axes, indices). */
export function int64Tensor(name: string, dims: number[], values: number[]): TensorProto {
  return { name, dims, dataType: DataType.INT64, int64Data: values };
}

/** A tensor read back: its shape and values, or why it cannot be read. */
export type TensorValues = { dims: number[]; values: Float64Array } | { error: string };

/** Values of a tensor of elements this app can use (float, double, int32, int64). */
export function readTensor(t: TensorProto): TensorValues {
  const dims = (t.dims ?? []).map(toNumber);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0))
    return { error: `has an invalid shape [${dims.join(',')}]` };
  const size = dims.reduce((a, b) => a * b, 1);
  if (t.dataLocation === 1) return { error: 'keeps its values in an external file, which is not supported' };
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  const width: Record<number, number> = {
    [DataType.FLOAT]: 4,
    [DataType.INT32]: 4,
    [DataType.INT64]: 8,
    [DataType.DOUBLE]: 8,
  };
  const type = t.dataType ?? 0;
  if (!width[type]) return { error: `has element type ${type}, not float, double, int32 or int64` };
  if (view && view.byteLength !== size * width[type])
    return { error: `holds ${view.byteLength} bytes, not the ${size * width[type]} its shape needs` };
  const out = new Float64Array(size);
  if (view) {
    for (let i = 0; i < size; i++)
      out[i] =
        type === DataType.FLOAT
          ? view.getFloat32(i * 4, true)
          : type === DataType.INT32
            ? view.getInt32(i * 4, true)
            : type === DataType.DOUBLE
              ? view.getFloat64(i * 8, true)
              : Number(view.getBigInt64(i * 8, true));
    return { dims, values: out };
  }
  const list: unknown[] =
    type === DataType.FLOAT
      ? (t.floatData ?? [])
      : type === DataType.INT32
        ? (t.int32Data ?? [])
        : type === DataType.DOUBLE
          ? (t.doubleData ?? [])
          : (t.int64Data ?? []);
  if (list.length !== size) return { error: `holds ${list.length} values, not the ${size} of its shape` };
  for (let i = 0; i < size; i++) out[i] = toNumber(list[i]);
  return { dims, values: out };
}

/** Values of a row-major tensor of `shape` with its axes permuted by `perm` (as numpy.transpose). */
export function transposeValues(values: ArrayLike<number>, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(values.length);
  const index = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let src = 0;
    for (let i = 0; i < perm.length; i++) src += index[i] * strides[perm[i]];
    out[k] = values[src];
    for (let i = outShape.length - 1; i >= 0; i--) {
      if (++index[i] < outShape[i]) break;
      index[i] = 0;
    }
  }
  return out;
}

/**
 * Encoding and decoding ONNX messages by walking their protobufjs reflection with protobufjs's
 * Writer and Reader. protobufjs's own `Type.encode`/`decode` generate code with `new Function`,
 * which the editor's Content-Security-Policy forbids (no 'unsafe-eval'); this walk needs no code
 * generation, and it bounds nesting depth so a hostile file cannot exhaust the stack.
 */
import protobuf from 'protobufjs/light.js';
import { onnxType } from './onnx-proto';
import type { ModelProto } from './onnx-proto';

type Obj = Record<string, unknown>;

/** Wire type of each scalar protobuf type. */
const WIRE: Record<string, number> = {
  int32: 0,
  int64: 0,
  uint32: 0,
  uint64: 0,
  sint32: 0,
  sint64: 0,
  bool: 0,
  double: 1,
  fixed64: 1,
  sfixed64: 1,
  float: 5,
  fixed32: 5,
  sfixed32: 5,
  string: 2,
  bytes: 2,
};

/** Nesting deeper than this (graphs inside attributes inside graphs…) is refused. */
const MAX_DEPTH = 32;

type ScalarWriter = (w: protobuf.Writer, v: unknown) => void;
const writeScalar = (type: string): ScalarWriter => {
  const method = (protobuf.Writer.prototype as unknown as Record<string, (v: unknown) => unknown>)[type];
  return (w, v) => method.call(w, v);
};

function encodeInto(type: protobuf.Type, message: Obj, w: protobuf.Writer): void {
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    if (value === undefined || value === null) continue;
    const sub = field.resolvedType;
    const values = field.repeated ? (value as unknown[]) : [value];
    if (sub instanceof protobuf.Type) {
      for (const v of values) {
        w.uint32((field.id << 3) | 2).fork();
        encodeInto(sub, v as Obj, w);
        w.ldelim();
      }
      continue;
    }
    const wire = WIRE[field.type];
    const write = writeScalar(field.type);
    if (field.repeated && wire !== 2) {
      // Numeric repeated fields are packed (proto3's default; ONNX declares them packed).
      if (values.length === 0) continue;
      w.uint32((field.id << 3) | 2).fork();
      for (const v of values) write(w, v);
      w.ldelim();
      continue;
    }
    for (const v of values) {
      w.uint32((field.id << 3) | wire);
      write(w, v);
    }
  }
}

/** Encodes an ONNX model. */
export function encodeModel(model: ModelProto): Uint8Array {
  const w = protobuf.Writer.create();
  encodeInto(onnxType('ModelProto'), model as Obj, w);
  return w.finish();
}

function readScalar(r: protobuf.Reader, type: string): unknown {
  return (r as unknown as Record<string, () => unknown>)[type].call(r);
}

function decodeFrom(type: protobuf.Type, r: protobuf.Reader, end: number, depth: number): Obj {
  if (depth > MAX_DEPTH) throw new RangeError(`messages nested deeper than ${MAX_DEPTH} levels`);
  const out: Obj = {};
  while (r.pos < end) {
    const tag = r.uint32();
    const field = type.fieldsById[tag >>> 3];
    const wire = tag & 7;
    if (!field) {
      r.skipType(wire);
      continue;
    }
    const sub = field.resolvedType;
    let values: unknown[];
    if (sub instanceof protobuf.Type) {
      if (wire !== 2) throw new RangeError(`field ${type.name}.${field.name} has wire type ${wire}`);
      const length = r.uint32();
      if (r.pos + length > end)
        throw new RangeError(`field ${type.name}.${field.name} runs past its message`);
      values = [decodeFrom(sub, r, r.pos + length, depth + 1)];
    } else if (field.repeated && wire === 2 && WIRE[field.type] !== 2) {
      const length = r.uint32();
      const stop = r.pos + length;
      if (stop > end) throw new RangeError(`field ${type.name}.${field.name} runs past its message`);
      values = [];
      while (r.pos < stop) values.push(readScalar(r, field.type));
    } else {
      if (wire !== WIRE[field.type])
        throw new RangeError(`field ${type.name}.${field.name} has wire type ${wire}`);
      values = [readScalar(r, field.type)];
    }
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(...values);
    else out[field.name] = values[0];
  }
  if (r.pos !== end) throw new RangeError(`a ${type.name} message runs past its end`);
  return out;
}

/**
 * Decodes an ONNX model. Throws (RangeError or Error) on truncated or malformed bytes; callers
 * turn that into a message.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const r = protobuf.Reader.create(bytes);
  return decodeFrom(onnxType('ModelProto'), r, bytes.length, 0) as ModelProto;
}

/** A protobuf int64 as a JS number (the sizes and ids in a model fit in 2^53). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function')
    return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

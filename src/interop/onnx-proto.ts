/**
 * The ONNX file format's messages (the subset this app reads and writes), declared as a protobufjs
 * reflection descriptor with the field numbers of the ONNX specification (`onnx/onnx.proto`, IR
 * version 8+). Fields left out here are skipped when reading and never written. Field names are
 * the spec's, in camelCase as protobufjs writes them.
 */
import protobuf from 'protobufjs/light.js';

/** `TensorProto.DataType` values this app uses. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

/** `AttributeProto.AttributeType` values. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** An int64 as protobufjs reads it: a number, or a Long object when long.js is loaded. */
export type Int64 = number | { toNumber(): number };

/** `OperatorSetIdProto`: which version of an operator set the model uses. */
export interface OperatorSetIdProto {
  /** Operator set domain; empty for the default `ai.onnx`. */
  domain?: string;
  /** Operator set version (opset). */
  version?: Int64;
}

/** `TensorShapeProto.Dimension`: a fixed size or a named (symbolic) one such as the batch. */
export interface DimensionProto {
  /** Fixed size. */
  dimValue?: Int64;
  /** Symbolic size (`N`, `batch_size`). */
  dimParam?: string;
}

/** `TypeProto`: only tensor types are used. */
export interface TypeProto {
  /** A dense tensor's element type and shape. */
  tensorType?: {
    /** `TensorProto.DataType` of the elements. */
    elemType?: number;
    /** Its dimensions; absent when the rank is unknown. */
    shape?: { dim?: DimensionProto[] };
  };
}

/** `ValueInfoProto`: a named graph input or output and its type. */
export interface ValueInfoProto {
  /** The value's name, as node inputs and outputs refer to it. */
  name?: string;
  /** Element type and shape. */
  type?: TypeProto;
  /** Free text. */
  docString?: string;
}

/** `TensorProto`: a constant tensor (initializer or attribute value). */
export interface TensorProto {
  /** Shape. */
  dims?: Int64[];
  /** `TensorProto.DataType` of the elements. */
  dataType?: number;
  /** FLOAT values (when not in `rawData`). */
  floatData?: number[];
  /** INT32 (and smaller) values. */
  int32Data?: number[];
  /** INT64 values. */
  int64Data?: Int64[];
  /** DOUBLE values. */
  doubleData?: number[];
  /** The values as little-endian bytes, the usual encoding. */
  rawData?: Uint8Array;
  /** Name (initializers are referred to by it). */
  name?: string;
  /** Free text. */
  docString?: string;
  /** 1 when the values live in an external file (not supported here). */
  dataLocation?: number;
}

/** `AttributeProto`: one attribute of a node. */
export interface AttributeProto {
  /** Attribute name (`alpha`, `perm`, `pads`…). */
  name?: string;
  /** Which of the value fields is set (`AttributeType`). */
  type?: number;
  /** FLOAT value. */
  f?: number;
  /** INT value. */
  i?: Int64;
  /** STRING value, as UTF-8 bytes. */
  s?: Uint8Array;
  /** TENSOR value. */
  t?: TensorProto;
  /** GRAPH value (If/Loop bodies: read only to be reported). */
  g?: GraphProto;
  /** FLOATS value. */
  floats?: number[];
  /** INTS value. */
  ints?: Int64[];
  /** STRINGS value. */
  strings?: Uint8Array[];
}

/** `NodeProto`: one operator call. */
export interface NodeProto {
  /** Names of the input values ('' for a left-out optional input). */
  input?: string[];
  /** Names of the output values. */
  output?: string[];
  /** Node name, for messages. */
  name?: string;
  /** Operator (`Gemm`, `Conv`…). */
  opType?: string;
  /** Operator set domain; empty for `ai.onnx`. */
  domain?: string;
  /** Attributes. */
  attribute?: AttributeProto[];
  /** Free text (the exporter names the Backprop Studio node here). */
  docString?: string;
}

/** `GraphProto`: the computation. */
export interface GraphProto {
  /** Nodes, in topological order. */
  node?: NodeProto[];
  /** Graph name. */
  name?: string;
  /** Constant tensors (the weights). */
  initializer?: TensorProto[];
  /** Free text. */
  docString?: string;
  /** Inputs (in IR < 4 initializers are listed here too). */
  input?: ValueInfoProto[];
  /** Outputs. */
  output?: ValueInfoProto[];
  /** Types of intermediate values (optional). */
  valueInfo?: ValueInfoProto[];
}

/** `StringStringEntryProto`: a metadata key/value pair. */
export interface StringStringEntryProto {
  /** Key. */
  key?: string;
  /** Value. */
  value?: string;
}

/** `ModelProto`: the file. */
export interface ModelProto {
  /** IR version of the format (8 for opset 17). */
  irVersion?: Int64;
  /** Operator sets the graph uses. */
  opsetImport?: OperatorSetIdProto[];
  /** Tool that wrote the file. */
  producerName?: string;
  /** That tool's version. */
  producerVersion?: string;
  /** Model namespace. */
  domain?: string;
  /** Model version. */
  modelVersion?: Int64;
  /** Free text (the graph's description). */
  docString?: string;
  /** The computation. */
  graph?: GraphProto;
  /** Named metadata (the graph's name and the exporter's notes). */
  metadataProps?: StringStringEntryProto[];
}

type FieldJson = { type: string; id: number; rule?: 'repeated' };
const f = (type: string, id: number): FieldJson => ({ type, id });
const rep = (type: string, id: number): FieldJson => ({ type, id, rule: 'repeated' });

/** The descriptor: message name → field name → type and number (from onnx.proto). */
const MESSAGES: Record<string, Record<string, FieldJson>> = {
  ModelProto: {
    irVersion: f('int64', 1),
    opsetImport: rep('OperatorSetIdProto', 8),
    producerName: f('string', 2),
    producerVersion: f('string', 3),
    domain: f('string', 4),
    modelVersion: f('int64', 5),
    docString: f('string', 6),
    graph: f('GraphProto', 7),
    metadataProps: rep('StringStringEntryProto', 14),
  },
  OperatorSetIdProto: { domain: f('string', 1), version: f('int64', 2) },
  StringStringEntryProto: { key: f('string', 1), value: f('string', 2) },
  GraphProto: {
    node: rep('NodeProto', 1),
    name: f('string', 2),
    initializer: rep('TensorProto', 5),
    docString: f('string', 10),
    input: rep('ValueInfoProto', 11),
    output: rep('ValueInfoProto', 12),
    valueInfo: rep('ValueInfoProto', 13),
  },
  NodeProto: {
    input: rep('string', 1),
    output: rep('string', 2),
    name: f('string', 3),
    opType: f('string', 4),
    domain: f('string', 7),
    attribute: rep('AttributeProto', 5),
    docString: f('string', 6),
  },
  AttributeProto: {
    name: f('string', 1),
    type: f('int32', 20),
    f: f('float', 2),
    i: f('int64', 3),
    s: f('bytes', 4),
    t: f('TensorProto', 5),
    g: f('GraphProto', 6),
    floats: rep('float', 7),
    ints: rep('int64', 8),
    strings: rep('bytes', 9),
  },
  ValueInfoProto: { name: f('string', 1), type: f('TypeProto', 2), docString: f('string', 3) },
  TypeProto: { tensorType: f('TypeProtoTensor', 1) },
  TypeProtoTensor: { elemType: f('int32', 1), shape: f('TensorShapeProto', 2) },
  TensorShapeProto: { dim: rep('Dimension', 1) },
  Dimension: { dimValue: f('int64', 1), dimParam: f('string', 2) },
  TensorProto: {
    dims: rep('int64', 1),
    dataType: f('int32', 2),
    floatData: rep('float', 4),
    int32Data: rep('int32', 5),
    int64Data: rep('int64', 7),
    name: f('string', 8),
    docString: f('string', 12),
    rawData: f('bytes', 9),
    doubleData: rep('double', 10),
    dataLocation: f('int32', 14),
  },
};

const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: Object.fromEntries(Object.entries(MESSAGES).map(([name, fields]) => [name, { fields }])),
    },
  },
}).resolveAll();

/** The reflected type of an ONNX message (`ModelProto`, `TensorProto`…). */
export function onnxType(name: keyof typeof MESSAGES): protobuf.Type {
  return root.lookupType(`onnx.${name}`);
}

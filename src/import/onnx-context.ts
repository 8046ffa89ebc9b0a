/**
 * The state of one ONNX import: what each ONNX value became (a node of ours, or a constant), the
 * nodes and weights made so far, and the problems and notes. ONNX images are NCHW and ours NHWC:
 * a data value records the permutation that turns the ONNX tensor into ours, and a flattened
 * image records the order of its features, so later layers can permute their weights to match.
 */
import type { ParamValue, WeightTensor } from '../graph/types';
import { toNumber } from '../interop/onnx-codec';
import { AttributeType } from '../interop/onnx-proto';
import type { AttributeProto, NodeProto } from '../interop/onnx-proto';
import type { ImportProblem } from './types';

/** A dimension of an ONNX value: a size, or the batch. */
export type OnnxDim = number | 'N';

/** An ONNX value computed by one of our nodes. */
export interface DataValue {
  kind: 'data';
  /** Provisional id of our node (final ids are given at the end). */
  node: string;
  /** Shape of the ONNX value (batch first). */
  shape: OnnxDim[];
  /** Our tensor is the ONNX tensor transposed by `perm` (identity for most values). */
  perm: number[];
  /** For a flattened image [N, F]: our feature k is the ONNX feature `order[k]`. */
  order?: number[];
}

/**
 * An ONNX value known at import time (initializer, Constant node, or a shape computed from one):
 * NaN stands for the batch size, which only shapes may hold.
 */
export interface ConstValue {
  kind: 'const';
  dims: number[];
  values: Float64Array;
}

export type Value = DataValue | ConstValue;

/** One of our nodes under construction. */
export interface DraftNode {
  id: string;
  op: string;
  params: Record<string, ParamValue>;
  /** The name its id is made from: the ONNX node's (`/conv1/Conv` → `conv1`) or its output's. */
  name: string;
  /** The graph output it computes, which then names it instead. */
  outputName?: string;
  weights?: Record<string, WeightTensor>;
}

/** Raised by a converter: the node cannot be imported, and why (what we would need). */
export class Unsupported extends Error {}

/** Whether a permutation is the identity. */
export const isIdentity = (perm: number[]) => perm.every((p, i) => p === i);

/** The identity permutation of a rank. */
export const identity = (rank: number) => Array.from({ length: rank }, (_, i) => i);

/** Our layout of ONNX NCHW images: NHWC. */
export const NCHW_TO_NHWC = [0, 2, 3, 1];

/** Our layout of ONNX NCL sequences: NLC. */
export const NCL_TO_NLC = [0, 2, 1];

/**
 * The permutation of a value after ONNX axes `axes` were reduced away: the kept axes in our order,
 * renumbered among themselves.
 */
export function reducedPerm(perm: number[], axes: number[]): number[] {
  const kept = perm.filter((p) => !axes.includes(p));
  const sorted = [...kept].sort((a, b) => a - b);
  return kept.map((p) => sorted.indexOf(p));
}

/** The import of one model. */
export class ImportContext {
  readonly values = new Map<string, Value>();
  readonly nodes: DraftNode[] = [];
  readonly edges: { source: string; target: string; targetPort: string }[] = [];
  readonly problems: ImportProblem[] = [];
  readonly notes: string[] = [];
  /** How many ONNX nodes read each value, and the graph outputs (which must stay visible). */
  readonly readers = new Map<string, number>();
  readonly graphOutputs = new Set<string>();
  /** ONNX nodes already handled as part of an earlier node's pattern (index → true). */
  readonly claimed = new Set<number>();
  /** The ONNX node being converted (its name names the nodes made for it). */
  current: NodeProto | null = null;

  constructor(
    readonly onnxNodes: NodeProto[],
    readonly opset: number,
  ) {
    for (const n of onnxNodes)
      for (const i of n.input ?? []) this.readers.set(i, (this.readers.get(i) ?? 0) + 1);
  }

  /** Adds a node of ours fed by `inputs` (port → provisional ids); returns its provisional id. */
  add(
    op: string,
    params: Record<string, ParamValue>,
    inputs: Record<string, string[]>,
    name: string,
  ): string {
    const id = `#${this.nodes.length}`;
    this.nodes.push({ id, op, params, name: nodeNameHint(this.current) ?? name });
    for (const [port, sources] of Object.entries(inputs))
      for (const source of sources) this.edges.push({ source, target: id, targetPort: port });
    return id;
  }

  node(id: string): DraftNode {
    return this.nodes[Number(id.slice(1))];
  }

  /** The value `name`, which must exist (inputs are produced before they are read). */
  value(name: string): Value {
    const v = this.values.get(name);
    if (!v) throw new Unsupported(`its input "${name}" is not produced by any earlier node`);
    return v;
  }

  /** The data value `name`. */
  data(name: string): DataValue {
    const v = this.value(name);
    if (v.kind !== 'data') throw new Unsupported(`input "${name}" is a constant where data was expected`);
    return v;
  }

  /** The data value `name`, required in the same layout as ONNX's (no transpose pending). */
  plain(name: string): DataValue {
    const v = this.data(name);
    if (!isIdentity(v.perm) || v.order)
      throw new Unsupported(
        `input "${name}" is an image in NCHW layout (ours are NHWC) and this operator would need it transposed; we would need a Transpose op`,
      );
    return v;
  }

  /** The constant `name`. */
  constant(name: string): ConstValue {
    const v = this.value(name);
    if (v.kind !== 'const') throw new Unsupported(`input "${name}" must be a constant (an initializer)`);
    return v;
  }

  /** Whether the value is read by exactly `count` nodes and is not a graph output. */
  readOnlyBy(name: string, count: number): boolean {
    return (this.readers.get(name) ?? 0) === count && !this.graphOutputs.has(name);
  }

  /** A Parameter node holding a constant (in our layout for `like`'s permutation). */
  parameter(c: ConstValue, name: string): string {
    if (c.values.some(Number.isNaN))
      throw new Unsupported(`it computes with the batch size ("${name}"), which a graph cannot`);
    const id = this.add(
      'Parameter',
      { shape: c.dims, init: c.dims.length >= 2 ? 'glorotUniform' : 'zeros' },
      {},
      name,
    );
    // Named after the initializer (`W1`, `b1`), not after the node reading it.
    this.node(id).name = name;
    this.node(id).weights = { value: { shape: c.dims, values: Array.from(c.values) } };
    return id;
  }
}

/**
 * A node id hint from an ONNX node's name: exporters name nodes by module path and operator
 * (PyTorch `/conv1/Conv`, ours `hidden/Gemm`), so the path without the operator names the layer.
 */
function nodeNameHint(node: NodeProto | null): string | null {
  const op = node?.opType ?? '';
  const parts = (node?.name ?? '').split('/').filter(Boolean);
  if (parts.length > 1 && op && parts[parts.length - 1].startsWith(op)) parts.pop();
  const hint = parts.join('_');
  return hint && hint !== op ? hint : null;
}

/** Reads the attribute `name` of a node. */
export function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

/** An INT attribute, or `fallback`. */
export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.i !== undefined ? toNumber(a.i) : fallback;
}

/** A FLOAT attribute, or `fallback`. */
export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a?.f !== undefined ? a.f : fallback;
}

/** An INTS attribute, or `fallback`. */
export function attrInts(node: NodeProto, name: string, fallback: number[] | null): number[] | null {
  const a = attr(node, name);
  return a && (a.ints?.length || a.type === AttributeType.INTS) ? (a.ints ?? []).map(toNumber) : fallback;
}

/** A STRING attribute, or `fallback`. */
export function attrString(node: NodeProto, name: string, fallback: string): string {
  const a = attr(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : fallback;
}

/** Collects the nodes and initializers of an ONNX graph under unique value names. */
import { AttributeType } from '../interop/onnx-proto';
import type { AttributeProto, NodeProto, TensorProto } from '../interop/onnx-proto';
import { floatTensor, int64Tensor } from '../interop/onnx-tensor';

/** An attribute value: numbers are floats unless wrapped with {@link int}/{@link ints}. */
export type AttrValue =
  { int: number } | { ints: number[] } | { float: number } | { floats: number[] } | { string: string };

/** An integer attribute. */
export const int = (v: number): AttrValue => ({ int: v });
/** An integer-list attribute. */
export const ints = (v: number[]): AttrValue => ({ ints: v });
/** A float attribute. */
export const float = (v: number): AttrValue => ({ float: v });

function attribute(name: string, v: AttrValue): AttributeProto {
  if ('int' in v) return { name, type: AttributeType.INT, i: v.int };
  if ('ints' in v) return { name, type: AttributeType.INTS, ints: v.ints };
  if ('float' in v) return { name, type: AttributeType.FLOAT, f: v.float };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: v.floats };
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v.string) };
}

/** The graph under construction. */
export class OnnxBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly taken = new Set<string>();
  /** NHWC value → the same tensor in NCHW, so consecutive image layers share one transpose. */
  private readonly nchw = new Map<string, string>();

  /** Reserves `base` as a value name, or `base_2`, `base_3`… when it is taken. */
  fresh(base: string): string {
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  /** Adds a node; `outName` names its single output (reserved if not yet). Returns that name. */
  node(
    opType: string,
    inputs: string[],
    outName: string,
    attrs: Record<string, AttrValue> = {},
    owner = outName,
  ): string {
    if (!this.taken.has(outName)) this.taken.add(outName);
    this.nodes.push({
      opType,
      input: inputs,
      output: [outName],
      name: this.fresh(`${owner}/${opType}`),
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outName;
  }

  /** A float32 initializer; returns its name. */
  floats(base: string, dims: number[], values: ArrayLike<number>): string {
    const name = this.fresh(base);
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  /** An int64 initializer (shapes, axes); returns its name. */
  int64s(base: string, dims: number[], values: number[]): string {
    const name = this.fresh(base);
    this.initializers.push(int64Tensor(name, dims, values));
    return name;
  }

  /** `x` (channels last: NHWC images, NLC sequences) with its channels second, transposing once per value. */
  toNchw(x: string, owner: string, rank = 4): string {
    const known = this.nchw.get(x);
    if (known) return known;
    const out = this.node(
      'Transpose',
      [x],
      this.fresh(`${owner}/nchw`),
      { perm: ints(channelsSecond(rank)) },
      owner,
    );
    this.nchw.set(x, out);
    return out;
  }

  /** Channels-second `y` back to channels last as `outName`, remembering the pair for the next layer. */
  fromNchw(y: string, outName: string, owner: string, rank = 4): string {
    this.node('Transpose', [y], outName, { perm: ints(channelsLast(rank)) }, owner);
    this.nchw.set(outName, y);
    return outName;
  }
}

/** The permutation moving the last (channel) axis next to the batch: NHWC → NCHW, NLC → NCL. */
export const channelsSecond = (rank: number): number[] => [
  0,
  rank - 1,
  ...Array.from({ length: rank - 2 }, (_, i) => i + 1),
];

/** Its inverse: channels back to the last axis. */
export const channelsLast = (rank: number): number[] => [
  0,
  ...Array.from({ length: rank - 2 }, (_, i) => i + 2),
  1,
];

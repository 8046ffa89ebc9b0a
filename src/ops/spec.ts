/**
 * The op spec: everything the product knows about one kind of node, defined once. The palette,
 * the inspector, validation, shape inference, the compiler, the stepper and the docs all read it.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParamValue } from '../graph/types';
import type { Shape } from '../shapes/shape';
import type { LayerExpansion } from './expansion';

/** Palette group of an op. */
export type OpCategory = 'data' | 'layer' | 'activation' | 'operation' | 'loss' | 'regularizer';

/** How a parameter is typed and edited. */
export type ParamKind = 'int' | 'float' | 'bool' | 'enum' | 'ints' | 'floats' | 'string';

/** One parameter of an op. */
export interface ParamSpec {
  /** Key in `node.params`. */
  name: string;
  /** Value type. */
  kind: ParamKind;
  /** Value used when the node omits the param. `null` means "not set". */
  default: ParamValue;
  /** Inclusive lower bound for numbers (and for each element of number lists). */
  min?: number;
  /** Inclusive upper bound for numbers (and for each element of number lists). */
  max?: number;
  /** Allowed values of an `enum`. */
  options?: readonly string[];
  /** Bounds on the length of a list param. */
  minLength?: number;
  maxLength?: number;
  /** Whether `null` is allowed (the param is optional and has no default). */
  nullable?: boolean;
  /** One line for the inspector. */
  doc: string;
  /** Shown on the node face on the canvas (the few params that say what the node is). */
  face?: boolean;
  /** What messages call the param when its name is not plain words ("slope α"). */
  title?: string;
  /** How formulas write the param ("α"). */
  symbol?: string;
}

/**
 * What a node is for, beyond computing a value: `input` receives the batch features, `target` the
 * batch labels, `loss` and `penalty` are terms of the objective. Code outside `src/ops/` asks for
 * a role, never for an op name.
 */
export type OpRole = 'input' | 'target' | 'loss' | 'penalty';

/** One input or output port. */
export interface PortSpec {
  /** Port name used by edges. */
  name: string;
  /** One line for tooltips. */
  doc: string;
  /** The node is valid without an edge into this port. */
  optional?: boolean;
  /** The port accepts several edges; they are taken in file order (Concat). */
  variadic?: boolean;
}

/** Resolved params of a node (defaults applied, validated) with typed accessors. */
export interface Params {
  readonly raw: Readonly<Record<string, ParamValue>>;
  num(name: string): number;
  int(name: string): number;
  str(name: string): string;
  bool(name: string): boolean;
  ints(name: string): number[];
  floats(name: string): number[];
  /** `null` when the param is unset. */
  optionalStr(name: string): string | null;
  optionalInts(name: string): number[] | null;
}

/** What a shape rule sees of one incoming edge. */
export interface ShapeInput {
  /** Shape of the upstream output. */
  shape: Shape;
  /** Upstream node id, for messages. */
  from: string;
}

/** Arguments of an op's shape rule. */
export interface ShapeContext {
  /** Incoming shapes by port; a variadic port may hold several. Unconnected optional ports are absent. */
  inputs: Record<string, ShapeInput[]>;
  params: Params;
  nodeId: string;
}

/** How a weight starts out. */
export type InitSpec =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; std: number }
  /** U(-1/√fanIn, 1/√fanIn): the slides' rule for shallow networks. */
  | { kind: 'uniformFanIn' }
  | { kind: 'glorotUniform' }
  | { kind: 'glorotNormal' }
  | { kind: 'heNormal' }
  /** Explicit values, row-major. */
  | { kind: 'values'; values: number[] };

/** A tensor an op owns: trainable weights, or state such as batch-norm moving averages. */
export interface WeightDecl {
  /** Name within the node (`value`, `kernel`, `bias`, `gamma`, `movingMean`…). */
  name: string;
  /** Concrete shape. */
  shape: number[];
  init: InitSpec;
  /** Trainable weights get gradients and updates; others are updated by the op itself. */
  trainable: boolean;
}

/** A value an op wants written into one of its non-trainable weights after the step. */
export interface StateUpdate {
  name: string;
  value: tf.Tensor;
}

/** Arguments of an op's forward function. All tensors belong to the caller's `tidy`. */
export interface ForwardContext {
  /** Input tensors by port (batch dimension concrete). */
  inputs: Record<string, tf.Tensor[]>;
  params: Params;
  /** The node's weights by name. */
  weights: Record<string, tf.Tensor>;
  /** Training pass (dropout active, batch statistics used) or inference. */
  training: boolean;
  /** Seed for random ops in this pass (dropout). */
  seed: number;
  /** The batch tensors for data nodes: `features` for Input, `labels` for Target. */
  feeds: { features?: tf.Tensor; labels?: tf.Tensor };
  /** Non-trainable weights to update after the step. */
  stateUpdates: StateUpdate[];
  /** The tfjs namespace (kept out of the spec modules' static imports so specs stay cheap to load). */
  tf: typeof tf;
  /**
   * Whether the backward pass will ask for dE/d(input on `port`). Absent: assume it will. A training
   * step differentiates towards the weights only, so an op whose gradient computes every input's
   * share at once (a custom gradient) can skip the share of an input no weight lies behind (dE/dx
   * of the data: a full matrix product per Dense layer on the input nobody reads).
   */
  needsGrad?: (port: string) => boolean;
}

/**
 * A penalty that can name a layer in a param instead of taking the weight on an edge: it then
 * reads that layer's penalised weight (see `OpSpec.penalisedWeight`) on `port`.
 */
export interface PenaltyReference {
  /** The param holding the id of the layer whose weight is penalised. */
  layerParam: string;
  /** The input port that weight takes the place of. */
  port: string;
}

/** How a layer's `activation` param names an activation op, and the params it applies it with. */
export interface LayerActivation {
  /** The value of a layer's `activation` param that means this op. */
  name: string;
  /** The op's params as layers apply it (a layer's leaky ReLU has its own slope). */
  params?: Record<string, ParamValue>;
  /** Applying it changes nothing, so an expanded layer leaves it out. */
  identity?: boolean;
}

/**
 * How an activation's output can go unhealthy, for the training coach: a bounded (saturating)
 * output whose gradient vanishes near its bounds, or a rectifier whose units die at zero.
 */
export type ActivationHealth = { kind: 'saturating'; low: number; high: number } | { kind: 'rectifying' };

/** How a loss node's prediction is scored for accuracy. */
export type AccuracyKind = 'binary' | 'categorical' | 'sparse' | 'none';

/** Everything about one op. */
export interface OpSpec {
  /** Registry key and `node.op` value. */
  op: string;
  /** Display name. */
  title: string;
  category: OpCategory;
  /** The node's part in training, when it has one (see `OpRole`). */
  role?: OpRole;
  /** One paragraph for the palette tooltip, the inspector and the docs. */
  doc: string;
  params: ParamSpec[];
  inputs: PortSpec[];
  /** Every op has exactly one output, `out`. */
  output: PortSpec;
  /** Display formulas for step-through: forward and local derivative. */
  formula: { forward: string; local: string };
  /** Output shape from input shapes; throws `ShapeError` when they do not fit. */
  shape(ctx: ShapeContext): Shape;
  /** Weights the node owns, given its resolved input shapes. */
  weights?(ctx: ShapeContext): WeightDecl[];
  /** The computation. */
  forward(ctx: ForwardContext): tf.Tensor;
  /** Unary and elementwise in its single input: the local derivative is a same-shaped tensor. */
  elementwise?: boolean;
  /** For losses: how accuracy is measured. */
  accuracy?: AccuracyKind;
  /**
   * An input port that takes integer ids (a lookup table's row numbers), and the int param that
   * counts them: ids must be whole numbers 0 … params[countParam] − 1. The data check reads it to
   * catch a bad id before the backend does, and CSV import never normalizes data feeding it.
   */
  idInput?: { port: string; countParam: string };
  /**
   * A loss that reads word or class ids from a Target on `port` and looks them up in a table of
   * params[countParam] rows (negative sampling): the data check refuses labels outside 0 … count − 1.
   */
  labelIds?: { port: string; countParam: string };
  /** For losses: the prediction is raw scores (softmax or sigmoid is applied inside the loss). */
  takesLogits?(params: Params): boolean;
  /** For penalties: how the node names a layer instead of taking its weight on an edge. */
  penalty?: PenaltyReference;
  /** The weight a penalty naming this node applies to ("the" kernel of a layer). */
  penalisedWeight?: string;
  /** For activations: how layers with an `activation` param refer to and apply this op. */
  layerActivation?: LayerActivation;
  /** For activations: how its units saturate or die (read by the training coach). */
  health?: ActivationHealth;
  /** A layer that can be expanded into op-level nodes and collapsed back (see `graph/expand.ts`). */
  expansion?: LayerExpansion;
  /**
   * A 2-D sliding-window op on [N, h, w, c] images: step mode shows its windows with the numbers
   * (`step/conv-windows.ts`): a convolution (kernel weight `kernel`, optional `bias`), max or average pooling.
   */
  window?: 'conv' | 'max' | 'average';
  /**
   * The op draws random numbers while training (dropout masks): another framework running the same
   * graph draws different ones, so exports say training there will not match step for step.
   */
  randomInTraining?: boolean;
}

/** Output port name shared by all ops. */
export const OUT = 'out';

/** The standard output port. */
export const outPort = (doc: string): PortSpec => ({ name: OUT, doc });

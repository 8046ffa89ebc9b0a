/**
 * The graph file format, version 1 (`schemaVersion: 1`).
 *
 * A graph file is the network (nodes and edges), kept apart from how it is drawn (layout) and how
 * it is trained (training), plus optional trained weights. `docs/graph.schema.json` is generated
 * from `schema.ts` and is the published JSON Schema of this format.
 */
import type { DatasetSpec } from '../data/registry';
import { DEFAULT_DATASET, resolveTraining } from '../data/training-defaults';

/** The format version this build writes. Older files are migrated on load (see `migrate.ts`). */
export const CURRENT_SCHEMA_VERSION = 1;

/** A JSON value as it may appear in a node's params. */
export type ParamValue = number | string | boolean | number[] | string[] | null;

/** One operation in the network. */
export interface GraphNode {
  /** Stable identifier, unique in the graph; edges, layout, weights and traces refer to it. Letters, digits, `_`, `-` and `.`. */
  id: string;
  /** Name of the op spec in the registry (`Dense`, `MatMul`, `Sigmoid`, `L2Error`…). */
  op: string;
  /** Optional human label shown on the canvas instead of the id. */
  label?: string;
  /** The op's parameters; omitted ones take the spec's defaults. */
  params: Record<string, ParamValue>;
}

/** A wire from one node's output port to another node's input port. */
export interface GraphEdge {
  /** Optional stable identifier; generated as `source:port->target:port` when absent. */
  id?: string;
  /** Id of the node producing the value. */
  source: string;
  /** Output port of the source node (every op has one output, `out`). */
  sourcePort: string;
  /** Id of the node consuming the value. */
  target: string;
  /** Input port of the target node (for example `a`/`b` of MatMul, `prediction`/`target` of a loss). */
  targetPort: string;
}

/** Where each node sits on the canvas. Not part of the network: changing it never changes results. */
export interface GraphLayout {
  /** Canvas position of each node by node id, in canvas pixels. */
  nodes: Record<string, { x: number; y: number }>;
}

/** The `training.dataset` section: declared once per kind in the data-set registry. */
export type { DatasetSpec };

/** Names of the built-in optimizers. */
export type OptimizerType = 'sgd' | 'momentum' | 'adagrad' | 'rmsprop' | 'adam';

/** The optimizer and its hyper-parameters. */
export interface OptimizerSpec {
  /** Which update rule. */
  type: OptimizerType;
  /** Step size μ. */
  learningRate: number;
  /** Momentum ρ (momentum, rmsprop). */
  momentum?: number;
  /** Use Nesterov momentum (momentum). */
  nesterov?: boolean;
  /** Decay of the squared-gradient average (rmsprop). */
  decay?: number;
  /** First-moment decay (adam). */
  beta1?: number;
  /** Second-moment decay (adam). */
  beta2?: number;
  /** Small constant added for numerical stability (adam, rmsprop). */
  epsilon?: number;
  /** Starting value of the accumulators (adagrad). */
  initialAccumulatorValue?: number;
}

/**
 * How the network is trained, complete: what the pipeline sees once a file is loaded. Every field
 * may be left out of the file; `src/data/training-defaults.ts` fills it (the defaults of the data
 * set's kind, else the generic ones) — see {@link TrainingSection}.
 */
export interface TrainingSpec {
  /** Where the examples come from. */
  dataset: DatasetSpec;
  /** Fraction of examples held out for testing, 0 ≤ f < 1. Default 0 (the data set may say otherwise). */
  testSplit: number;
  /** Reshuffle the training examples every epoch. Default true. */
  shuffle: boolean;
  /** Weight of each loss or penalty node in the total objective, by node id; missing ones weigh 1. Default {}. */
  lossWeights: Record<string, number>;
  /**
   * Optimizer and hyper-parameters. Default: the data set's recommendation (truth tables: SGD 5;
   * planar sets: Adam 0.02), else Adam 0.01. A file naming only the type gets that type's default step.
   */
  optimizer: OptimizerSpec;
  /** Examples per gradient step. Default: the data set's (truth tables: 4, the full batch), else 32. */
  batchSize: number;
  /** Passes over the training examples. Default: the data set's (truth tables: 1000), else 100. */
  epochs: number;
  /** Seed for weight initialization, shuffling, splits, dropout and synthetic data. Default 1. */
  seed: number;
}

/**
 * The training section as a file may write it: the data set is required (a graph says what it
 * learns from); any other field may be left out and takes its default for that data set;
 * `optimizer` may name its type without a learning rate.
 */
export type TrainingSection = Pick<TrainingSpec, 'dataset'> &
  Partial<Omit<TrainingSpec, 'optimizer' | 'dataset'>> & {
    optimizer?: Omit<OptimizerSpec, 'learningRate'> & { learningRate?: number };
  };

/** A field of the training section that can be defaulted; `optimizer.learningRate` alone when only it was left out. */
export type TrainingField = Exclude<keyof TrainingSpec, 'dataset'> | 'optimizer.learningRate';

/** Stored values of one trainable tensor. */
export interface WeightTensor {
  /** Shape of the tensor, without batch dimension. */
  shape: number[];
  /** Values in row-major order; length is the product of `shape`. */
  values: number[];
}

/** A graph file as written: the document without the load-time fields, its training section partial. */
export type GraphFile = Omit<GraphDoc, 'training' | 'defaultedTraining'> & { training: TrainingSection };

/** A whole graph file, as loaded. */
export interface GraphDoc {
  /** Format version; this build reads 0 and 1 and writes 1. */
  schemaVersion: typeof CURRENT_SCHEMA_VERSION;
  /** Title shown in the editor. */
  name?: string;
  /** What the graph shows or teaches. */
  description?: string;
  /** The operations. */
  nodes: GraphNode[];
  /** The wires between them. */
  edges: GraphEdge[];
  /** Canvas positions, kept apart from the network. */
  layout: GraphLayout;
  /** Training settings, complete: fields the file left out hold their defaults. */
  training: TrainingSpec;
  /**
   * Not part of the file: the training fields the file left out, filled with defaults on load.
   * Save leaves them out again, so a file keeps what it had plus what the user changed; editing a
   * field takes it off this list. Absent when the file had every field.
   */
  defaultedTraining?: TrainingField[];
  /** Trained weights by node id, then by weight name (`value`, `kernel`, `bias`, `gamma`…). */
  weights?: Record<string, Record<string, WeightTensor>>;
}

/** Training settings of a new graph: XOR with XOR's defaults. */
export const DEFAULT_TRAINING: TrainingSpec = resolveTraining({ dataset: DEFAULT_DATASET }).training;

/** The id an edge gets when it has none. */
export function edgeId(edge: GraphEdge): string {
  return edge.id ?? `${edge.source}:${edge.sourcePort}->${edge.target}:${edge.targetPort}`;
}

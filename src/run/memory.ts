/**
 * How much memory a run will take, estimated from the shaped graph, the data set's size and the
 * training settings before anything is allocated, and the limits a run must stay under.
 *
 * Without this a graph that is valid but too big (a Dense 65536→65536, a Parameter of
 * [30000, 30000], the spiral at 100 classes × 100,000 points with one-hot targets) is accepted and
 * then grows for minutes until the backend dies with "memory access out of bounds". The estimate is
 * an approximation (tfjs keeps some intermediates of its own), good to the factor that matters: it
 * names the figure, the part and the node, so the user knows what to shrink.
 *
 * tfjs-free and framework-free: the CLI, the worker and the editor can all call it.
 */
import { EPOCH_COPY_LIMIT } from '../train/batch-schedule';
import type { DatasetSize } from '../data/kind';
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { OptimizerType } from '../graph/types';
import { sizeParam } from '../shapes/infer';
import type { ShapedGraph } from '../shapes/infer';
import { concreteShape } from '../shapes/shape';

/** Bytes of one float32 value: every tensor of a run is float32. */
export const FLOAT_BYTES = 4;

/** One megabyte as the limits count it (1024 × 1024 bytes). */
export const MB = 1024 * 1024;

/** One gigabyte as the limits count it (1024 MB). */
export const GB = 1024 * MB;

/**
 * Default memory limit of a run: 2 GB. What a browser tab can count on (WebGL and WASM heaps are
 * far smaller than the machine's memory); the CLI derives its own from the machine.
 */
export const DEFAULT_MEMORY_LIMIT = 2 * GB;

/** Default size limit of one data file: 512 MB (MNIST's largest file is 47 MB). */
export const DEFAULT_FILE_LIMIT = 512 * MB;

/** Limits of one run; plain data, so the worker protocol can carry them. */
export interface RunLimits {
  /** Largest estimated memory of a run, in bytes (default {@link DEFAULT_MEMORY_LIMIT}). */
  memoryBytes?: number;
  /** Largest data file, in bytes (default {@link DEFAULT_FILE_LIMIT}). */
  fileBytes?: number;
}

/**
 * Extra per-weight tensors each optimizer keeps (tfjs 4.22): momentum and Adagrad one accumulator,
 * RMSProp the mean square and the moment, Adam the first and second moments.
 */
export const OPTIMIZER_SLOTS: Readonly<Record<OptimizerType, number>> = {
  sgd: 0,
  momentum: 1,
  adagrad: 1,
  rmsprop: 2,
  adam: 2,
};

const OPTIMIZER_NAMES: Readonly<Record<OptimizerType, string>> = {
  sgd: 'SGD',
  momentum: 'momentum',
  adagrad: 'Adagrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
};

/** Examples evaluated per forward pass by `evaluate` (`src/train/metrics.ts`), values only. */
const EVAL_CHUNK = 2048;

/** The size of a data set, known from its options before it is generated, or from the loaded data. */
export type DataSize = DatasetSize;

/** The training settings the estimate depends on. */
export interface MemoryPlan {
  /** Examples per step (clamped to the data set's size). */
  batchSize: number;
  optimizer: OptimizerType;
  /** A test split copies the examples once more on the host (the train and test subsets). */
  testSplit: number;
  /**
   * Examples uploaded to the backend: the whole data set for training (default), one for the
   * CLI's `step`.
   */
  deviceExamples?: number;
  /**
   * On a GPU backend, training batches are cut from a per-epoch shuffled copy of the training split
   * (one gather per epoch instead of one per step), which holds the examples a second time when
   * they take at most `EPOCH_COPY_LIMIT`. Host backends (WASM, cpu) copy each batch out of host
   * memory and upload nothing more, so for them the device part is an upper bound.
   */
  shuffle?: boolean;
}

/** The parts of a run's memory. */
export type MemoryPart =
  'weights' | 'gradients' | 'optimizer' | 'traced' | 'activations' | 'deviceData' | 'hostData';

/** A run's estimated memory. */
export interface MemoryEstimate {
  /** Bytes in all. */
  total: number;
  /** Bytes per part. */
  parts: Record<MemoryPart, number>;
  /** Bytes per node (its weights, their gradients, slots and traced copies, its activations), largest first. */
  nodes: { nodeId: string; bytes: number }[];
  /** The optimizer whose slots were counted. */
  optimizer: OptimizerType;
  /** The data set counted, when known. */
  data: DataSize | null;
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/**
 * Label values per example each Target node receives on the backend: a one-hot target widens a class
 * index to `shape[0]` values (the spiral's 100 classes × 1,000,000 examples is 400 MB of labels).
 * Read from the params rather than `train/feeds.ts`, which loads tfjs.
 */
function deviceLabelSize(graph: ShapedGraph, data: DataSize): number {
  let size = 0;
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    if (r.spec.role !== 'target') continue;
    const encoding = r.params.str('encoding');
    size +=
      encoding === 'index' ? 1 : encoding === 'onehot' ? (r.params.ints('shape')[0] ?? 1) : data.labelSize;
  }
  return size;
}

/**
 * Estimates a run's memory: weights, their gradients, the optimizer's slots, the copies a traced
 * step keeps (weights before the update and the updates), every node's value and gradient for one
 * batch (or its value for one evaluation chunk, whichever is larger), the data set on the backend
 * with its labels encoded, and the data set's arrays on the host.
 *
 * @param graph - The shaped graph.
 * @param data - The data set's size; `null` when it is not known yet (a file not read yet).
 * @param plan - Batch size, optimizer, test split and how many examples go to the backend.
 */
export function estimateRunMemory(
  graph: ShapedGraph,
  data: DataSize | null,
  plan: MemoryPlan,
): MemoryEstimate {
  const parts: Record<MemoryPart, number> = {
    weights: 0,
    gradients: 0,
    optimizer: 0,
    traced: 0,
    activations: 0,
    deviceData: 0,
    hostData: 0,
  };
  const count = data?.count ?? 1;
  const batch = Math.max(1, Math.min(plan.batchSize, count));
  // A training step keeps value and gradient of every node; evaluation keeps values of one chunk.
  const activationRows = Math.max(2 * batch, Math.min(EVAL_CHUNK, count));
  const slots = OPTIMIZER_SLOTS[plan.optimizer];
  const nodes: { nodeId: string; bytes: number }[] = [];
  for (const id of graph.order) {
    let bytes = 0;
    for (const w of graph.weights.get(id) ?? []) {
      const size = product(w.shape) * FLOAT_BYTES;
      parts.weights += size;
      bytes += size;
      if (!w.trainable) continue;
      parts.gradients += size;
      parts.optimizer += slots * size;
      parts.traced += 2 * size;
      bytes += (3 + slots) * size;
    }
    const shape = graph.shapes.get(id);
    // A node without a batch dimension that owns weights outputs its weight itself (a Parameter).
    const batched = shape?.includes('N') ?? false;
    if (shape && (batched || !graph.weights.get(id)?.length)) {
      const size = product(concreteShape(shape, 1)) * FLOAT_BYTES * (batched ? activationRows : 2);
      parts.activations += size;
      bytes += size;
    }
    nodes.push({ nodeId: id, bytes });
  }
  if (data) {
    const onDevice = Math.min(plan.deviceExamples ?? data.count, data.count);
    const bytes = onDevice * (data.featureSize + deviceLabelSize(graph, data)) * FLOAT_BYTES;
    const copied = plan.shuffle && plan.deviceExamples === undefined && bytes <= EPOCH_COPY_LIMIT;
    parts.deviceData = copied ? 2 * bytes : bytes;
    const copies = plan.testSplit > 0 ? 2 : 1;
    parts.hostData = copies * data.count * (data.featureSize + data.labelSize) * FLOAT_BYTES;
  }
  nodes.sort((a, b) => b.bytes - a.bytes);
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, parts, nodes, optimizer: plan.optimizer, data };
}

/** `34.4 GB`, `512 MB`, `12 KB`, `80 bytes` (1 GB = 1024 MB). */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [GB * 1024, 'TB'],
    [GB, 'GB'],
    [MB, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${v >= 100 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1)} ${unit}`;
    }
  }
  return `${Math.round(bytes)} bytes`;
}

/** The three largest parts, largest first: `Adam slots 6.7 GB, traced copies 6.7 GB, weights 3.4 GB`. */
function describeParts(e: MemoryEstimate): string {
  // Short labels: the whole message must fit one diagnostic line.
  const label: Record<MemoryPart, string> = {
    weights: 'weights',
    gradients: 'gradients',
    optimizer: `${OPTIMIZER_NAMES[e.optimizer]} slots`,
    traced: 'traced copies',
    activations: 'activations',
    deviceData: 'data on the backend',
    hostData: 'data in memory',
  };
  return (Object.entries(e.parts) as [MemoryPart, number][])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([part, bytes]) => `${label[part]} ${formatBytes(bytes)}`)
    .join(', ');
}

/**
 * Refuses a run whose estimate exceeds the limit: one diagnostic that names the figure, its largest
 * parts and what to shrink — the largest node, or the data set when it is the larger share.
 *
 * @param raiseHint - How the user raises the limit where the run comes from (`--memory-limit`).
 * @returns Empty when the run fits.
 */
export function checkRunMemory(
  graph: ShapedGraph,
  estimate: MemoryEstimate,
  limit: number,
  raiseHint = 'the memory limit setting',
): Diagnostic[] {
  if (estimate.total <= limit) return [];
  const figures = `the run needs about ${formatBytes(estimate.total)} (${describeParts(estimate)}, …), over the ${formatBytes(limit)} limit`;
  const top = estimate.nodes[0];
  const data = estimate.parts.deviceData + estimate.parts.hostData;
  if (estimate.data && data >= (top?.bytes ?? 0)) {
    return [
      diagnostic(
        'bad-training',
        `data set "${estimate.data.name}" (${estimate.data.count} examples): ${figures}; use fewer examples or raise the limit (${raiseHint})`,
        { field: 'training.dataset', path: 'training.dataset' },
      ),
    ];
  }
  const activations = estimate.parts.activations;
  const weighty = activations < estimate.total / 2;
  const spec = graph.nodes.get(top.nodeId)?.spec;
  const param = spec ? sizeParam(spec) : undefined;
  const fix = weighty ? `make it smaller${param ? ` (${param})` : ''}` : 'lower the batch size';
  return [
    diagnostic('bad-param', `node "${top.nodeId}": ${figures}; ${fix} or raise the limit (${raiseHint})`, {
      nodeId: top.nodeId,
      ...(param && weighty ? { field: param } : {}),
    }),
  ];
}

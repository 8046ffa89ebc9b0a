/**
 * One way to get from a graph document to a trainer, shared by the CLI and the training worker:
 * validate the graph, load its data, check the data against the Input and Target nodes, build the
 * trainer. Every expected failure comes back as diagnostics, tagged with the stage that failed.
 */
import { DatasetError } from '../data/dataset';
import type { Dataset } from '../data/dataset';
import type { FileReader } from '../data/kind';
import { datasetSize, loadDataset } from '../data/load';
import { hasErrors } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { GraphDoc } from '../graph/types';
import { checkGraph } from '../graph/check';
import {
  checkReachability,
  setAsideScratch,
  unreachableNodes,
  withDownstream,
  withoutNodes,
} from '../graph/validate';
import type { ShapedGraph } from '../shapes/infer';
import { Trainer } from '../train/trainer';
import type { TrainerOptions } from '../train/trainer';
import { checkData } from './check-data';
import { dataErrorDiagnostic } from './data-errors';
import {
  checkRunMemory,
  DEFAULT_FILE_LIMIT,
  DEFAULT_MEMORY_LIMIT,
  estimateRunMemory,
  formatBytes,
} from './memory';
import type { DataSize, MemoryPlan, RunLimits } from './memory';

/** Data files: a reader (the CLI reads from disk), or the files the UI sent, by the path the graph names. */
export type DataFiles = FileReader | Readonly<Record<string, Uint8Array>>;

/**
 * Which stage failed: `graph` (checkGraph), `data` (loading the data set or splitting it), `fit`
 * (the data does not fit the Input or Target nodes) or `memory` (the run would need more memory
 * than its limit; checked before the data set is generated and again once it is loaded).
 */
export type RunStage = 'graph' | 'data' | 'fit' | 'memory';

/** A stage that failed, with what the user should see. */
export interface RunFailure {
  ok: false;
  stage: RunStage;
  diagnostics: Diagnostic[];
}

/** A checked data set. */
export interface RunData {
  ok: true;
  dataset: Dataset;
  /**
   * The graph to run: the one given, or the one given without the scratch nodes the data does not
   * fit (an unconnected Input of the wrong shape), which training leaves out.
   */
  graph: ShapedGraph;
  /** Warnings about the nodes left out; empty when none was. */
  warnings: Diagnostic[];
}

/** A graph ready to train. */
export interface PreparedRun {
  ok: true;
  graph: ShapedGraph;
  /** The whole data set (the trainer holds the split). */
  dataset: Dataset;
  trainer: Trainer;
  /** The graph's warnings. */
  warnings: Diagnostic[];
}

/** Options of {@link prepareRun}. */
export interface PrepareOptions {
  /** Seed of the data and the trainer instead of `training.seed` (the CLI's `--seed`). */
  seed?: number;
  /** Overrides of the training section (the CLI's `--epochs`, `--batch-size`, `--lr`). */
  overrides?: TrainerOptions['overrides'];
  /**
   * Awaited once graph and data are checked, before the trainer is built: the trainer's variables
   * need a tfjs backend, and a caller that starts one there does not start it for a graph it rejects.
   */
  beforeTrainer?: () => Promise<unknown>;
  /** The memory and file-size limits (defaults {@link DEFAULT_MEMORY_LIMIT}, {@link DEFAULT_FILE_LIMIT}). */
  limits?: RunLimits;
  /**
   * How the user raises the limits where this run comes from, for the messages; default the
   * editor's settings. The CLI says `--memory-limit` and `--file-limit`.
   */
  raiseHints?: RaiseHints;
}

/** How the user raises each limit, in words for messages. */
export interface RaiseHints {
  memory: string;
  file: string;
}

/** What the editor's messages say. */
const SETTING_HINTS: RaiseHints = { memory: 'the memory limit setting', file: 'the file size limit setting' };

/** The memory check {@link loadRunData} makes before and after loading the data. */
export interface MemoryCheck {
  plan: MemoryPlan;
  /** Bytes; default {@link DEFAULT_MEMORY_LIMIT}. */
  limit?: number;
  /** How to raise it, for the message. */
  hint?: string;
}

/**
 * A reader over files sent with the graph; a path that was not sent is a data error, and so is a
 * file over the size limit (the editor read it, but decoding it would take several times as much).
 */
function readerOf(
  files: DataFiles,
  maxBytes = DEFAULT_FILE_LIMIT,
  hints: RaiseHints = SETTING_HINTS,
): FileReader {
  if (typeof files === 'function') return files;
  const read = (path: string) => {
    const bytes = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    if (!bytes)
      throw new DatasetError(`the data file "${path}" was not sent with the graph; import it again`);
    if (bytes.length > maxBytes)
      throw new DatasetError(
        `the data file "${path}" is ${formatBytes(bytes.length)}, over the ${formatBytes(maxBytes)} limit; raise it with ${hints.file}`,
      );
    return bytes;
  };
  const reader: FileReader = read;
  reader.size = (path) => read(path).length;
  reader.readRange = (path, start, length) => read(path).subarray(start, start + length);
  reader.has = (path) => Object.prototype.hasOwnProperty.call(files, path);
  return reader;
}

/** The memory plan of a graph's training section with the caller's overrides. */
export function memoryPlan(graph: ShapedGraph, overrides: TrainerOptions['overrides'] = {}): MemoryPlan {
  const training = { ...graph.doc.training, ...overrides };
  return {
    batchSize: training.batchSize,
    optimizer: training.optimizer.type,
    testSplit: training.testSplit,
    shuffle: training.shuffle,
  };
}

/** A `memory` failure when the run would not fit its limit; null when it fits. */
export function memoryFailure(
  graph: ShapedGraph,
  data: DataSize | null,
  check: MemoryCheck,
): RunFailure | null {
  const estimate = estimateRunMemory(graph, data, check.plan);
  const problems = checkRunMemory(graph, estimate, check.limit ?? DEFAULT_MEMORY_LIMIT, check.hint);
  return problems.length ? failure('memory', problems) : null;
}

const failure = (stage: RunStage, diagnostics: Diagnostic[]): RunFailure => ({
  ok: false,
  stage,
  diagnostics,
});

/**
 * Loads a checked graph's data set and checks that it fits the graph.
 *
 * @param graph - The checked graph; its `training.dataset` says what to load.
 * @param files - Where data files come from.
 * @param seed - Seed of synthetic data (default `training.seed`).
 * @param memory - Refuse a run over this memory limit: checked before the data set is generated
 *   (from its options, or without it when only its files know its size), and again once loaded.
 * @param fileLimit - Largest data file sent with the graph (a reader enforces its own limit).
 */
export function loadRunData(
  graph: ShapedGraph,
  files: DataFiles,
  seed = graph.doc.training.seed,
  memory?: MemoryCheck,
  fileLimit?: { maxBytes?: number; hints?: RaiseHints },
): RunData | RunFailure {
  let dataset: Dataset;
  try {
    const spec = graph.doc.training.dataset;
    const early = memory && memoryFailure(graph, datasetSize(spec), memory);
    if (early) return early;
    dataset = loadDataset(spec, seed, readerOf(files, fileLimit?.maxBytes, fileLimit?.hints));
  } catch (err) {
    if (err instanceof DatasetError) return failure('data', [dataErrorDiagnostic(err)]);
    throw err;
  }
  if (memory) {
    const size = {
      name: dataset.name,
      count: dataset.count,
      featureSize: dataset.features.length / Math.max(1, dataset.count),
      labelSize: dataset.labels.length / Math.max(1, dataset.count),
    };
    const late = memoryFailure(graph, size, memory);
    if (late) return late;
  }
  const problems = checkData(graph, dataset);
  if (!hasErrors(problems)) return { ok: true, dataset, graph, warnings: [] };
  // A node that feeds no loss and does not fit the data is a scratch node: leave it out.
  const unreachable: Diagnostic[] = [];
  checkReachability(graph, unreachable);
  const scratch = setAsideScratch(unreachableNodes(graph), [...problems, ...unreachable]);
  if (!scratch) return failure('fit', problems);
  const rest = checkGraph(withoutNodes(graph.doc, withDownstream(graph.doc, scratch.leftOut))).graph;
  if (!rest || hasErrors(checkData(rest, dataset))) return failure('fit', problems);
  const warnings = scratch.diagnostics.filter((d) => d.nodeId !== undefined && scratch.leftOut.has(d.nodeId));
  return { ok: true, dataset, graph: rest, warnings };
}

/**
 * Validates a graph document, loads and checks its data and builds its trainer.
 *
 * @param doc - The graph document.
 * @param files - Where the data files the document names come from.
 * @param options - Seed and training overrides, and a hook to run before the trainer is built.
 * @returns The trainer with its graph and data, or the stage that failed and its diagnostics.
 *   Unexpected errors (bugs, backend failures) are thrown.
 */
export async function prepareRun(
  doc: GraphDoc,
  files: DataFiles,
  options: PrepareOptions = {},
): Promise<PreparedRun | RunFailure> {
  // `training`: a graph whose losses depend on no trainable weight is refused here (naming the
  // loss), before tfjs would throw "variableGrads() expects at least one … trainable" at step 1.
  const checked = checkGraph(doc, { training: true });
  if (!checked.graph) return failure('graph', checked.diagnostics);
  const seed = options.seed ?? doc.training.seed;
  const hints = options.raiseHints ?? SETTING_HINTS;
  const memory: MemoryCheck = {
    plan: memoryPlan(checked.graph, options.overrides),
    limit: options.limits?.memoryBytes,
    hint: hints.memory,
  };
  const data = loadRunData(checked.graph, files, seed, memory, {
    maxBytes: options.limits?.fileBytes,
    hints,
  });
  if (!data.ok) return data;
  const { graph } = data;
  // A node the data set left out replaces its graph-stage warning with the one saying why.
  const leftOut = new Set(data.warnings.map((d) => d.nodeId));
  const warnings = [
    ...checked.diagnostics.filter((d) => !(d.code === 'unreachable' && leftOut.has(d.nodeId))),
    ...data.warnings,
  ];
  await options.beforeTrainer?.();
  try {
    const overrides = { ...options.overrides, ...(options.seed !== undefined ? { seed } : {}) };
    const trainer = new Trainer({ graph, dataset: data.dataset, overrides });
    return { ok: true, graph, dataset: data.dataset, trainer, warnings };
  } catch (err) {
    // The trainer splits the data; a split the data cannot give is the test split's fault.
    if (err instanceof DatasetError) return failure('data', [dataErrorDiagnostic(err, 'training.testSplit')]);
    throw err;
  }
}

/**
 * One way to get from a graph document to a trainer, shared by the CLI and the training worker:
 * validate the graph, load its data, check the data against the Input and Target nodes, build the
 * trainer. Every expected failure comes back as diagnostics, tagged with the stage that failed.
 */
import { DatasetError } from '../data/dataset';
import type { Dataset } from '../data/dataset';
import type { FileReader } from '../data/kind';
import { loadDataset } from '../data/load';
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

/** Data files: a reader (the CLI reads from disk), or the files the UI sent, by the path the graph names. */
export type DataFiles = FileReader | Readonly<Record<string, Uint8Array>>;

/**
 * Which stage failed: `graph` (checkGraph), `data` (loading the data set or splitting it) or `fit`
 * (the data does not fit the Input or Target nodes).
 */
export type RunStage = 'graph' | 'data' | 'fit';

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
}

/** A reader over files sent with the graph; a path that was not sent is a data error. */
function readerOf(files: DataFiles): FileReader {
  if (typeof files === 'function') return files;
  return (path) => {
    const bytes = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    if (!bytes)
      throw new DatasetError(`the data file "${path}" was not sent with the graph; import it again`);
    return bytes;
  };
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
 */
export function loadRunData(
  graph: ShapedGraph,
  files: DataFiles,
  seed = graph.doc.training.seed,
): RunData | RunFailure {
  let dataset: Dataset;
  try {
    dataset = loadDataset(graph.doc.training.dataset, seed, readerOf(files));
  } catch (err) {
    if (err instanceof DatasetError) return failure('data', [dataErrorDiagnostic(err)]);
    throw err;
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
  const checked = checkGraph(doc, { training: true });
  if (!checked.graph) return failure('graph', checked.diagnostics);
  const seed = options.seed ?? doc.training.seed;
  const data = loadRunData(checked.graph, files, seed);
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

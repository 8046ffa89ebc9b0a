/** `backprop-studio step`: one forward pass, one backward pass and one update, node by node. */
import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from '../backend/node';
import { shapeSize } from '../data/checks';
import { subsetDataset } from '../data/load';
import type { Feeds } from '../compile/program';
import { compile } from '../compile/program';
import type { ShapedGraph } from '../shapes/infer';
import { loadRunData, memoryFailure, memoryPlan } from '../run/prepare';
import type { MemoryCheck } from '../run/prepare';
import { stepThrough } from '../step/stepper';
import { disposeFeeds, encodeTarget, inputNodeId, targetPlans, uploadData } from '../train/feeds';
import type { TargetPlan } from '../train/feeds';
import { createOptimizer, disposeOptimizer } from '../train/optimizers';
import { CliFailure, runFailure } from './failure';
import type { Io } from './failure';
import { downloadFor } from './download';
import { graphFileReader } from './files';
import { CLI_HINTS, cliLimits } from './limits';
import type { LimitOptions } from './limits';
import { walkToJson, walkToText } from './format';
import { readCheckedGraph } from './graph';
import { idRecord } from '../graph/own';

/** Options of `step`. */
export interface StepOptions extends LimitOptions {
  input?: number[];
  target?: number[];
  lr?: number;
  example?: number;
  backend?: string;
  json?: boolean;
  /** Download the graph's image set (MNIST) first when it is not cached. */
  download?: boolean;
}

/**
 * The memory check of a step: one example, the optimizer's slots, and only that example on the
 * backend (the data set itself is still loaded on the host).
 */
function stepMemory(graph: ShapedGraph, opts: StepOptions): MemoryCheck {
  const plan = { ...memoryPlan(graph), batchSize: 1, deviceExamples: 1 };
  return { plan, limit: cliLimits(opts).memoryBytes, hint: CLI_HINTS.memory };
}

/** Feeds for one example of the graph's data set (`--example`, default the first). */
function exampleFeeds(
  graph: ShapedGraph,
  path: string,
  opts: StepOptions,
  print: (line: string) => void,
): Feeds {
  const index = opts.example ?? 0;
  const reader = graphFileReader(path, { maxBytes: cliLimits(opts).fileBytes, raiseHint: CLI_HINTS.file });
  const data = loadRunData(graph, reader, graph.doc.training.seed, stepMemory(graph, opts));
  if (!data.ok) return runFailure(path, data, print);
  const { dataset } = data;
  if (index >= dataset.count)
    throw new CliFailure(`--example ${index} is out of range: the data set has ${dataset.count} examples`, 1);
  // Upload just the one example, not the whole data set (MNIST would be 60,000 images).
  const device = uploadData(graph, subsetDataset(dataset, [index]));
  const feeds = device.batch(Int32Array.of(0));
  device.dispose();
  return feeds;
}

/**
 * A Target's label from `--target`: a class index for `index` targets and for one-hot targets given
 * one number, otherwise the values themselves (a one-hot target may also be given as its vector).
 */
function targetTensor(plan: TargetPlan, t: number[]): tf.Tensor {
  const { nodeId: id, encoding, shape } = plan;
  if (encoding === 'index' || (encoding === 'onehot' && t.length === 1)) {
    if (!Number.isInteger(t[0]) || t[0] < 0 || (encoding === 'onehot' && t[0] >= shape[0]))
      throw new CliFailure(`--target for Target "${id}" must be a class index 0…${shape[0] - 1}`, 1);
    return encodeTarget(plan, Float32Array.of(t[0]), 1);
  }
  const size = shapeSize(shape);
  if (t.length !== size)
    throw new CliFailure(
      `--target has ${t.length} values but Target "${id}" has shape [${shape.join(',')}] (${size} values)`,
      1,
    );
  return encodeTarget({ ...plan, encoding: 'value' }, Float32Array.from(t), 1);
}

function inputTensor(graph: ShapedGraph, values: number[]): tf.Tensor {
  const inputId = inputNodeId(graph);
  if (!inputId) throw new CliFailure('--input given but the graph has no Input node', 1);
  const shape = graph.nodes.get(inputId)!.params.ints('shape');
  const size = shapeSize(shape);
  if (values.length !== size)
    throw new CliFailure(
      `--input has ${values.length} values but Input "${inputId}" has shape [${shape.join(',')}] (${size} values)`,
      1,
    );
  return tf.tensor(values, [1, ...shape]);
}

/** Feeds for one example given on the command line (or taken from the data set). */
function stepFeeds(
  graph: ShapedGraph,
  path: string,
  opts: StepOptions,
  print: (line: string) => void,
): Feeds {
  const plans = targetPlans(graph);
  if (opts.input === undefined || (opts.target === undefined && plans.length > 0)) {
    const feeds = exampleFeeds(graph, path, opts, print);
    if (opts.input !== undefined) {
      feeds.features.dispose();
      feeds.features = inputTensor(graph, opts.input);
    }
    return feeds;
  }
  const feeds: Feeds = { features: inputTensor(graph, opts.input), labels: idRecord() };
  for (const plan of plans) feeds.labels[plan.nodeId] = targetTensor(plan, opts.target!);
  return feeds;
}

/** Takes one training step of a graph file and prints the walk; resolves to 0. */
export async function stepCommand(path: string, opts: StepOptions, io: Io): Promise<number> {
  const graph = readCheckedGraph(path, io.err);
  // Before the backend starts: weights too big are refused whether or not the data is read.
  const tooBig = memoryFailure(graph, null, stepMemory(graph, opts));
  if (tooBig) return runFailure(path, tooBig, io.err);
  if (opts.download && !(opts.input && opts.target)) await downloadFor(graph.doc, io.err);
  await startNodeBackend(opts.backend);
  const feeds = stepFeeds(graph, path, opts, io.err);
  const program = compile(graph);
  const spec = { ...graph.doc.training.optimizer, ...(opts.lr ? { learningRate: opts.lr } : {}) };
  const optimizer = createOptimizer(spec);
  try {
    const walk = await stepThrough(program, optimizer, feeds, {
      fullLimit: 1_000_000,
      optimizerType: spec.type,
    });
    io.out(opts.json ? JSON.stringify(walkToJson(walk)) : walkToText(walk));
  } finally {
    disposeFeeds(feeds);
    program.dispose();
    disposeOptimizer(optimizer);
  }
  return 0;
}

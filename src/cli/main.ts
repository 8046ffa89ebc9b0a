/**
 * The `backprop-studio` command line: validate, train and step graph files.
 *
 * Exit codes: 0 success; 1 the graph or its data has problems (or training failed); 2 the file
 * cannot be read or is not a graph, or the command line is wrong.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from '../backend/node';
import { DatasetError } from '../data/dataset';
import { subsetDataset } from '../data/load';
import { formatDiagnostic, hasErrors } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import { serializeGraph } from '../graph/load';
import type { GraphDoc } from '../graph/types';
import { checkGraph } from '../graph/check';
import type { ShapedGraph } from '../shapes/infer';
import { compile } from '../compile/program';
import type { Feeds } from '../compile/program';
import { stepThrough } from '../step/stepper';
import { checkData, disposeFeeds, uploadData } from '../train/feeds';
import { createOptimizer, disposeOptimizer } from '../train/optimizers';
import { Trainer } from '../train/trainer';
import type { Progress } from '../train/trainer';
import { writeAtomic } from '../node/write-atomic';
import { readGraphFile, loadGraphDataset } from './files';
import { num, walkToJson, walkToText } from './format';

/** An expected failure: printed as one line, exits with `code`. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2,
  ) {
    super(message);
  }
}

const PARSE_CODES = new Set(['invalid-json', 'not-a-graph']);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

function numberList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  const bad = parts.findIndex((p, i) => p === '' || !Number.isFinite(nums[i]));
  if (bad >= 0) throw new InvalidArgumentError(`item ${bad + 1} ("${parts[bad]}") is not a number`);
  return nums;
}

/** Loads and checks a graph; throws `CliFailure` with exit code 2 (unreadable) or 1 (invalid). */
function loadChecked(
  path: string,
  print: (line: string) => void,
): { doc: GraphDoc; graph: ShapedGraph; warnings: Diagnostic[] } {
  const loaded = readGraphFile(path);
  if (loaded.ioError) throw new CliFailure(loaded.ioError, 2);
  if (!loaded.doc) {
    const code = loaded.diagnostics.some((d) => PARSE_CODES.has(d.code)) ? 2 : 1;
    for (const d of loaded.diagnostics.slice(0, -1)) print(`${path}: ${formatDiagnostic(d)}`);
    const last = loaded.diagnostics[loaded.diagnostics.length - 1];
    throw new CliFailure(`${path}: ${formatDiagnostic(last)}`, code);
  }
  const { graph, diagnostics } = checkGraph(loaded.doc);
  if (!graph) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors.slice(0, -1)) print(`${path}: ${formatDiagnostic(d)}`);
    throw new CliFailure(`${path}: ${formatDiagnostic(errors[errors.length - 1])}`, 1);
  }
  return { doc: loaded.doc, graph, warnings: diagnostics };
}

/** Loads the graph's data set and checks it fits the Input and Target nodes. */
function loadData(doc: GraphDoc, graph: ShapedGraph, path: string, seed: number) {
  let dataset;
  try {
    dataset = loadGraphDataset(doc, path, seed);
  } catch (err) {
    if (err instanceof DatasetError) throw new CliFailure(`${path}: data set: ${err.message}`, 1);
    throw err;
  }
  const problems = checkData(graph, dataset);
  if (problems.length)
    throw new CliFailure(problems.map((d) => `${path}: ${formatDiagnostic(d)}`).join('\n'), 1);
  return dataset;
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

async function validateCommand(path: string, opts: { json?: boolean }, io: Io): Promise<number> {
  const loaded = readGraphFile(path);
  if (loaded.ioError) throw new CliFailure(loaded.ioError, 2);
  const diagnostics = loaded.doc ? checkGraph(loaded.doc).diagnostics : loaded.diagnostics;
  const code =
    !loaded.doc && diagnostics.some((d) => PARSE_CODES.has(d.code)) ? 2 : hasErrors(diagnostics) ? 1 : 0;
  if (opts.json) {
    io.out(JSON.stringify({ file: path, valid: code === 0, diagnostics }));
    return code;
  }
  for (const d of diagnostics) io.out(`${path}: ${formatDiagnostic(d)}`);
  if (code === 0) {
    const doc = loaded.doc!;
    const warnings = diagnostics.length
      ? `, ${diagnostics.length} warning${diagnostics.length > 1 ? 's' : ''}`
      : '';
    io.out(`${path}: valid (${doc.nodes.length} nodes, ${doc.edges.length} edges${warnings})`);
  } else {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    io.out(`${path}: ${errors} error${errors > 1 ? 's' : ''}`);
  }
  return code;
}

interface TrainOptions {
  epochs?: number;
  backend?: string;
  seed?: number;
  batchSize?: number;
  lr?: number;
  json?: boolean;
  save?: string;
}

function progressFields(p: Progress) {
  return {
    epoch: p.epoch,
    step: p.step,
    loss: p.train?.loss ?? p.loss,
    ...(p.train?.accuracy !== undefined ? { accuracy: p.train.accuracy } : {}),
    ...(p.test ? { testLoss: p.test.loss } : {}),
    ...(p.test?.accuracy !== undefined ? { testAccuracy: p.test.accuracy } : {}),
    examplesPerSecond: Math.round(p.examplesPerSecond),
  };
}

async function trainCommand(path: string, opts: TrainOptions, io: Io): Promise<number> {
  const { doc, graph } = loadChecked(path, io.err);
  const backend = await startNodeBackend(opts.backend);
  const seed = opts.seed ?? doc.training.seed;
  const dataset = loadData(doc, graph, path, seed);
  const optimizer = opts.lr ? { ...doc.training.optimizer, learningRate: opts.lr } : undefined;
  const trainer = new Trainer({
    graph,
    dataset,
    overrides: {
      seed,
      ...(opts.epochs ? { epochs: opts.epochs } : {}),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      ...(optimizer ? { optimizer } : {}),
    },
  });
  const json = Boolean(opts.json);
  const bar =
    !json && io.isTTY
      ? new SingleBar(
          {
            format:
              'epoch {epoch}/{epochs} |{bar}| {percentage}% loss {loss} {acc} {eps} ex/s eta {eta_formatted}',
            hideCursor: true,
          },
          Presets.shades_classic,
        )
      : null;
  if (!json)
    io.out(
      `training ${graph.doc.name ?? path} on ${dataset.name} (${trainer.train.count} train, ${trainer.test?.count ?? 0} test) with ${backend.name}`,
    );
  bar?.start(trainer.totalSteps, 0, { epoch: 0, epochs: trainer.spec.epochs, loss: '—', acc: '', eps: 0 });
  let nonFinite: string | null = null;
  let lastPrinted = -1;
  const everyEpochs = Math.max(1, Math.ceil(trainer.spec.epochs / 20));
  let final: Progress;
  try {
    final = await trainer.run(
      (event) => {
        if (event.type === 'nonfinite') {
          nonFinite = event.message;
          trainer.stop();
          return;
        }
        if (event.type !== 'epoch') return;
        const p = event.progress;
        const f = progressFields(p);
        if (json) io.out(JSON.stringify(f));
        else if (bar)
          bar.update(p.step, {
            epoch: p.epoch,
            loss: num(f.loss),
            acc: f.accuracy !== undefined ? `acc ${(f.accuracy * 100).toFixed(1)}%` : '',
            eps: f.examplesPerSecond,
          });
        else if (p.epoch - lastPrinted >= everyEpochs || p.done) {
          lastPrinted = p.epoch;
          io.out(
            `epoch ${p.epoch}/${p.epochs} loss ${num(f.loss)}${f.accuracy !== undefined ? ` accuracy ${(f.accuracy * 100).toFixed(1)}%` : ''}`,
          );
        }
      },
      { progressEveryMs: 1000 },
    );
  } finally {
    bar?.stop();
  }
  if (nonFinite) {
    trainer.dispose();
    throw new CliFailure(`${path}: ${nonFinite}`, 1);
  }
  const metrics = await trainer.evaluate();
  const done = {
    done: true,
    epochs: final.epoch,
    loss: metrics.train.loss,
    ...(metrics.train.accuracy !== undefined ? { accuracy: metrics.train.accuracy } : {}),
    ...(metrics.test ? { testLoss: metrics.test.loss } : {}),
    ...(metrics.test?.accuracy !== undefined ? { testAccuracy: metrics.test.accuracy } : {}),
    backend: backend.name,
  };
  if (opts.save) {
    const weights = await trainer.program.exportWeights();
    writeAtomic(opts.save, serializeGraph({ ...doc, weights }));
  }
  trainer.dispose();
  if (json) io.out(JSON.stringify(done));
  else {
    const acc = done.accuracy !== undefined ? `, accuracy ${(done.accuracy * 100).toFixed(1)}%` : '';
    const test = metrics.test
      ? `; test loss ${num(metrics.test.loss)}${metrics.test.accuracy !== undefined ? `, accuracy ${(metrics.test.accuracy * 100).toFixed(1)}%` : ''}`
      : '';
    io.out(
      `done: ${done.epochs} epochs, loss ${num(done.loss)}${acc}${test}${opts.save ? `; saved to ${opts.save}` : ''}`,
    );
  }
  return 0;
}

interface StepOptions {
  input?: number[];
  target?: number[];
  lr?: number;
  example?: number;
  backend?: string;
  json?: boolean;
}

/** Feeds for one example given on the command line (or taken from the data set). */
function stepFeeds(doc: GraphDoc, graph: ShapedGraph, path: string, opts: StepOptions): Feeds {
  const inputId = graph.order.find((id) => graph.nodes.get(id)!.spec.role === 'input');
  const targets = graph.order.filter((id) => graph.nodes.get(id)!.spec.role === 'target');
  if (opts.input === undefined || (opts.target === undefined && targets.length > 0)) {
    const dataset = loadData(doc, graph, path, doc.training.seed);
    const index = opts.example ?? 0;
    if (index >= dataset.count)
      throw new CliFailure(
        `--example ${index} is out of range: the data set has ${dataset.count} examples`,
        1,
      );
    // Upload just the one example, not the whole data set (MNIST would be 60,000 images).
    const data = uploadData(graph, subsetDataset(dataset, [index]));
    const feeds = data.batch(Int32Array.of(0));
    data.dispose();
    if (opts.input !== undefined) {
      feeds.features.dispose();
      feeds.features = inputTensor(graph, inputId, opts.input);
    }
    return feeds;
  }
  const feeds: Feeds = { features: inputTensor(graph, inputId, opts.input), labels: {} };
  for (const id of targets) {
    const p = graph.nodes.get(id)!.params;
    const shape = p.ints('shape');
    const size = shape.reduce((a, b) => a * b, 1);
    const t = opts.target!;
    const encoding = p.str('encoding');
    if (encoding === 'index' || (encoding === 'onehot' && t.length === 1)) {
      if (!Number.isInteger(t[0]) || t[0] < 0 || (encoding === 'onehot' && t[0] >= shape[0]))
        throw new CliFailure(`--target for Target "${id}" must be a class index 0…${shape[0] - 1}`, 1);
      feeds.labels[id] = encoding === 'index' ? tf.tensor1d([t[0]]) : tf.oneHot([t[0]], shape[0]).toFloat();
    } else {
      if (t.length !== size)
        throw new CliFailure(
          `--target has ${t.length} values but Target "${id}" has shape [${shape.join(',')}] (${size} values)`,
          1,
        );
      feeds.labels[id] = tf.tensor(t, [1, ...shape]);
    }
  }
  return feeds;
}

function inputTensor(graph: ShapedGraph, inputId: string | undefined, values: number[]): tf.Tensor {
  if (!inputId) throw new CliFailure('--input given but the graph has no Input node', 1);
  const shape = graph.nodes.get(inputId)!.params.ints('shape');
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size)
    throw new CliFailure(
      `--input has ${values.length} values but Input "${inputId}" has shape [${shape.join(',')}] (${size} values)`,
      1,
    );
  return tf.tensor(values, [1, ...shape]);
}

async function stepCommand(path: string, opts: StepOptions, io: Io): Promise<number> {
  const { doc, graph } = loadChecked(path, io.err);
  await startNodeBackend(opts.backend);
  const feeds = stepFeeds(doc, graph, path, opts);
  const program = compile(graph);
  const spec = { ...doc.training.optimizer, ...(opts.lr ? { learningRate: opts.lr } : {}) };
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

/** Builds the command-line program; `io` lets tests capture output. */
export function buildCli(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('backprop-studio')
    .description(
      'Validate, train and step through neural-network computation graphs (Backprop Studio graph files).',
    )
    .option('--verbose', 'print stack traces of unexpected errors')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const backendOption = () => new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']);
  program
    .command('validate')
    .description('check a graph file and print its problems (exit 0 valid, 1 errors, 2 unreadable)')
    .argument('<graph.json>')
    .option('--json', 'print one JSON object with all diagnostics')
    .action(async (path: string, opts) => setExit(await validateCommand(path, opts, io)));
  program
    .command('train')
    .description("train a graph on its data set with the file's training settings")
    .argument('<graph.json>')
    .option('--epochs <n>', 'number of epochs', positiveInt)
    .option('--seed <s>', 'random seed (weights, shuffling, data)', nonNegativeInt)
    .option('--batch-size <n>', 'examples per step', positiveInt)
    .option('--lr <rate>', 'learning rate', positiveNumber)
    .addOption(backendOption())
    .option('--json', 'one JSON object per line; the last is {"done": true, …}')
    .option('--save <out.json>', 'write the graph with its trained weights to this file')
    .action(async (path: string, opts: TrainOptions) => setExit(await trainCommand(path, opts, io)));
  program
    .command('step')
    .description('one forward pass, one backward pass and one update, node by node')
    .argument('<graph.json>')
    .option('--input <a,b,…>', 'input values (default: the first example of the data set)', numberList)
    .option('--target <t,…>', 'target values, or a class index for one-hot/index targets', numberList)
    .option('--example <i>', 'use example i of the data set', nonNegativeInt)
    .option('--lr <rate>', 'learning rate', positiveNumber)
    .addOption(backendOption())
    .option('--json', 'print {loss, forward, backward, params} as JSON')
    .action(async (path: string, opts: StepOptions) => setExit(await stepCommand(path, opts, io)));
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let code = 0;
  const program = buildCli(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliFailure) {
      io.err(err.message);
      return err.code;
    }
    const verbose = argv.includes('--verbose');
    io.err(
      `error: ${err instanceof Error ? err.message : String(err)}${verbose ? '' : ' (run with --verbose for details)'}`,
    );
    if (verbose && err instanceof Error && err.stack) io.err(err.stack);
    return 1;
  }
}

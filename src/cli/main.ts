/**
 * The `backprop-studio` command line: validate, train, step and export graph files, import models
 * of other frameworks, and list data sets.
 *
 * Exit codes: 0 success; 1 the graph or its data has problems (or training failed); 2 the file
 * cannot be read or is not a graph, or the command line is wrong.
 */
import { Command, CommanderError, Option } from 'commander';
import { DATASET_KINDS } from '../data/registry';
import { byteSize, nonNegativeInt, numberList, positiveInt, positiveNumber } from './args';
import { datasetsCommand } from './datasets';
import { exportCommand } from './export';
import type { ExportCliOptions } from './export';
import { EXPORT_FORMATS } from '../export/registry';
import { importCommand } from './import';
import type { ImportCliOptions } from './import';
import { IMPORTERS } from '../import/registry';
import { CliFailure } from './failure';
import type { Io } from './failure';
import { predictCommand } from './predict';
import type { PredictOptions } from './predict';
import { stepCommand } from './step';
import type { StepOptions } from './step';
import { trainCommand } from './train';
import type { TrainOptions } from './train';
import { validateCommand } from './validate';

export type { Io } from './failure';

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
  const memoryOption = () =>
    new Option(
      '--memory-limit <size>',
      'refuse a run estimated to need more memory (512MB, 8GB; default half the RAM, at most 4GB)',
    ).argParser(byteSize);
  const fileOption = () =>
    new Option('--file-limit <size>', 'largest data file read (default 512MB)').argParser(byteSize);
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
    .option('--download', 'download the data set first when it is MNIST/Fashion-MNIST and not cached')
    .addOption(memoryOption())
    .addOption(fileOption())
    .addHelpText(
      'after',
      `\nData sets (training.dataset.kind): ${DATASET_KINDS.map((k) => k.kind).join(', ')}.\nTheir options: backprop-studio datasets`,
    )
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
    .option('--download', 'download the data set first when it is MNIST/Fashion-MNIST and not cached')
    .addOption(memoryOption())
    .addOption(fileOption())
    .action(async (path: string, opts: StepOptions) => setExit(await stepCommand(path, opts, io)));
  program
    .command('export')
    .description('write a graph in another format (files next to the graph, or in --out)')
    .argument('<graph.json>')
    .addOption(
      new Option(
        '--format <id>',
        `export format: ${EXPORT_FORMATS.map((f) => `${f.id} (${f.title})`).join(', ')}`,
      )
        .choices(EXPORT_FORMATS.map((f) => f.id))
        .makeOptionMandatory(),
    )
    .option('--out <dir>', 'output folder')
    .option('--no-weights', 'leave the trained weights out')
    .option('--force', 'replace files that already exist')
    .action(async (path: string, opts: ExportCliOptions) => setExit(await exportCommand(path, opts, io)));
  program
    .command('predict')
    .description("the model's outputs for examples in a JSON list or CSV rows (inference mode)")
    .argument('<graph.json>')
    .requiredOption('--inputs <file>', 'examples: a JSON list, or CSV rows without header')
    .addOption(backendOption())
    .option('--json', 'print {outputs: {node: values}} as JSON')
    .action(async (path: string, opts: PredictOptions) => setExit(await predictCommand(path, opts, io)));
  program
    .command('import')
    .description('read a Keras, TensorFlow.js or ONNX model into a graph file (with its weights)')
    .argument('<model>', 'the model file; files it needs (weight shards) are read from its folder')
    .option('--out <graph.json>', 'graph file to write (default: next to the model, named after it)')
    .option('--force', 'replace the graph file if it exists')
    .addOption(
      new Option(
        '--file-limit <size>',
        'largest size of the model and its files together (default 512MB)',
      ).argParser(byteSize),
    )
    .addHelpText(
      'after',
      () =>
        `\nFormats: ${IMPORTERS.map((i) => `${i.title} (${i.extensions.join(', ')})`).join('; ') || 'none yet'}.`,
    )
    .action(async (path: string, opts: ImportCliOptions) => setExit(await importCommand(path, opts, io)));
  program
    .command('datasets')
    .description('list the data-set kinds a graph file can name, with their options, bounds and defaults')
    .option('--json', 'print {datasets: [{kind, title, description, options}]} as JSON')
    .action(async (opts: { json?: boolean }) => setExit(await datasetsCommand(opts, io)));
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

/** `backprop-studio export`: a graph file written in another format, files next to it or in `--out`. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { startNodeBackend } from '../backend/node';
import { exportGraph } from '../export/registry';
import { writeAtomic } from '../node/write-atomic';
import { CliFailure } from './failure';
import type { Io } from './failure';
import { readGraphFile } from './files';

/** Options of `export`. */
export interface ExportCliOptions {
  format: string;
  /** Output folder (default: the graph file's folder). */
  out?: string;
  /** Commander's `--no-weights` sets `weights: false`. */
  weights?: boolean;
  /** Replace files that already exist. */
  force?: boolean;
}

/** Writes the export's files (each atomically) and says what the format left out; resolves to the exit code. */
export async function exportCommand(path: string, opts: ExportCliOptions, io: Io): Promise<number> {
  const loaded = readGraphFile(path);
  if (loaded.ioError) throw new CliFailure(loaded.ioError, 2);
  if (!loaded.doc)
    throw new CliFailure(`${path}: not a graph file: ${loaded.diagnostics[0]?.message ?? 'unreadable'}`, 2);
  // Formats that write weights make the initial ones with tfjs's initializers when the graph has
  // no trained ones; tfjs needs a backend started for that.
  await startNodeBackend();
  const result = await exportGraph(opts.format, loaded.doc, { noWeights: opts.weights === false });
  if (!result.ok) throw new CliFailure(`${path}: ${result.message}`, 1);
  const dir = resolve(opts.out ?? dirname(path));
  const targets = result.files.map((file) => join(dir, file.path));
  // Nothing is written unless every file may be: an export never replaces the graph it reads, and
  // replaces other files only with --force.
  for (const target of targets) {
    // A format's paths are relative and stay inside the output folder; anything else is a bug.
    if (!target.startsWith(dir + sep))
      throw new CliFailure(`${target}: an export file must stay inside ${dir}`, 1);
    if (target === resolve(path))
      throw new CliFailure(`${target}: the export would replace the graph file itself; choose --out`, 1);
    if (!opts.force && existsSync(target))
      throw new CliFailure(`${target} exists; use --force to replace it`, 1);
  }
  // What the format leaves out is said before anything is written (and stays on screen above it).
  for (const l of result.limitations) io.out(`note: ${l.nodeId ? `node "${l.nodeId}": ` : ''}${l.message}`);
  mkdirSync(dir, { recursive: true });
  for (const [i, file] of result.files.entries()) {
    const target = targets[i];
    mkdirSync(dirname(target), { recursive: true });
    writeAtomic(target, file.contents);
    io.out(`wrote ${target}`);
  }
  return 0;
}

/**
 * `backprop-studio import`: a model of another framework (Keras, TensorFlow.js, ONNX) read into a
 * graph file. The files the model needs (a LayersModel's weight shards) are read from its folder;
 * every read is bounded, and nothing is written unless the whole model was imported.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { IMPORTERS, importModel } from '../import/registry';
import { importedGraphName, wantedSiblings } from '../import/files';
import type { ImportInput } from '../import/types';
import { serializeGraph } from '../graph/load';
import { writeAtomic } from '../node/write-atomic';
import { DEFAULT_FILE_LIMIT, formatBytes } from '../run/memory';
import { CliFailure } from './failure';
import type { Io } from './failure';
import { readFileLimited } from './files';

/** Options of `import`. */
export interface ImportCliOptions {
  /** Graph file to write (default: the model's name with `.json`, next to it). */
  out?: string;
  /** Replace the output file when it exists. */
  force?: boolean;
  /** Largest size of the model and its files together, in bytes (default 512 MB). */
  fileLimit?: number;
}

/** Why a file could not be read, in words. */
function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : (err as Error).message;
}

/** The names of the regular files in `dir` (none when it cannot be listed). */
function folderFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * Reads the model and the files it needs, the total within `limit` bytes. A needed file that is
 * missing is left out (the importer names it); one that cannot be read otherwise ends the command.
 */
function readModel(path: string, limit: number): ImportInput {
  const raise = { maxBytes: limit, raiseHint: '--file-limit' };
  let bytes: Uint8Array;
  try {
    bytes = readFileLimited(path, raise);
  } catch (err) {
    throw new CliFailure(`cannot read "${path}": ${readError(err)}`, 2);
  }
  const input: ImportInput = { name: basename(path), bytes, siblings: new Map() };
  const dir = dirname(resolve(path));
  const siblings = new Map<string, Uint8Array>();
  let total = bytes.byteLength;
  for (const name of wantedSiblings(input, folderFiles(dir))) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    let sibling: Uint8Array;
    try {
      sibling = readFileLimited(file, { maxBytes: limit - total, raiseHint: '--file-limit' });
    } catch (err) {
      const size = (() => {
        try {
          return statSync(file).size;
        } catch {
          return 0;
        }
      })();
      if (size && total + size > limit)
        throw new CliFailure(
          `${path}: the model and its files come to more than ${formatBytes(limit)} with "${name}"; raise the limit with --file-limit`,
          1,
        );
      throw new CliFailure(`${path}: cannot read "${name}", which the model needs: ${readError(err)}`, 2);
    }
    total += sibling.byteLength;
    siblings.set(name, sibling);
    // Also under its base name, the key the editor uses for files picked or dropped together.
    if (!siblings.has(basename(name))) siblings.set(basename(name), sibling);
  }
  return { ...input, siblings };
}

/** Imports a model into a graph file, printing what changed on the way; resolves to the exit code. */
export async function importCommand(path: string, opts: ImportCliOptions, io: Io): Promise<number> {
  const input = readModel(path, opts.fileLimit ?? DEFAULT_FILE_LIMIT);
  const out = resolve(opts.out ?? join(dirname(path), importedGraphName(input.name)));
  // Checked before the import runs: a refusal must not come after minutes of reading weights.
  if (out === resolve(path) || [...input.siblings.keys()].some((n) => resolve(dirname(path), n) === out))
    throw new CliFailure(`${out}: the graph would replace a file of the model itself; choose --out`, 1);
  if (!opts.force && existsSync(out)) throw new CliFailure(`${out} exists; use --force to replace it`, 1);
  const result = await importModel(input);
  if (!result.ok) {
    // A problem of the whole file says where as the file's name, which the path already gives.
    const lines = result.problems.map((p) =>
      p.where === input.name ? `${path}: ${p.message}` : `${path}: ${p.where}: ${p.message}`,
    );
    for (const line of lines.slice(0, -1)) io.err(line);
    // A file no importer recognises is a file of the wrong kind (2), like a non-graph elsewhere.
    throw new CliFailure(lines[lines.length - 1], IMPORTERS.some((i) => i.sniff(input)) ? 1 : 2);
  }
  for (const note of result.notes) io.out(`note: ${note}`);
  mkdirSync(dirname(out), { recursive: true });
  writeAtomic(out, serializeGraph(result.doc));
  io.out(`wrote ${out} (${result.doc.nodes.length} nodes, ${result.doc.edges.length} edges)`);
  return 0;
}

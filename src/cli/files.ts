/**
 * Node-side file access for the CLI and tests: reading graph files and the data files they name
 * (paths relative to the graph file).
 *
 * Every read is bounded: only regular files are read (`/dev/zero` or a FIFO would otherwise be read
 * forever, or block), and a file over the size limit is refused before a byte of it is read.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dataset } from '../data/dataset';
import { CACHE_PREFIX } from '../data/download/catalog';
import { defaultCacheDir, folderCache } from '../data/download/node-cache';
import type { FileReader } from '../data/kind';
import { loadDataset } from '../data/load';
import { parseGraphText } from '../graph/load';
import type { LoadResult } from '../graph/load';
import type { GraphDoc } from '../graph/types';
import { DEFAULT_FILE_LIMIT, formatBytes } from '../run/memory';

/** How big a file may be, and how the user raises that. */
export interface FileLimit {
  /** Largest file read, in bytes (default {@link DEFAULT_FILE_LIMIT}). */
  maxBytes?: number;
  /** Where the limit is raised, for the message (`--file-limit`). */
  raiseHint?: string;
}

/** What kind of non-regular file `stats` is, in words. */
function notRegular(stats: Stats): string {
  if (stats.isDirectory()) return 'it is a directory';
  if (stats.isFIFO()) return 'it is a FIFO (named pipe), not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  return 'it is a device, not a regular file';
}

/** The stats of a regular file; throws an Error saying why anything else cannot be read. */
function regularFile(path: string): Stats {
  // stat, not open: opening a FIFO blocks until something writes to it.
  const stats = statSync(path);
  if (!stats.isFile()) throw new Error(notRegular(stats));
  return stats;
}

/** The error for `bytes` over `limit`. */
function overLimit(bytes: number, limit: FileLimit, what: string): Error {
  const max = limit.maxBytes ?? DEFAULT_FILE_LIMIT;
  const raise = limit.raiseHint ? `; raise the limit with ${limit.raiseHint}` : '';
  return new Error(`${what} is ${formatBytes(bytes)}, over the ${formatBytes(max)} limit${raise}`);
}

/**
 * Reads `length` bytes of a regular file from `start` (fewer at its end), within the size limit.
 * Reads in a loop from an open descriptor, so a file that grows while it is read stops at `length`.
 */
function readPart(path: string, start: number, length: number, limit: FileLimit, what: string): Uint8Array {
  if (length > (limit.maxBytes ?? DEFAULT_FILE_LIMIT)) throw overLimit(length, limit, what);
  const fd = openSync(path, 'r');
  try {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const n = readSync(fd, out, filled, length - filled, start + filled);
      if (n === 0) break;
      filled += n;
    }
    return filled === length ? out : out.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a whole regular file within a size limit.
 *
 * @throws Error `it is a directory`, `it is a FIFO …`, `it is a device …`, or `the file is 600 MB,
 *   over the 512 MB limit …`; fs errors (ENOENT) as they are.
 */
export function readFileLimited(path: string, limit: FileLimit = {}): Uint8Array {
  const { size } = regularFile(path);
  return readPart(path, 0, size, limit, 'the file');
}

/** Reads and parses a graph file; `io` diagnostics when it cannot be read. */
export function readGraphFile(path: string): LoadResult & { ioError?: string } {
  let text: string;
  try {
    const bytes = readFileLimited(path);
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    return { doc: null, diagnostics: [], ioError: `cannot read "${path}": ${reason}` };
  }
  return parseGraphText(text);
}

/**
 * Reads the data files a graph names, resolving their paths against the graph file's folder: only
 * regular files, each within the size limit (for a ranged read, the bytes read).
 */
export function graphFileReader(graphPath: string, limit: FileLimit = {}): FileReader {
  const base = dirname(resolve(graphPath));
  // Downloaded sets (`cache:mnist/…`) live in the user's cache folder, not next to the graph.
  const cache = folderCache(defaultCacheDir());
  const where = (p: string) =>
    p.startsWith(CACHE_PREFIX) ? cache.pathOf(p.slice(CACHE_PREFIX.length)) : resolve(base, p);
  const reader: FileReader = (p) => readFileLimited(where(p), limit);
  reader.size = (p) => regularFile(where(p)).size;
  reader.readRange = (p, start, length) => {
    const path = where(p);
    regularFile(path);
    return readPart(path, start, length, limit, 'the part of the file to read');
  };
  reader.has = (p) => existsSync(where(p));
  return reader;
}

/** Loads the data set a graph names, resolving data file paths against the graph file's folder. */
export function loadGraphDataset(doc: GraphDoc, graphPath: string, seed = doc.training.seed): Dataset {
  return loadDataset(doc.training.dataset, seed, graphFileReader(graphPath));
}

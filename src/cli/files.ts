/**
 * Node-side file access for the CLI and tests: reading graph files and the data files they name
 * (paths relative to the graph file).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dataset } from '../data/dataset';
import type { FileReader } from '../data/kind';
import { loadDataset } from '../data/load';
import { parseGraphText } from '../graph/load';
import type { LoadResult } from '../graph/load';
import type { GraphDoc } from '../graph/types';

/** Reads and parses a graph file; `io` diagnostics when it cannot be read. */
export function readGraphFile(path: string): LoadResult & { ioError?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    return { doc: null, diagnostics: [], ioError: `cannot read "${path}": ${reason}` };
  }
  return parseGraphText(text);
}

/** Reads the data files a graph names, resolving their paths against the graph file's folder. */
export function graphFileReader(graphPath: string): FileReader {
  const base = dirname(resolve(graphPath));
  return (p) => new Uint8Array(readFileSync(resolve(base, p)));
}

/** Loads the data set a graph names, resolving data file paths against the graph file's folder. */
export function loadGraphDataset(doc: GraphDoc, graphPath: string, seed = doc.training.seed): Dataset {
  return loadDataset(doc.training.dataset, seed, graphFileReader(graphPath));
}

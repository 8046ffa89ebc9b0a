/** Reading a graph file for a command, failing with the CLI's exit codes. */
import type { GraphDoc } from '../graph/types';
import { checkGraph } from '../graph/check';
import type { ShapedGraph } from '../shapes/infer';
import { CliFailure, parseFailure, runFailure } from './failure';
import { readGraphFile } from './files';

/** Reads and parses a graph file; exit 2 when it cannot be read or is not a graph, 1 for schema errors. */
export function readDoc(path: string, print: (line: string) => void): GraphDoc {
  const loaded = readGraphFile(path);
  if (loaded.ioError) throw new CliFailure(loaded.ioError, 2);
  if (!loaded.doc) return parseFailure(path, loaded.diagnostics, print);
  return loaded.doc;
}

/** Reads and checks a graph; exit 1 with its errors when it cannot run. */
export function readCheckedGraph(path: string, print: (line: string) => void): ShapedGraph {
  const { graph, diagnostics } = checkGraph(readDoc(path, print), { training: true });
  if (!graph) return runFailure(path, { ok: false, stage: 'graph', diagnostics }, print);
  return graph;
}

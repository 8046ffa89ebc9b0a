/** How the CLI ends on an expected failure, and how it prints one. */
import { formatDiagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { RunFailure } from '../run/prepare';

/** Where the CLI writes; tests capture it. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

/** An expected failure: printed as one line, exits with `code`. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2,
  ) {
    super(message);
  }
}

/** Diagnostic codes of a file that is not a graph at all (exit 2 rather than 1). */
export const PARSE_CODES = new Set(['invalid-json', 'not-a-graph']);

/**
 * Prints all but the last diagnostic and throws the last as the failure, so the last line the
 * user sees is the one that ended the run.
 */
function failWith(
  path: string,
  diagnostics: Diagnostic[],
  code: 1 | 2,
  print: (line: string) => void,
): never {
  for (const d of diagnostics.slice(0, -1)) print(`${path}: ${formatDiagnostic(d)}`);
  throw new CliFailure(`${path}: ${formatDiagnostic(diagnostics[diagnostics.length - 1])}`, code);
}

/** Ends on a file that did not parse: exit 2 when it is not a graph at all, 1 for schema errors. */
export function parseFailure(path: string, diagnostics: Diagnostic[], print: (line: string) => void): never {
  return failWith(path, diagnostics, diagnostics.some((d) => PARSE_CODES.has(d.code)) ? 2 : 1, print);
}

/**
 * Ends on a run that could not be prepared (exit 1): graph errors one per line; a data set that
 * could not be loaded as `path: data set: …`; a run over the memory limit as `path: node "big": the run
 * needs about …`; data that does not fit the graph, one line per node.
 */
export function runFailure(path: string, failure: RunFailure, print: (line: string) => void): never {
  const { stage, diagnostics } = failure;
  if (stage === 'graph')
    return failWith(
      path,
      diagnostics.filter((d) => d.severity === 'error'),
      1,
      print,
    );
  // Data and memory messages name their data set or node themselves.
  if (stage === 'data' || stage === 'memory')
    throw new CliFailure(diagnostics.map((d) => `${path}: ${d.message}`).join('\n'), 1);
  throw new CliFailure(diagnostics.map((d) => `${path}: ${formatDiagnostic(d)}`).join('\n'), 1);
}

/**
 * The one list of problems: what checking the graph finds on the main thread, and what the
 * training worker found when it prepared the run (the data does not fit an Input, an Embedding's
 * ids are out of range, a data file is missing). The Problems panel shows it; the toolbar's
 * "not trainable" and the Training tab's blocked list are the same errors, so they never disagree.
 */
import { capDiagnostics } from '../../src/graph/diagnostics';
import type { Diagnostic, OmittedDiagnostics } from '../../src/graph/diagnostics';

const keyOf = (d: Diagnostic) => `${d.code}\u0000${d.nodeId ?? ''}\u0000${d.field ?? ''}\u0000${d.message}`;

/**
 * The graph's diagnostics followed by the run's blocking ones that are not already among them
 * (a graph the worker refused at its graph stage reports the same diagnostics the main thread has).
 */
export function mergeProblems(graph: readonly Diagnostic[], blocked: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set(graph.map(keyOf));
  return [...graph, ...blocked.filter((d) => !seen.has(keyOf(d)))];
}

/** What the panel says when the list has no errors. */
export type ProblemsVerdict = 'ready' | 'checking' | 'blocked';

/**
 * Whether the graph can train, as the panel words it: `blocked` with any error, `ready` once the
 * worker has a run, `checking` while the graph is sound but the worker has not prepared it yet.
 *
 * @param trainable - Whether the run is trainable (its state is not `empty`).
 */
export function problemsVerdict(problems: readonly Diagnostic[], trainable: boolean): ProblemsVerdict {
  if (problems.some((d) => d.severity === 'error')) return 'blocked';
  return trainable ? 'ready' : 'checking';
}

/** What the Problems panel renders: the capped list, what it left out, and the full counts. */
export interface ProblemsView {
  /** The first problems of every code, as `capDiagnostics` keeps them. */
  shown: Diagnostic[];
  /** Per code, how many more there are: one row each instead of one row per problem. */
  omitted: OmittedDiagnostics[];
  /** Errors in the whole list, not just the shown part, so the header never undercounts. */
  errors: number;
  /** Warnings in the whole list. */
  warnings: number;
}

/**
 * The Problems panel's rows for a list of problems: capped per code like `validate`'s output, since
 * 200,000 rows of the same duplicate edge froze the editor and told the user nothing more than 20.
 */
export function problemsView(problems: readonly Diagnostic[]): ProblemsView {
  const { shown, omitted } = capDiagnostics(problems);
  let errors = 0;
  for (const d of problems) if (d.severity === 'error') errors++;
  return { shown, omitted, errors, warnings: problems.length - errors };
}

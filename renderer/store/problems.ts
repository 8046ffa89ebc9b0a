/**
 * The one list of problems: what checking the graph finds on the main thread, and what the
 * training worker found when it prepared the run (the data does not fit an Input, an Embedding's
 * ids are out of range, a data file is missing). The Problems panel shows it; the toolbar's
 * "not trainable" and the Training tab's blocked list are the same errors, so they never disagree.
 */
import type { Diagnostic } from '../../src/graph/diagnostics';

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

/** The one mapping from data-set errors to what the user sees. */
import type { DatasetError } from '../data/dataset';
import { DataNeededError } from '../data/download/needed';
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';

/**
 * A data-set error as a diagnostic on the training section. The message starts with `data set:`
 * and names the file line when the error knows it; `line` is kept for editors that jump to it.
 *
 * @param err - The error from loading or splitting the data.
 * @param field - The training field at fault: the data set itself, or the test split.
 */
export function dataErrorDiagnostic(
  err: DatasetError,
  field: 'training.dataset' | 'training.testSplit' = 'training.dataset',
): Diagnostic {
  // Not a fault of the graph: a warning that says how to get the data (the editor adds the button).
  if (err instanceof DataNeededError)
    return diagnostic('data-needed', `data set: ${err.message}`, { field, path: field });
  const named = err.line === undefined || /\bline \d+/.test(err.message);
  const message = named ? err.message : `${err.message} (line ${err.line})`;
  return diagnostic('bad-training', `data set: ${message}`, {
    field,
    path: field,
    ...(err.line !== undefined ? { line: err.line } : {}),
  });
}

/** The editor's validation of a document, worked out once per document object. */
import { checkGraph } from '../../src/graph/check';
import type { CheckResult } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';

/** Checks by document: documents are immutable, each edit makes a new one. */
const checks = new WeakMap<GraphDoc, CheckResult>();

/**
 * `checkGraph(doc, { training: true })`, remembered for `doc`. Opening a big graph checks it in a
 * task of its own before the document is loaded, so the task that first draws it does not also
 * validate it (a 10,000-node graph takes a few hundred ms to check on a slow machine).
 */
export function checkedDoc(doc: GraphDoc): CheckResult {
  let check = checks.get(doc);
  if (!check) {
    check = checkGraph(doc, { training: true });
    checks.set(doc, check);
  }
  return check;
}

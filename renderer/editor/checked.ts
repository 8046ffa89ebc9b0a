/** The editor's validation of a document, worked out once per document object. */
import { useEffect, useReducer, useRef } from 'react';
import { checkGraph } from '../../src/graph/check';
import type { CheckResult } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';

/** Graphs over this many nodes are checked in a task of their own, apart from drawing them. */
export const CHECK_APART_ABOVE = 300;

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

/**
 * Whether `doc` was made from `before` by an edit, not loaded in its place: an edit hands on the
 * parts it did not change (the training section, the layout, the node or edge list) as the same
 * objects, where a document just loaded shares none of them.
 */
function editedFrom(before: GraphDoc | null, doc: GraphDoc): boolean {
  return (
    before !== null &&
    (before.training === doc.training ||
      before.layout === doc.layout ||
      before.nodes === doc.nodes ||
      before.edges === doc.edges)
  );
}

/**
 * The check of `doc` for the editor's render. A big graph that was just edited is drawn at once
 * with the check of the document before the edit, and checked in the next task, which then draws
 * the new shapes and problems: the edit's own task does not also validate thousands of nodes
 * (33 ms of a 127 ms delete in a 5,000-node chain). Small graphs, and a document loaded in place of
 * another (whose problems must never show next to it), are checked in the render.
 */
export function useCheckedDoc(doc: GraphDoc): CheckResult {
  const last = useRef<{ doc: GraphDoc; check: CheckResult } | null>(null);
  const [, checkedLater] = useReducer((n: number) => n + 1, 0);
  const defer = doc.nodes.length > CHECK_APART_ABOVE && editedFrom(last.current?.doc ?? null, doc);
  const ready = checks.get(doc) ?? (defer ? null : checkedDoc(doc));
  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => {
      checkedDoc(doc);
      checkedLater();
    }, 0);
    return () => clearTimeout(timer);
  }, [doc, ready]);
  if (ready) last.current = { doc, check: ready };
  return ready ?? last.current!.check;
}

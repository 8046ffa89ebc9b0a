/** Document edits shared by several store actions: training patches and param changes. */
import { refreshDefaults } from '../../src/data/training-defaults';
import type { GraphDoc, ParamValue, TrainingSpec } from '../../src/graph/types';
import type { ParamChange } from '../../src/run/fit-graph';

/**
 * A training patch applied to a document: the patched fields are the user's now (Save writes them),
 * and when the data set's kind changes, the fields still at their defaults take the new kind's.
 */
export function patchTraining(doc: GraphDoc, patch: Partial<TrainingSpec>): GraphDoc {
  const keys = new Set(Object.keys(patch));
  const defaulted = (doc.defaultedTraining ?? []).filter(
    (f) => !keys.has(f) && !(f === 'optimizer.learningRate' && keys.has('optimizer')),
  );
  let training: TrainingSpec = { ...doc.training, ...patch };
  if (patch.dataset && patch.dataset.kind !== doc.training.dataset.kind)
    training = refreshDefaults(training, defaulted);
  const { defaultedTraining: _old, ...rest } = doc;
  return { ...rest, training, ...(defaulted.length ? { defaultedTraining: defaulted } : {}) };
}

/** The document with each change's param set on its node (nodes without changes kept as they are). */
export function withParams(doc: GraphDoc, changes: readonly ParamChange[]): GraphDoc {
  if (!changes.length) return doc;
  const params = new Map<string, Record<string, ParamValue>>();
  for (const c of changes) params.set(c.nodeId, { ...params.get(c.nodeId), [c.name]: c.value });
  const nodes = doc.nodes.map((n) => {
    const patch = params.get(n.id);
    return patch ? { ...n, params: { ...n.params, ...patch } } : n;
  });
  return { ...doc, nodes };
}

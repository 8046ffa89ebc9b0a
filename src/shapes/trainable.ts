/**
 * Whether training has anything to change: a graph whose losses depend on no trainable weight
 * passes every other check, and then tfjs fails with "Cannot find a connection between any
 * variable and the result of the loss function". Weights are known once shapes are inferred,
 * so this runs after that stage.
 */
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import { penalisedLayer } from '../ops/penalties';
import { hasRole } from '../ops/registry';
import type { ShapedGraph } from './infer';

/** Whether a trainable weight lies on some path into `objective` (a penalty reaches its layer too). */
function reachesTrainable(graph: ShapedGraph, objective: string): boolean {
  const seen = new Set<string>();
  const stack = [objective];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if ((graph.weights.get(id) ?? []).some((w) => w.trainable)) return true;
    const r = graph.nodes.get(id);
    if (!r) continue;
    for (const sources of Object.values(r.inputs)) stack.push(...sources);
    const layer = penalisedLayer(r.spec, r.params);
    if (layer) stack.push(layer);
  }
  return false;
}

/**
 * Reports every loss when no term of the objective depends on a trainable weight (an Input fed
 * straight through activations to the loss, or only Parameters marked not trainable). One loss
 * without weights beside another with them is fine: its gradient is zero, training still works.
 *
 * @param graph - The shaped graph (call only when shape inference found no error: a node whose
 *   shape failed has no weights declared).
 * @param diags - Where the errors go, one per loss node.
 */
export function checkTrainable(graph: ShapedGraph, diags: Diagnostic[]): void {
  if (graph.objectives.some((id) => reachesTrainable(graph, id))) return;
  for (const id of graph.objectives)
    if (hasRole(graph.nodes.get(id)!.spec, 'loss'))
      diags.push(
        diagnostic(
          'nothing-to-train',
          `loss "${id}" depends on no trainable weight: nothing to train; add a layer or a Parameter before it`,
          { nodeId: id },
        ),
      );
}

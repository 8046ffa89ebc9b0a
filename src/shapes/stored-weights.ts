/**
 * The weights a graph file stores, checked against what the shaped graph declares: every stored
 * tensor must belong to a declared weight and have its shape.
 */
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { ShapedGraph } from './infer';
import { formatShape } from './shape';

/** Checks the weights stored in the file against the shaped graph's declarations. */
export function checkStoredWeights(graph: ShapedGraph, diags: Diagnostic[]): void {
  for (const [nodeId, byName] of Object.entries(graph.doc.weights ?? {})) {
    const decls = graph.weights.get(nodeId);
    if (!decls) {
      diags.push(
        diagnostic('bad-weights', `stored weights for "${nodeId}", which has no weights; they are ignored`, {
          path: `weights.${nodeId}`,
        }),
      );
      continue;
    }
    for (const [name, tensor] of Object.entries(byName)) {
      const decl = decls.find((d) => d.name === name);
      const path = `weights.${nodeId}.${name}`;
      if (!decl) {
        diags.push(
          diagnostic(
            'bad-weights',
            `node "${nodeId}" has no weight "${name}" (weights: ${decls.map((d) => d.name).join(', ')})`,
            { nodeId, path },
          ),
        );
        continue;
      }
      const size = tensor.shape.reduce((a, b) => a * b, 1);
      if (tensor.shape.length !== decl.shape.length || tensor.shape.some((d, i) => d !== decl.shape[i]))
        diags.push(
          diagnostic(
            'bad-weights',
            `stored "${name}" of node "${nodeId}" has shape ${formatShape(tensor.shape)}, the graph needs ${formatShape(decl.shape)}; retrain or remove the stored weights`,
            { nodeId, path },
          ),
        );
      else if (tensor.values.length !== size)
        diags.push(
          diagnostic(
            'bad-weights',
            `stored "${name}" of node "${nodeId}" has ${tensor.values.length} values, its shape holds ${size}`,
            { nodeId, path },
          ),
        );
    }
  }
}

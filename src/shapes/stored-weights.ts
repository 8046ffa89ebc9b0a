/**
 * The weights a graph file stores, checked against what the shaped graph declares: every stored
 * tensor must belong to a declared weight and have its shape.
 */
import { fitsFloat32 } from '../data/checks';
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
      else {
        // Weights live in float32; a larger value would start the run at an infinity.
        const bad = tensor.values.findIndex((v) => !fitsFloat32(v));
        if (bad >= 0)
          diags.push(
            diagnostic(
              'bad-weights',
              `stored "${name}" of node "${nodeId}": value ${bad} is ${tensor.values[bad]}, outside the float32 range (±3.4e38) training computes in`,
              { nodeId, path },
            ),
          );
      }
    }
  }
}

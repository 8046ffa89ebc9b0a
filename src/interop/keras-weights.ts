/**
 * Every weight of a graph as numbers, as the app would compute with: the file's trained weights,
 * and for the rest (or all of them with --no-weights) the values the graph's seed initializes.
 * The compiler (and with it TensorFlow.js) is loaded only when some weight must be initialized:
 * callers on the editor's main thread pass the trained weights to keep it free of TensorFlow.js.
 */
import { ownValue } from '../graph/own';
import type { GraphDoc } from '../graph/types';
import type { ShapedGraph } from '../shapes/infer';

/** All weights of the graph by node id and weight name. */
export async function graphWeights(
  graph: ShapedGraph,
  noWeights = false,
): Promise<NonNullable<GraphDoc['weights']>> {
  // A file holding every weight needs no TensorFlow.js (the editor's main thread loads none).
  const stored = graph.doc.weights;
  const complete =
    !noWeights &&
    [...graph.weights].every(([id, decls]) =>
      decls.every(
        (d) => ownValue(ownValue(stored, id), d.name)?.values.length === d.shape.reduce((a, b) => a * b, 1),
      ),
    );
  if (complete && stored) return stored;
  const { compile } = await import('../compile/program');
  // Initial values come from seeded generators on the CPU, the same on every backend; the CLI's
  // export starts none, so wait for tfjs's default one.
  const tf = await import('@tensorflow/tfjs');
  await tf.ready();
  const program = compile(graph, noWeights ? { weights: {} } : {});
  try {
    return await program.exportWeights();
  } finally {
    program.dispose();
  }
}

/** The note saying which weights an export carries. */
export function weightsNote(doc: GraphDoc, noWeights: boolean): string | null {
  const trained = doc.weights && Object.keys(doc.weights).length > 0;
  if (noWeights && trained)
    return `--no-weights: the weights written are the initial ones of seed ${doc.training.seed}, not the trained ones`;
  if (!trained)
    return `the graph has no trained weights: the initial ones of seed ${doc.training.seed} are written`;
  return null;
}

/**
 * The weights a code export writes: the graph's trained weights where the file has them, and
 * otherwise the initial weights the app itself would start from for the training seed. They come
 * from the compiler (`compile`), so the initializers and the per-weight seeds are the app's own,
 * not a reimplementation.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../compile/program';
import type { ShapedGraph } from '../shapes/infer';

/** One weight's values, row-major, in the app's layout (Dense kernel [in, out], Conv2D [kh, kw, in, out]). */
export interface PyWeight {
  shape: number[];
  values: Float32Array;
}

/** Weights by node id, then by weight name (`kernel`, `bias`, `value`, `movingMean`…). */
export type PyWeights = Map<string, Map<string, PyWeight>>;

/** Whether the export carries the graph's own trained weights (rather than only initial ones). */
export function hasTrainedWeights(graph: ShapedGraph): boolean {
  return !!graph.doc.weights && Object.keys(graph.doc.weights).length > 0;
}

/** Reads every weight of the compiled graph (trained where stored, initial for the seed otherwise). */
export async function graphWeights(graph: ShapedGraph): Promise<PyWeights> {
  // Initial values are drawn on the CPU from seeded generators, so any backend gives the same
  // numbers; the CLI's export starts none, so wait for tfjs's default one.
  await tf.ready();
  const program = compile(graph, { seed: graph.doc.training.seed });
  try {
    const out: PyWeights = new Map();
    for (const w of program.weights) {
      const values = (await w.variable.data()) as Float32Array;
      const node = out.get(w.nodeId) ?? new Map<string, PyWeight>();
      out.set(w.nodeId, node);
      node.set(w.name, { shape: [...w.variable.shape], values: Float32Array.from(values) });
    }
    return out;
  } finally {
    program.dispose();
  }
}

/**
 * A copy of `w` with its axes permuted: `perm[i]` is the source axis of output axis i (as numpy's
 * `transpose`). Dense kernels [in, out] become nn.Linear's [out, in] with [1, 0]; Conv2D kernels
 * [kh, kw, in, out] become nn.Conv2d's [out, in, kh, kw] with [3, 2, 0, 1].
 */
export function transposeWeight(w: PyWeight, perm: number[]): PyWeight {
  const shape = perm.map((p) => w.shape[p]);
  const rank = w.shape.length;
  const srcStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) srcStrides[i] = srcStrides[i + 1] * w.shape[i + 1];
  const out = new Float32Array(w.values.length);
  const index = new Array<number>(rank).fill(0);
  for (let k = 0; k < out.length; k++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += index[i] * srcStrides[perm[i]];
    out[k] = w.values[src];
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i] < shape[i]) break;
      index[i] = 0;
    }
  }
  return { shape, values: out };
}

/**
 * The note every Python code export makes about its weights file: left out (and what model.py
 * starts from instead), or the app's initial weights when the graph was never trained.
 *
 * @param instead - What model.py starts from without the file (`Keras’s default initializers`).
 */
export function weightsNote(
  graph: ShapedGraph,
  seed: number,
  noWeights: boolean,
  instead: string,
): string | null {
  if (noWeights) return `no weights.safetensors: model.py starts from ${instead}`;
  if (!hasTrainedWeights(graph))
    return `the graph has no trained weights: weights.safetensors holds the app's initial weights for seed ${seed}`;
  return null;
}

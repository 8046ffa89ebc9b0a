/**
 * The embedding matrix of a graph's lookup table (the first rows, which are the most frequent words
 * when the vocabulary is sorted by frequency) and its 2-D projection.
 */
import type { Program } from '../compile/program';
import { project2d } from './pca';
import type { Projection } from './pca';
import type { EmbeddingReport } from './types';

/** Rows sent and projected, at most. */
export const MAX_EMBEDDING_ROWS = 300;

/**
 * The first lookup table of the graph: the rank-2 weight of the first node whose op takes ids
 * (`idInput`), or null when there is none.
 */
export function embeddingWeight(program: Program): { nodeId: string; key: string } | null {
  for (const id of program.graph.order) {
    if (!program.graph.nodes.get(id)!.spec.idInput) continue;
    const w = program.weights.find((r) => r.nodeId === id && r.variable.rank === 2);
    if (w) return { nodeId: id, key: w.key };
  }
  return null;
}

/**
 * Reads the first `maxRows` rows of the lookup table and projects them on their first two principal
 * axes, keeping the axes' signs of `previous` (so the picture moves rather than flips).
 */
export async function computeEmbedding(
  program: Program,
  step: number,
  maxRows = MAX_EMBEDDING_ROWS,
  previous?: Projection['axes'] | null,
): Promise<{ report: EmbeddingReport; axes: Projection['axes'] } | null> {
  const found = embeddingWeight(program);
  if (!found) return null;
  const variable = program.weights.find((w) => w.key === found.key)!.variable;
  const [totalRows, dim] = variable.shape;
  const rows = Math.min(totalRows, maxRows);
  const part = variable.slice([0, 0], [rows, dim]);
  let vectors: Float32Array;
  try {
    vectors = Float32Array.from((await part.data()) as Float32Array);
  } finally {
    part.dispose();
  }
  const projection = project2d({ rows, dim, values: vectors }, previous);
  return {
    report: {
      nodeId: found.nodeId,
      rows,
      totalRows,
      dim,
      vectors,
      xy: projection.xy,
      explained: projection.explained,
      step,
    },
    axes: projection.axes,
  };
}

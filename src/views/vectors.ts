/**
 * Word-vector arithmetic for the embedding view: cosine similarity, nearest rows, and analogies
 * (a − b + c). Rows are the rows of an embedding matrix, stored row-major in one Float32Array.
 */

/** A matrix of `rows` × `dim` numbers, row-major. */
export interface RowMatrix {
  rows: number;
  dim: number;
  values: Float32Array;
}

/** A row with its similarity to the query. */
export interface Neighbour {
  /** Row index (token id). */
  index: number;
  /** Cosine similarity to the query, −1 … 1 (0 when either vector is zero). */
  similarity: number;
}

/** Cosine similarity of two equally long vectors; 0 when either is the zero vector. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: vectors of length ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Row `i` of a matrix (a view, not a copy). */
export function row(m: RowMatrix, i: number): Float32Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.rows)
    throw new RangeError(`row ${i} is not in 0 … ${m.rows - 1}`);
  return m.values.subarray(i * m.dim, (i + 1) * m.dim);
}

/**
 * The `k` rows most similar (cosine) to `query`, most similar first, leaving out the rows in
 * `exclude` (the query words themselves). Ties keep the lower index first.
 */
export function nearest(
  m: RowMatrix,
  query: ArrayLike<number>,
  k: number,
  exclude: Iterable<number> = [],
): Neighbour[] {
  const skip = new Set(exclude);
  const all: Neighbour[] = [];
  for (let i = 0; i < m.rows; i++) {
    if (skip.has(i)) continue;
    all.push({ index: i, similarity: cosine(row(m, i), query) });
  }
  all.sort((x, y) => y.similarity - x.similarity || x.index - y.index);
  return all.slice(0, Math.max(0, k));
}

/**
 * The analogy "a is to b as c is to ?": the rows nearest to vec(a) − vec(b) + vec(c), leaving out
 * a, b and c themselves (king − man + woman → queen).
 */
export function analogy(m: RowMatrix, a: number, b: number, c: number, k: number): Neighbour[] {
  const va = row(m, a);
  const vb = row(m, b);
  const vc = row(m, c);
  const q = new Float32Array(m.dim);
  for (let i = 0; i < m.dim; i++) q[i] = va[i] - vb[i] + vc[i];
  return nearest(m, q, k, [a, b, c]);
}

/** The index of `word` in a vocabulary (case-insensitive, trimmed), or −1. */
export function wordIndex(vocabulary: readonly string[], word: string): number {
  const w = word.trim().toLowerCase();
  const exact = vocabulary.indexOf(word.trim());
  return exact >= 0 ? exact : vocabulary.findIndex((v) => v.toLowerCase() === w);
}

/**
 * Bag-of-words and TF-IDF feature vectors with scikit-learn's `TfidfVectorizer` defaults, so the
 * numbers match the lecture's tables: terms sorted alphabetically, tf = raw count of the term in the
 * document, smoothed idf = ln((1 + n) / (1 + df)) + 1 (n documents, df of them containing the
 * term), each row divided by its Euclidean length. Tokens are words of 2 or more characters.
 */
import { DatasetError } from '../dataset';
import { ngrams, tokenize } from './tokenize';

/** How documents become vectors. */
export interface TfidfOptions {
  /** Shortest and longest n-gram: 1,1 unigrams; 2,2 bigrams; 1,2 both. */
  ngramMin: number;
  ngramMax: number;
  /** Multiply by the idf (false: plain counts, a bag of words). */
  useIdf: boolean;
  /** Divide each row by its L2 norm. */
  normalize: boolean;
  /** Keep only this many terms, the most frequent over the corpus (ties alphabetically); 0 keeps all. */
  maxFeatures: number;
}

/** scikit-learn's `TfidfVectorizer()` defaults. */
export const SKLEARN_DEFAULTS: TfidfOptions = {
  ngramMin: 1,
  ngramMax: 1,
  useIdf: true,
  normalize: true,
  maxFeatures: 0,
};

/** A vectorizer fitted on a corpus: its terms and their idf weights. */
export interface Tfidf {
  /** Feature names in column order (alphabetical). */
  terms: string[];
  /** idf of each term (all 1 without idf). */
  idf: number[];
  options: TfidfOptions;
}

/** The n-grams of one document, with scikit-learn's tokenization. */
function terms(text: string, options: TfidfOptions): string[] {
  return ngrams(tokenize(text, 2), options.ngramMin, options.ngramMax);
}

/**
 * Learns the terms and idf weights of `documents` (`fit` in scikit-learn).
 *
 * @throws DatasetError when the n-gram range is empty or the documents have no terms.
 */
export function fitTfidf(documents: readonly string[], options: TfidfOptions = SKLEARN_DEFAULTS): Tfidf {
  if (options.ngramMin < 1 || options.ngramMax < options.ngramMin)
    throw new DatasetError(
      `the n-gram range must have 1 ≤ ngramMin ≤ ngramMax, got ${options.ngramMin}…${options.ngramMax}`,
    );
  const df = new Map<string, number>();
  const total = new Map<string, number>();
  for (const doc of documents) {
    const list = terms(doc, options);
    for (const t of list) total.set(t, (total.get(t) ?? 0) + 1);
    for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  if (df.size === 0)
    throw new DatasetError('the documents have no terms (words of 2 or more letters or digits)');
  let kept = [...df.keys()];
  if (options.maxFeatures > 0 && kept.length > options.maxFeatures)
    kept = kept
      .sort((a, b) => total.get(b)! - total.get(a)! || (a < b ? -1 : 1))
      .slice(0, options.maxFeatures);
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = documents.length;
  const idf = kept.map((t) => (options.useIdf ? Math.log((1 + n) / (1 + df.get(t)!)) + 1 : 1));
  return { terms: kept, idf, options };
}

/**
 * The feature vectors of `documents` (`transform`): one row of `terms.length` values per document,
 * row-major. Terms the vectorizer has not seen are left out, as scikit-learn does.
 */
export function transformTfidf(tfidf: Tfidf, documents: readonly string[]): Float64Array {
  const width = tfidf.terms.length;
  const column = new Map(tfidf.terms.map((t, i) => [t, i]));
  const out = new Float64Array(documents.length * width);
  documents.forEach((doc, d) => {
    const row = out.subarray(d * width, (d + 1) * width);
    for (const t of terms(doc, tfidf.options)) {
      const j = column.get(t);
      if (j !== undefined) row[j] += 1;
    }
    for (let j = 0; j < width; j++) row[j] *= tfidf.idf[j];
    if (tfidf.options.normalize) {
      let sq = 0;
      for (let j = 0; j < width; j++) sq += row[j] * row[j];
      const norm = Math.sqrt(sq);
      if (norm > 0) for (let j = 0; j < width; j++) row[j] /= norm;
    }
  });
  return out;
}

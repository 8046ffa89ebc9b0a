/**
 * What the Training tab shows about a corpus file before it is used: its detected format, its first
 * documents, how many documents and distinct words it has and its classes — or the one error that
 * the run would give, with its line, so a bad file is refused when it is chosen and not at Train.
 */
import { readCorpus, formatOf } from './source';
import type { TextSource } from './source';
import { encodeCorpus } from './word-data';

/** A corpus file as the chooser describes it. */
export interface CorpusPreview {
  /** How the file is read: `lines`, `labelled` (`label<TAB>sentence`) or `csv`. */
  format: 'lines' | 'labelled' | 'csv';
  /** Number of documents (non-blank lines, or CSV rows after the header). */
  documents: number;
  /** The first documents, each with its label (null when unlabelled) and file line. */
  first: { line: number; text: string; label: string | null }[];
  /** Distinct words in the file (after lower-casing). */
  distinctWords: number;
  /** Vocabulary entries the data set will have: the special tokens plus the words kept. */
  vocabularySize: number;
  /** The most frequent words, most frequent first (the special tokens left out). */
  topWords: string[];
  /** The classes, sorted, when the documents have labels. */
  classes: string[] | null;
}

/** How a kind uses a corpus file. */
export interface CorpusUse {
  /** The kind trains a classifier: every document needs a label. */
  needLabels: boolean;
  /** The vocabulary size limit in force (undefined: every word kept). */
  vocabSize?: number;
}

/** How many documents the preview lists. */
export const PREVIEW_DOCUMENTS = 5;

/**
 * Reads a chosen corpus file as the data set will.
 *
 * @param name - The file's name; a `.csv` name means CSV unless `source.format` says otherwise.
 * @throws DatasetError naming the file and the line of the first malformed document.
 */
export function previewCorpus(
  name: string,
  bytes: Uint8Array,
  source: Omit<TextSource, 'path' | 'documents'>,
  use: CorpusUse,
): CorpusPreview {
  const text = new TextDecoder('utf-8').decode(bytes);
  const corpus = readCorpus(
    { ...source, path: name },
    () => bytes,
    () => ({ name, texts: [], labels: [] }),
    use.needLabels,
  );
  const format = formatOf(name, text, source.format, use.needLabels);
  const all = encodeCorpus(corpus, Number.MAX_SAFE_INTEGER).vocabulary;
  const kept = use.vocabSize === undefined ? all.words.length : Math.min(all.words.length, use.vocabSize);
  const labels = corpus.labels.filter((l): l is string => l !== null);
  return {
    format,
    documents: corpus.texts.length,
    first: corpus.texts.slice(0, PREVIEW_DOCUMENTS).map((t, i) => ({
      line: corpus.lines?.[i] ?? i + 1,
      text: t,
      label: corpus.labels[i],
    })),
    distinctWords: all.words.length - 2,
    vocabularySize: kept,
    topWords: all.words.slice(2, 12),
    classes: labels.length ? [...new Set(labels)].sort() : null,
  };
}

/** Labelled documents as bag-of-words or TF-IDF vectors (scikit-learn's `TfidfVectorizer` conventions). */
import { DatasetError } from '../dataset';
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { boolOption, intOption, resolveOptions } from '../options';
import { LECTURE_TRAIN } from '../text/corpus';
import { encodeLabels, readCorpus, textSourceFields } from '../text/source';
import type { Corpus } from '../text/source';
import { fitTfidf, transformTfidf } from '../text/tfidf';

const options = {
  ngramMin: intOption('shortest n-gram', '1: single words; 2: pairs of words (bigrams).', 1, 3, 1),
  ngramMax: intOption('longest n-gram', 'ngramMin 1 and ngramMax 2 gives words and bigrams.', 1, 3, 1),
  idf: boolOption(
    'weight by idf',
    'Multiply counts by the smoothed idf ln((1+n)/(1+df)) + 1 (off: a plain bag of words).',
    true,
  ),
  normalize: boolOption('unit length rows', 'Divide each document’s vector by its Euclidean length.', true),
  maxFeatures: intOption('most terms', 'Keep only the most frequent terms; 0 keeps all.', 0, 1_000_000, 0),
};

const builtin = (): Corpus => ({
  name: 'lecture sentences',
  texts: LECTURE_TRAIN.map((d) => d.text),
  labels: LECTURE_TRAIN.map((d) => d.label),
});

/** Registry entry of TF-IDF features. */
export const textTfidfKind = defineDataset({
  kind: 'text-tfidf',
  title: 'TF-IDF features of sentences',
  description:
    'Labelled documents as TF-IDF (or bag-of-words) vectors, one feature per term (sorted alphabetically), as scikit-learn’s TfidfVectorizer computes them: raw counts × smoothed idf, rows of unit length, words of 2+ characters, lower-cased. Built in: the lecture’s four training sentences.',
  offer: 'builtin',
  training: { optimizer: { type: 'sgd', learningRate: 1 }, batchSize: 1, epochs: 300, testSplit: 0 },
  options,
  fields: textSourceFields,
  load(spec, { readFile }): Dataset {
    const o = resolveOptions('text-tfidf', options, spec);
    if (o.ngramMax < o.ngramMin)
      throw new DatasetError(
        `text-tfidf ngramMax (${o.ngramMax}) must not be below ngramMin (${o.ngramMin})`,
      );
    const corpus = readCorpus(spec, readFile, builtin, true);
    const tfidf = fitTfidf(corpus.texts, { ...o, useIdf: o.idf });
    const { indices, classNames } = encodeLabels(corpus.labels as string[]);
    return {
      name: `${corpus.name} (${o.idf ? 'TF-IDF' : 'counts'}, ${tfidf.terms.length} terms)`,
      count: corpus.texts.length,
      featureShape: [tfidf.terms.length],
      features: Float32Array.from(transformTfidf(tfidf, corpus.texts)),
      labels: indices,
      labelShape: [],
      task: 'classification',
      numClasses: classNames.length,
      classNames,
      featureNames: tfidf.terms,
    };
  },
});

/**
 * From a corpus to token ids: tokenize, build the vocabulary, encode. Shared by the text kinds.
 */
import type { Dataset } from '../dataset';
import { inFile } from '../kinds/files';
import type { Corpus } from './source';
import { tokenize } from './tokenize';
import { buildVocabulary, encode } from './vocabulary';
import type { Vocabulary } from './vocabulary';

/** A corpus as token ids, with its vocabulary. */
export interface EncodedCorpus {
  vocabulary: Vocabulary;
  /** The ids of each document's words. */
  sentences: number[][];
}

/** Tokenizes (lower-cased, every word kept) and encodes a corpus with a vocabulary of at most `vocabSize`. */
export function encodeCorpus(corpus: Corpus, vocabSize: number): EncodedCorpus {
  const tokens = corpus.texts.map((t) => tokenize(t));
  const vocabulary = inFile(corpus.name, () => buildVocabulary(tokens, vocabSize));
  return { vocabulary, sentences: tokens.map((t) => encode(vocabulary, t)) };
}

/** A data set whose labels are word ids (CBOW, skip-gram): one class per vocabulary entry. */
export function wordTargets(
  name: string,
  vocabulary: Vocabulary,
  featureWidth: number,
  examples: { count: number; features: Float32Array; labels: Float32Array },
): Dataset {
  return {
    name,
    count: examples.count,
    featureShape: [featureWidth],
    features: examples.features,
    labels: examples.labels,
    labelShape: [],
    task: 'classification',
    numClasses: vocabulary.words.length,
    classNames: vocabulary.words,
    vocabulary: vocabulary.words,
  };
}

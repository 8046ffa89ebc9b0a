/** Labelled sentences as padded sequences of token ids, for text classifiers (bag of embeddings, CNN). */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { intOption, resolveOptions } from '../options';
import { SENTIMENT_SENTENCES } from '../text/corpus';
import { padSequences } from '../text/examples';
import { encodeLabels, readCorpus, textSourceFields } from '../text/source';
import type { Corpus } from '../text/source';
import { encodeCorpus } from '../text/word-data';

const options = {
  maxLength: intOption(
    'sequence length',
    'Ids per example: longer sentences are cut, shorter ones filled with <pad> (id 0) at the end.',
    1,
    10_000,
    12,
  ),
  vocabSize: intOption(
    'vocabulary size',
    'Most words kept, <pad> and <unk> included; rarer words become <unk>.',
    3,
    1_000_000,
    10_000,
  ),
};

const builtin = (): Corpus => ({
  name: 'built-in reviews',
  texts: SENTIMENT_SENTENCES.map((l) => l.slice(l.indexOf('\t') + 1)),
  labels: SENTIMENT_SENTENCES.map((l) => l.slice(0, l.indexOf('\t'))),
});

/** Registry entry of labelled sentences. */
export const textSentencesKind = defineDataset({
  kind: 'text-sentences',
  title: 'Labelled sentences (text classification)',
  description:
    'Labelled sentences as sequences of `maxLength` word ids (<pad> = 0 fills short ones, <unk> = 1 stands for words outside the vocabulary), each with its class. Built in: short reviews labelled negative or positive.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.01 }, batchSize: 32, epochs: 30, testSplit: 0.2 },
  options,
  fields: textSourceFields,
  load(spec, { readFile }): Dataset {
    const { maxLength, vocabSize } = resolveOptions('text-sentences', options, spec);
    const corpus = readCorpus(spec, readFile, builtin, true);
    const { vocabulary, sentences } = encodeCorpus(corpus, vocabSize);
    const { indices, classNames } = encodeLabels(corpus.labels as string[]);
    return {
      name: `${corpus.name} (${corpus.texts.length} sentences)`,
      count: corpus.texts.length,
      featureShape: [maxLength],
      features: padSequences(sentences, maxLength),
      labels: indices,
      labelShape: [],
      task: 'classification',
      numClasses: classNames.length,
      classNames,
      vocabulary: vocabulary.words,
    };
  },
});

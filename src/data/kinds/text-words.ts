/**
 * word2vec's training examples from a corpus: CBOW (context → centre word) and skip-gram (centre →
 * context word), on a corpus file, documents in the graph file, or the built-in corpus.
 */
import { DatasetError } from '../dataset';
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import type { LoadContext } from '../kind';
import { intOption, resolveOptions } from '../options';
import { WORD2VEC_CORPUS } from '../text/corpus';
import { cbowExamples, skipgramExamples } from '../text/examples';
import { readCorpus, textSourceFields } from '../text/source';
import type { Corpus, TextSource } from '../text/source';
import { encodeCorpus, wordTargets } from '../text/word-data';

const options = {
  window: intOption('window', 'Context words taken on each side of the centre word.', 1, 10, 2),
  vocabSize: intOption(
    'vocabulary size',
    'Most words kept, <pad> and <unk> included; rarer words become <unk>.',
    3,
    1_000_000,
    10_000,
  ),
};

const builtin = (): Corpus => ({
  name: 'built-in corpus',
  texts: [...WORD2VEC_CORPUS],
  labels: WORD2VEC_CORPUS.map(() => null),
});

/** word2vec lessons: small data, many passes; Adam moves rarely seen rows as fast as common ones. */
const training = {
  optimizer: { type: 'adam' as const, learningRate: 0.05 },
  batchSize: 32,
  epochs: 100,
  testSplit: 0,
};

function load(
  mode: 'cbow' | 'skipgram',
  spec: TextSource & { window?: number; vocabSize?: number },
  { readFile }: LoadContext,
): Dataset {
  const kind = mode === 'cbow' ? 'text-cbow' : 'text-skipgram';
  const { window, vocabSize } = resolveOptions(kind, options, spec);
  const corpus = readCorpus(spec, readFile, builtin, false);
  const { vocabulary, sentences } = encodeCorpus(corpus, vocabSize);
  const examples = mode === 'cbow' ? cbowExamples(sentences, window) : skipgramExamples(sentences, window);
  if (examples.count === 0)
    throw new DatasetError(
      `${corpus.name}: no ${mode === 'cbow' ? 'words' : 'word pairs within the window'} to train on`,
    );
  const what = mode === 'cbow' ? 'CBOW' : 'skip-gram';
  return wordTargets(
    `${corpus.name} (${what}, window ${window})`,
    vocabulary,
    mode === 'cbow' ? 2 * window : 1,
    examples,
  );
}

/** Registry entry of CBOW examples. */
export const textCbowKind = defineDataset({
  kind: 'text-cbow',
  title: 'Words from their context (CBOW)',
  description:
    'word2vec CBOW examples: the ids of the `window` words on each side of every word (<pad> past the sentence ends) and, as the class, the id of the word in the middle. Id 0 is <pad>, 1 <unk>.',
  offer: 'builtin',
  training,
  options,
  fields: textSourceFields,
  load: (spec, context) => load('cbow', spec, context),
});

/** Registry entry of skip-gram examples. */
export const textSkipgramKind = defineDataset({
  kind: 'text-skipgram',
  title: 'Context from a word (skip-gram)',
  description:
    'word2vec skip-gram examples: one per (centre word, context word) pair within `window` words in a sentence; the feature is the centre id, the class the context id. Id 0 is <pad>, 1 <unk>.',
  offer: 'builtin',
  training,
  options,
  fields: textSourceFields,
  load: (spec, context) => load('skipgram', spec, context),
});

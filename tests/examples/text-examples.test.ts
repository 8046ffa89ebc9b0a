/**
 * The text lessons' claims: word2vec (CBOW and skip-gram) puts words that share their contexts next
 * to each other, the TF-IDF perceptron learns the lecture's sentences, and the sentence classifiers
 * generalise to held-out reviews.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGraphDataset } from '../../src/cli/files';
import { LECTURE_TEST, LECTURE_TRAIN, WORD_PAIRS } from '../../src/data/text/corpus';
import { fitTfidf, SKLEARN_DEFAULTS, transformTfidf } from '../../src/data/text/tfidf';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { Trainer } from '../../src/train/trainer';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
});

const load = (name: string): GraphDoc => {
  const { doc, diagnostics } = parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8'));
  expect(diagnostics).toEqual([]);
  return doc!;
};

/** Trains an example to the end; returns the trainer (caller disposes) and its final metrics. */
async function trained(name: string) {
  const doc = load(name);
  const { graph, diagnostics } = checkGraph(doc);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const trainer = new Trainer({ graph: graph!, dataset: loadGraphDataset(doc, `graphs/${name}.json`) });
  await trainer.run(() => {}, { progressEveryMs: 1e9, evaluateEachEpoch: false });
  return { trainer, metrics: await trainer.evaluate() };
}

/** The word whose row of `table` has the highest cosine similarity with `word`'s row. */
function nearest(table: number[], dim: number, words: string[], word: string): string {
  const row = (i: number) => table.slice(i * dim, (i + 1) * dim);
  const cos = (a: number[], b: number[]) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    a.forEach((v, k) => {
      ab += v * b[k];
      aa += v * v;
      bb += b[k] * b[k];
    });
    return ab / Math.sqrt(aa * bb);
  };
  const me = row(words.indexOf(word));
  let best = '';
  let bestSim = -Infinity;
  words.forEach((w, i) => {
    if (i < 2 || w === word) return; // <pad>, <unk>
    const s = cos(me, row(i));
    if (s > bestSim) [best, bestSim] = [w, s];
  });
  return best;
}

describe('word2vec on the built-in corpus', () => {
  for (const name of ['word2vec-cbow', 'word2vec-skipgram', 'word2vec-negsampling'])
    it(`${name}: each word's nearest neighbour by cosine similarity is the word sharing its contexts`, async () => {
      const { trainer } = await trained(name);
      const weights = await trainer.program.exportWeights();
      const words = trainer.train.vocabulary!;
      trainer.dispose();
      const table = weights.theta.embeddings;
      const dim = table.shape[1];
      for (const [a, b] of WORD_PAIRS) {
        expect(nearest(table.values, dim, words, a), `nearest to ${a}`).toBe(b);
        expect(nearest(table.values, dim, words, b), `nearest to ${b}`).toBe(a);
      }
    });
});

describe('TF-IDF perceptron', () => {
  it("learns the lecture's four training sentences and scores its two test sentences", async () => {
    const { trainer, metrics } = await trained('tfidf-perceptron');
    expect(metrics.train.accuracy).toBe(1);
    // The test sentences, vectorized with the training sentences' terms and idf as the notebook does.
    const tfidf = fitTfidf(
      LECTURE_TRAIN.map((d) => d.text),
      SKLEARN_DEFAULTS,
    );
    const x = transformTfidf(
      tfidf,
      LECTURE_TEST.map((d) => d.text),
    );
    const weights = await trainer.program.exportWeights();
    trainer.dispose();
    const { kernel, bias } = weights.perceptron;
    const p = LECTURE_TEST.map((_, d) => {
      let s = bias.values[0];
      for (let j = 0; j < tfidf.terms.length; j++) s += x[d * tfidf.terms.length + j] * kernel.values[j];
      return 1 / (1 + Math.exp(-s));
    });
    // "Mr brown likes the lazy dog ." shares mr, brown, the, lazy with the one True sentence: True,
    // right. "Mr Tan jumps on red chocolates ?" shares mr and jumps with it: True, wrong. So 50 %
    // on the test sentences, the accuracy the lecture's slide reports.
    expect(p[1]).toBeGreaterThan(0.55);
    expect(p[0]).toBeGreaterThan(0.55);
  });
});

describe('sentence classifiers on the built-in reviews', () => {
  for (const name of ['text-cnn', 'text-bag-of-embeddings'])
    it(`${name} classifies held-out reviews`, async () => {
      const { trainer, metrics } = await trained(name);
      trainer.dispose();
      expect(metrics.test!.accuracy).toBeGreaterThanOrEqual(0.95);
    });
});

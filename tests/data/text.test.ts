/**
 * Text data: tokenizer, vocabulary, TF-IDF with scikit-learn's conventions (the lecture's tables
 * recomputed here by hand), the CBOW / skip-gram / sequence examples, and corpus files.
 */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset';
import { loadDataset } from '../../src/data/load';
import type { DatasetSpec } from '../../src/data/registry';
import { cbowExamples, padSequences, skipgramExamples } from '../../src/data/text/examples';
import { fitTfidf, SKLEARN_DEFAULTS, transformTfidf } from '../../src/data/text/tfidf';
import { ngrams, tokenize } from '../../src/data/text/tokenize';
import { buildVocabulary, encode } from '../../src/data/text/vocabulary';

/** A number cut to 3 decimals, as the lecture's tables show them. */
const cut3 = (v: number) => (Math.trunc(v * 1000) / 1000).toFixed(3);

const sent0 = 'The quick brown fox jumps over the lazy brown dog .';
const sent1 = 'Mr brown jumps over the lazy fox .';

const files = (contents: Record<string, string>) => (path: string) => {
  if (!(path in contents)) throw new Error(`no such file ${path}`);
  return new TextEncoder().encode(contents[path]);
};

describe('tokenizer', () => {
  it('lower-cases and splits on everything but word characters', () => {
    expect(tokenize("Roses are red, the Chocolates are brown. Don't!")).toEqual([
      'roses',
      'are',
      'red',
      'the',
      'chocolates',
      'are',
      'brown',
      'don',
      't',
    ]);
    expect(tokenize('I saw a cat', 2)).toEqual(['saw', 'cat']);
    expect(tokenize('Café naïve 42')).toEqual(['café', 'naïve', '42']);
    expect(ngrams(['a', 'b', 'c'], 1, 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
  });
});

describe('vocabulary', () => {
  it('puts <pad> at 0 and <unk> at 1, then words by frequency, ties alphabetically, up to the size', () => {
    const v = buildVocabulary(
      [
        ['b', 'a', 'c', 'c'],
        ['b', 'd'],
      ],
      5,
    );
    expect(v.words).toEqual(['<pad>', '<unk>', 'b', 'c', 'a']);
    expect(encode(v, ['c', 'd', 'a'])).toEqual([3, 1, 4]);
    expect(() => buildVocabulary([['a']], 2)).toThrow(/at least 3/);
  });
});

describe('TF-IDF (scikit-learn TfidfVectorizer defaults)', () => {
  it('reproduces the lecture table for its two sentences', () => {
    const tfidf = fitTfidf([sent0, sent1]);
    expect(tfidf.terms).toEqual(['brown', 'dog', 'fox', 'jumps', 'lazy', 'mr', 'over', 'quick', 'the']);
    // By hand: n = 2 documents; idf = ln(3/(1+df)) + 1: 1 for words in both, 1 + ln 1.5 for dog, mr, quick.
    const rare = 1 + Math.log(1.5);
    const row0 = [2, rare, 1, 1, 1, 0, 1, rare, 2];
    const row1 = [1, 0, 1, 1, 1, rare, 1, 0, 1];
    const unit = (r: number[]) => r.map((v) => v / Math.sqrt(r.reduce((s, x) => s + x * x, 0)));
    const got = transformTfidf(tfidf, [sent0, sent1]);
    const want = [...unit(row0), ...unit(row1)];
    want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
    // The slide's numbers are these cut (not rounded) to 3 decimals: brown is 0.50077, dog 0.35191.
    const rounded = [...got].map(cut3);
    expect(rounded.slice(0, 9)).toEqual([
      '0.500',
      '0.351',
      '0.250',
      '0.250',
      '0.250',
      '0.000',
      '0.250',
      '0.351',
      '0.500',
    ]);
    expect(rounded.slice(9)).toEqual([
      '0.354',
      '0.000',
      '0.354',
      '0.354',
      '0.354',
      '0.497',
      '0.354',
      '0.000',
      '0.354',
    ]);
  });

  it('reproduces the lecture bigram table', () => {
    const options = { ...SKLEARN_DEFAULTS, ngramMin: 2, ngramMax: 2 };
    const tfidf = fitTfidf([sent0, sent1], options);
    const got = transformTfidf(tfidf, [sent0, sent1]);
    const at = (d: number, t: string) => got[d * tfidf.terms.length + tfidf.terms.indexOf(t)];
    // sent0: 9 bigrams, 3 shared (jumps over, over the, the lazy: idf 1), 6 only here (idf 1 + ln 1.5).
    const r = 1 + Math.log(1.5);
    const n0 = Math.sqrt(3 + 6 * r * r);
    // sent1: 6 bigrams, 3 shared, 3 own.
    const n1 = Math.sqrt(3 + 3 * r * r);
    expect(at(0, 'brown dog')).toBeCloseTo(r / n0, 12);
    expect(at(0, 'jumps over')).toBeCloseTo(1 / n0, 12);
    expect(at(1, 'brown jumps')).toBeCloseTo(r / n1, 12);
    expect(at(1, 'the lazy')).toBeCloseTo(1 / n1, 12);
    expect([at(0, 'brown dog'), at(0, 'jumps over'), at(1, 'mr brown'), at(1, 'the lazy')].map(cut3)).toEqual(
      ['0.364', '0.259', '0.470', '0.334'],
    );
  });

  it('gives plain counts without idf and normalization, and keeps the most frequent terms', () => {
    const options = { ...SKLEARN_DEFAULTS, useIdf: false, normalize: false, maxFeatures: 2 };
    const tfidf = fitTfidf([sent0, sent1], options);
    expect(tfidf.terms).toEqual(['brown', 'the']);
    expect([...transformTfidf(tfidf, [sent0, sent1])]).toEqual([2, 2, 1, 1]);
  });

  it('loads as a data set with labels and term names', () => {
    const ds = loadDataset({ kind: 'text-tfidf' } as DatasetSpec, 1);
    expect(ds.count).toBe(4);
    expect(ds.numClasses).toBe(2);
    expect(ds.classNames).toEqual(['False', 'True']);
    expect([...ds.labels]).toEqual([0, 1, 0, 0]);
    expect(ds.featureShape).toEqual([ds.featureNames!.length]);
    const row = ds.features.subarray(0, ds.featureShape[0]);
    expect(Math.hypot(...row)).toBeCloseTo(1, 6);
  });
});

describe('word2vec and classifier examples', () => {
  const sentences = [
    [2, 3, 4, 5],
    [6, 7],
  ];

  it('CBOW: 2·window context ids around each word, <pad> past the sentence ends', () => {
    const ex = cbowExamples(sentences, 2);
    expect(ex.count).toBe(6);
    expect([...ex.labels]).toEqual([2, 3, 4, 5, 6, 7]);
    const rows = Array.from({ length: 6 }, (_, i) => [...ex.features.subarray(i * 4, i * 4 + 4)]);
    expect(rows).toEqual([
      [0, 0, 3, 4],
      [0, 2, 4, 5],
      [2, 3, 5, 0],
      [3, 4, 0, 0],
      [0, 0, 7, 0],
      [0, 6, 0, 0],
    ]);
  });

  it('skip-gram: one (centre, context) pair per word within the window', () => {
    const ex = skipgramExamples(sentences, 1);
    const pairs = [...ex.features].map((c, i) => [c, ex.labels[i]]);
    expect(pairs).toEqual([
      [2, 3],
      [3, 2],
      [3, 4],
      [4, 3],
      [4, 5],
      [5, 4],
      [6, 7],
      [7, 6],
    ]);
  });

  it('pads and cuts sequences', () => {
    expect([...padSequences([[5, 6, 7], [8]], 2)]).toEqual([5, 6, 8, 0]);
  });

  it('built-in kinds carry their vocabulary and word-id classes', () => {
    const cbow = loadDataset({ kind: 'text-cbow', window: 2 } as DatasetSpec, 1);
    expect(cbow.vocabulary!.slice(0, 2)).toEqual(['<pad>', '<unk>']);
    expect(cbow.featureShape).toEqual([4]);
    expect(cbow.numClasses).toBe(cbow.vocabulary!.length);
    const sg = loadDataset({ kind: 'text-skipgram', window: 1, vocabSize: 5 } as DatasetSpec, 1);
    expect(sg.vocabulary).toHaveLength(5);
    expect(Math.max(...sg.features)).toBeLessThan(5);
    const s = loadDataset({ kind: 'text-sentences', maxLength: 6 } as DatasetSpec, 1);
    expect(s.classNames).toEqual(['negative', 'positive']);
    expect(s.featureShape).toEqual([6]);
  });
});

describe('corpus files', () => {
  it('reads one document per line, labelled lines and CSV', () => {
    const readFile = files({
      'plain.txt': 'The cat sat.\n\nThe dog sat.\n',
      'labelled.txt': 'pos\tGood film\r\nneg\tBad film\r\n',
      'reviews.csv': 'review,stars\n"Good, fun film",5\nBad film,1\n',
    });
    const plain = loadDataset(
      { kind: 'text-skipgram', path: 'plain.txt', window: 1 } as DatasetSpec,
      1,
      readFile,
    );
    expect(plain.vocabulary).toEqual(['<pad>', '<unk>', 'sat', 'the', 'cat', 'dog']);
    const labelled = loadDataset(
      { kind: 'text-sentences', path: 'labelled.txt', maxLength: 3 } as DatasetSpec,
      1,
      readFile,
    );
    expect(labelled.classNames).toEqual(['neg', 'pos']);
    expect([...labelled.labels]).toEqual([1, 0]);
    const csv = loadDataset(
      { kind: 'text-tfidf', path: 'reviews.csv', textColumn: 'review', labelColumn: 'stars' } as DatasetSpec,
      1,
      readFile,
    );
    expect(csv.classNames).toEqual(['1', '5']);
    expect(csv.featureNames).toEqual(['bad', 'film', 'fun', 'good']);
  });

  it('says which file and line lacks a label, and which column is missing', () => {
    const readFile = files({
      'mixed.txt': 'pos\tGood film\nBad film\n',
      'r.csv': 'text,label\nan ox,b\n',
      'blank.csv': 'text,label\nan ox,b\nthe ox, \n',
      'dots.txt': '... !!\n?\n',
    });
    const load = (spec: Record<string, unknown>) => () => loadDataset(spec as DatasetSpec, 1, readFile);
    expect(load({ kind: 'text-sentences', path: 'mixed.txt', format: 'labelled' })).toThrow(
      /mixed\.txt: line 2: expected "label<TAB>sentence"/,
    );
    expect(load({ kind: 'text-sentences', path: 'mixed.txt' })).toThrow(
      /mixed\.txt: line 2: expected "label<TAB>sentence"/,
    );
    expect(load({ kind: 'text-sentences', path: 'mixed.txt', format: 'lines' })).toThrow(
      /mixed\.txt: line 1 has no label/,
    );
    expect(load({ kind: 'text-tfidf', path: 'r.csv', labelColumn: 'stars' })).toThrow(
      /label column "stars" is not in the header \(text, label\)/,
    );
    expect(load({ kind: 'text-cbow', path: 'gone.txt' })).toThrow(DatasetError);
    expect(load({ kind: 'text-cbow', path: 'dots.txt' })).toThrow(/dots\.txt: the text has no words/);
    expect(
      load({ kind: 'text-tfidf', path: 'r.csv', textColumn: 'text', labelColumn: 'label' }),
    ).not.toThrow();
    expect(load({ kind: 'text-tfidf', path: 'blank.csv', textColumn: 'text', labelColumn: 'label' })).toThrow(
      /blank\.csv: line 3: the label is empty/,
    );
  });
});

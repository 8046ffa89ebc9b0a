/**
 * Prints our TF-IDF features of a few corpora as JSON, for `tfidf-sklearn.py` to compare with
 * scikit-learn's TfidfVectorizer. Run by that script: `npx tsx scripts/check/tfidf-features.ts`.
 */
import { LECTURE_TEST, LECTURE_TRAIN, SENTIMENT_SENTENCES } from '../../src/data/text/corpus';
import { fitTfidf, SKLEARN_DEFAULTS, transformTfidf } from '../../src/data/text/tfidf';

const lecture = LECTURE_TRAIN.map((d) => d.text);
const reviews = SENTIMENT_SENTENCES.map((l) => l.slice(l.indexOf('\t') + 1)).slice(0, 60);
const odd = ["Don't stop: it's 2 a.m. — Café naïve, co-op's x_y!", 'A b c aa bb  AA', 'ÄÖÜ äöü straße 42'];
const cases = [];
for (const [name, docs, test] of [
  ['lecture', lecture, LECTURE_TEST.map((d) => d.text)],
  ['reviews', reviews, reviews.slice(0, 5)],
  ['odd', odd, odd],
] as const)
  for (const [ngramMin, ngramMax] of [
    [1, 1],
    [2, 2],
    [1, 2],
  ])
    for (const useIdf of [true, false]) {
      const options = { ...SKLEARN_DEFAULTS, ngramMin, ngramMax, useIdf };
      const tfidf = fitTfidf(docs, options);
      cases.push({
        name,
        docs,
        test,
        options,
        terms: tfidf.terms,
        train: [...transformTfidf(tfidf, docs)],
        testFeatures: [...transformTfidf(tfidf, test)],
      });
    }
console.log(JSON.stringify(cases));

/**
 * The training examples of the text lessons, from sentences already turned into token ids:
 * (context → centre word) for CBOW, (centre → context word) for skip-gram, and padded sequences for
 * classifiers. Context windows never reach across sentences.
 */
import { PAD_ID } from './vocabulary';

/** Examples as flat arrays: `features` row-major, one label per example. */
export interface TextExamples {
  count: number;
  features: Float32Array;
  labels: Float32Array;
}

/**
 * CBOW: for every word of every sentence, the `window` words on each side (2·window ids, left
 * then right, `<pad>` where the sentence ends) predict the word in the middle.
 */
export function cbowExamples(sentences: readonly (readonly number[])[], window: number): TextExamples {
  const width = 2 * window;
  const count = sentences.reduce((n, s) => n + s.length, 0);
  const features = new Float32Array(count * width).fill(PAD_ID);
  const labels = new Float32Array(count);
  let e = 0;
  for (const s of sentences)
    for (let i = 0; i < s.length; i++, e++) {
      labels[e] = s[i];
      for (let k = 1; k <= window; k++) {
        if (i - k >= 0) features[e * width + window - k] = s[i - k];
        if (i + k < s.length) features[e * width + window + k - 1] = s[i + k];
      }
    }
  return { count, features, labels };
}

/**
 * Skip-gram: one example per (centre word, context word) pair within `window` words of each other
 * in a sentence; the centre word's id predicts the context word. Summed over a centre's pairs the
 * loss is the lecture's Σ_c −log p(w_c | w_I).
 */
export function skipgramExamples(sentences: readonly (readonly number[])[], window: number): TextExamples {
  const pairs: number[] = [];
  for (const s of sentences)
    for (let i = 0; i < s.length; i++)
      for (let j = Math.max(0, i - window); j <= Math.min(s.length - 1, i + window); j++)
        if (j !== i) pairs.push(s[i], s[j]);
  const count = pairs.length / 2;
  const features = new Float32Array(count);
  const labels = new Float32Array(count);
  for (let e = 0; e < count; e++) {
    features[e] = pairs[2 * e];
    labels[e] = pairs[2 * e + 1];
  }
  return { count, features, labels };
}

/** Each sentence cut or filled with `<pad>` (at its end) to `length` ids, row-major. */
export function padSequences(sentences: readonly (readonly number[])[], length: number): Float32Array {
  const out = new Float32Array(sentences.length * length).fill(PAD_ID);
  sentences.forEach((s, r) => out.set(s.slice(0, length), r * length));
  return out;
}

/**
 * Words out of text, the way scikit-learn's vectorizers find them: lower-cased, then every run of
 * word characters (letters, digits, underscore, any script) is a token; punctuation separates
 * tokens and is dropped.
 */

/** A run of word characters, as Python's `\w+` with Unicode matching. */
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/**
 * The tokens of `text`, lower-cased, in order.
 *
 * @param minChars - Shortest token kept. scikit-learn's default `token_pattern` `\b\w\w+\b` keeps
 *   words of 2 or more characters (so "a" and "i" vanish); word2vec and the classifiers keep all (1).
 */
export function tokenize(text: string, minChars = 1): string[] {
  const words = text.toLowerCase().match(WORD) ?? [];
  return minChars <= 1 ? words : words.filter((w) => [...w].length >= minChars);
}

/** The n-grams of a token list for n in [min, max], as scikit-learn writes them (words joined by a space). */
export function ngrams(tokens: readonly string[], min: number, max: number): string[] {
  const out: string[] = [];
  for (let n = min; n <= max; n++)
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  return out;
}

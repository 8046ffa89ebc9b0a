/**
 * A vocabulary: the words a model knows, each with an integer id. Id 0 is the padding token that
 * fills sequences up to a common length, id 1 the unknown token every word outside the vocabulary
 * becomes; the rest are the most frequent words.
 */
import { DatasetError } from '../dataset';

/** Id of the padding token. */
export const PAD_ID = 0;
/** Id of the unknown-word token. */
export const UNK_ID = 1;
/** The padding and unknown tokens, ids 0 and 1. */
export const SPECIAL_TOKENS = ['<pad>', '<unk>'] as const;

/** Words by id and ids by word. */
export interface Vocabulary {
  /** `words[id]`: `<pad>`, `<unk>`, then the words from most to least frequent. */
  words: string[];
  /** Id of each known word. */
  ids: Map<string, number>;
}

/**
 * Builds a vocabulary of at most `maxSize` entries (the two special tokens included) from tokenized
 * documents: the most frequent words, ties broken alphabetically so the ids never depend on the
 * order of the documents.
 *
 * @throws DatasetError when `maxSize` leaves no room for a word or the documents have no words.
 */
export function buildVocabulary(documents: readonly (readonly string[])[], maxSize: number): Vocabulary {
  if (maxSize < SPECIAL_TOKENS.length + 1)
    throw new DatasetError(
      `the vocabulary size must be at least 3 (<pad>, <unk> and one word), got ${maxSize}`,
    );
  const counts = new Map<string, number>();
  for (const doc of documents) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
  if (counts.size === 0) throw new DatasetError('the text has no words');
  const ranked = [...counts.entries()]
    .filter(([w]) => !(SPECIAL_TOKENS as readonly string[]).includes(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxSize - SPECIAL_TOKENS.length)
    .map(([w]) => w);
  const words = [...SPECIAL_TOKENS, ...ranked];
  return { words, ids: new Map(words.map((w, i) => [w, i])) };
}

/** The ids of `tokens`; words outside the vocabulary become {@link UNK_ID}. */
export function encode(vocabulary: Vocabulary, tokens: readonly string[]): number[] {
  return tokens.map((w) => vocabulary.ids.get(w) ?? UNK_ID);
}

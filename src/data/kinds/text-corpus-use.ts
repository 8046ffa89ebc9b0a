/**
 * Which data-set kinds read a corpus file, and how: the Training tab offers its corpus chooser for
 * these kinds only, asking for labels where the kind trains a classifier.
 */
import type { DatasetSpec } from '../registry';
import type { CorpusUse } from '../text/preview';
import { textSentencesKind } from './text-sentences';
import { textTfidfKind } from './text-tfidf';
import { textCbowKind, textSkipgramKind } from './text-words';

const WORD_KINDS: readonly { kind: string }[] = [textCbowKind, textSkipgramKind];
const LABELLED_KINDS: readonly { kind: string }[] = [textSentencesKind, textTfidfKind];

/** How `spec`'s kind uses a corpus file (with the spec's vocabulary limit), or null if it reads none. */
export function corpusUse(spec: DatasetSpec): CorpusUse | null {
  const needLabels = LABELLED_KINDS.some((k) => k.kind === spec.kind);
  const kind = [...WORD_KINDS, ...LABELLED_KINDS].find((k) => k.kind === spec.kind);
  if (!kind) return null;
  const options = (kind as { options?: Record<string, { default?: unknown }> }).options ?? {};
  const given = (spec as { vocabSize?: number }).vocabSize;
  const fallback = options.vocabSize?.default;
  return { needLabels, vocabSize: given ?? (typeof fallback === 'number' ? fallback : undefined) };
}

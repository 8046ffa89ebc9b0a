/** The corpus chooser's preview: format detection, counts and line-numbered refusals of bad files. */
import { describe, expect, it } from 'vitest';
import { corpusUse } from '../../src/data/kinds/text-corpus-use';
import { previewCorpus } from '../../src/data/text/preview';

const bytes = (s: string) => new TextEncoder().encode(s);
const words = { needLabels: false, vocabSize: 10_000 };
const labelled = { needLabels: true, vocabSize: 10_000 };

describe('corpus preview', () => {
  it('reads plain lines and counts the words', () => {
    const p = previewCorpus('c.txt', bytes('The cat sat.\n\nthe dog sat\n'), {}, words);
    expect(p.format).toBe('lines');
    expect(p.documents).toBe(2);
    // the, cat, sat, dog: 4 words, plus <pad> and <unk>.
    expect(p.distinctWords).toBe(4);
    expect(p.vocabularySize).toBe(6);
    expect(p.topWords.slice(0, 2)).toEqual(['sat', 'the']);
    expect(p.first.map((d) => d.line)).toEqual([1, 3]);
    expect(p.classes).toBeNull();
  });

  it('caps the vocabulary at the limit', () => {
    const p = previewCorpus('c.txt', bytes('a b c d e f'), {}, { needLabels: false, vocabSize: 4 });
    expect(p.distinctWords).toBe(6);
    expect(p.vocabularySize).toBe(4);
  });

  it('detects labelled lines and CSV, listing the classes', () => {
    const tab = previewCorpus('s.txt', bytes('pos\tgood film\nneg\tbad film\n'), {}, labelled);
    expect(tab.format).toBe('labelled');
    expect(tab.classes).toEqual(['neg', 'pos']);
    expect(tab.first[1]).toEqual({ line: 2, text: 'bad film', label: 'neg' });
    const csv = previewCorpus('s.csv', bytes('good film,1\nbad film,0\n'), {}, labelled);
    expect(csv.format).toBe('csv');
    expect(csv.classes).toEqual(['0', '1']);
  });

  it('refuses a labelled file with a line that lacks its tab, naming the line', () => {
    expect(() => previewCorpus('s.txt', bytes('pos\tgood\nno tab here\n'), {}, labelled)).toThrow(
      /s\.txt: line 2: expected "label<TAB>sentence"/,
    );
  });

  it('refuses a CSV row with too few columns, naming its line', () => {
    expect(() => previewCorpus('s.csv', bytes('good,1\nbad\n'), {}, labelled)).toThrow(/line 2/);
  });

  it('refuses a file without words', () => {
    expect(() => previewCorpus('e.txt', bytes('\n\n'), {}, words)).toThrow(/no documents/);
    expect(() => previewCorpus('p.txt', bytes('!!! ???\n'), {}, words)).toThrow(/no words/);
  });

  it('knows which kinds read a corpus and whether they need labels', () => {
    expect(corpusUse({ kind: 'text-cbow' })).toEqual({ needLabels: false, vocabSize: 10_000 });
    expect(corpusUse({ kind: 'text-skipgram', vocabSize: 50 })?.vocabSize).toBe(50);
    expect(corpusUse({ kind: 'text-tfidf' })?.needLabels).toBe(true);
    expect(corpusUse({ kind: 'text-sentences' })?.needLabels).toBe(true);
    expect(corpusUse({ kind: 'spiral' })).toBeNull();
  });
});

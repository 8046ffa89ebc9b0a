/**
 * The built-in texts, written for this project so the text lessons work offline, each built so the
 * answer a lesson expects is known in advance.
 */

/**
 * Fills every `{slot}` of each template with each word of its group, all combinations.
 * `expand(['the {a} sat'], { a: ['cat', 'dog'] })` → `['the cat sat', 'the dog sat']`.
 */
function expand(templates: readonly string[], groups: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  for (const template of templates) {
    let sentences = [template];
    for (const [slot, words] of Object.entries(groups)) {
      if (!template.includes(`{${slot}}`)) continue;
      sentences = sentences.flatMap((s) => words.map((w) => s.split(`{${slot}}`).join(w)));
    }
    out.push(...sentences);
  }
  return out;
}

/**
 * Word pairs of the word2vec corpus: the two words of a pair occur in exactly the same contexts
 * (every sentence with one also appears with the other), while different pairs fill different
 * slots. So after training, the nearest neighbour of each word by cosine similarity is its partner.
 */
export const WORD_PAIRS: readonly (readonly [string, string])[] = [
  ['cat', 'dog'],
  ['mat', 'rug'],
  ['fish', 'meat'],
  ['boy', 'girl'],
  ['red', 'blue'],
];

const [animal, place, food, person, colour] = WORD_PAIRS;

/** The word2vec corpus: short sentences about pets, children, food and rugs. */
export const WORD2VEC_CORPUS: readonly string[] = expand(
  [
    'the {animal} sat on the {place}',
    'a {animal} sleeps on a {colour} {place}',
    'the {animal} eats {food} every day',
    'the {person} feeds the hungry {animal}',
    'the {person} cleans the dusty {place}',
    'my {person} cooks {food} for dinner',
    'the {person} paints the {place} {colour}',
    'the {person} buys fresh {food} at the market',
  ],
  { animal, place, food, person, colour },
);

const subjects = ['movie', 'film', 'book', 'show', 'story', 'song', 'meal', 'game'];
const positive = ['good', 'great', 'fun', 'lovely', 'excellent', 'wonderful'];
const negative = ['bad', 'awful', 'boring', 'dull', 'terrible', 'poor'];
const reviewTemplates = [
  'the {s} was {a}',
  'what a {a} {s}',
  'i thought the {s} was really {a}',
  'this {s} is {a}',
  'a {a} {s} overall',
];

/**
 * Labelled sentences for text classification: short reviews whose class is the sentiment of their
 * adjective, the same subjects and sentence frames in both classes, so a model must learn which
 * words carry the sentiment. Each line is `label<TAB>sentence`.
 */
export const SENTIMENT_SENTENCES: readonly string[] = [
  ...expand(reviewTemplates, { s: subjects, a: negative }).map((s) => `negative\t${s}`),
  ...expand(reviewTemplates, { s: subjects, a: positive }).map((s) => `positive\t${s}`),
];

/**
 * The lecture's TF-IDF classification example: four training sentences with their labels (True =
 * 1), as its slide lists them. (Its notebook code puts sent0 in a second time, labelled False, in
 * place of sent3.)
 */
export const LECTURE_TRAIN: readonly { text: string; label: string }[] = [
  { text: 'The quick brown fox jumps over the lazy brown dog .', label: 'False' },
  { text: 'Mr brown jumps over the lazy fox .', label: 'True' },
  { text: 'Roses are red , the chocolates are brown .', label: 'False' },
  { text: 'The frank dog jumps through the red roses .', label: 'False' },
];

/** The lecture's two test sentences, vectorized with the terms and idf of the training sentences. */
export const LECTURE_TEST: readonly { text: string; label: string }[] = [
  { text: 'Mr Tan jumps on red chocolates ?', label: 'False' },
  { text: 'Mr brown likes the lazy dog .', label: 'True' },
];

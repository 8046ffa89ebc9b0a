/** The example graphs shipped in graphs/, bundled so web mode can open them without a server. */
import type { GraphDoc } from '../src/graph/types';
import type { StepNote } from '../src/step/notes';

const files = import.meta.glob<string>('../graphs/*.json', { query: '?raw', import: 'default', eager: true });

/** Example name (file name without .json) → file text. */
export const EXAMPLES: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.replace(/^.*\/(.*)\.json$/, '$1'), text]),
);

/** Example names in a teaching order: the lecture's worked example first. */
export function exampleNames(): string[] {
  const first = [
    'xor-slides',
    'perceptron-or',
    'perceptron-xor',
    'xor-mlp',
    'xor-keras',
    'spiral-linear',
    'spiral-mlp',
    'tfidf-perceptron',
    'word2vec-cbow',
    'word2vec-skipgram',
    'word2vec-negsampling',
    'text-bag-of-embeddings',
    'text-cnn',
    'regression-line',
    'mnist-perceptron',
    'mnist-mlp',
    'shapes-cnn',
    'mnist-cnn',
  ];
  return [
    ...first.filter((n) => n in EXAMPLES),
    ...Object.keys(EXAMPLES)
      .filter((n) => !first.includes(n))
      .sort(),
  ];
}

/** Title of an example, from its `name` field. */
export function exampleTitle(name: string): string {
  try {
    return (JSON.parse(EXAMPLES[name]) as GraphDoc).name ?? name;
  } catch {
    return name;
  }
}

/**
 * Step-mode notes per example: where a lecture's worked arithmetic differs from the exact numbers.
 * Each note names the numbers of the walk it is about and is shown only when the walk has them
 * (the slides' weights, input (1, 0), target 1, μ = 10).
 */
const STEP_NOTES: Record<string, readonly StepNote[]> = {
  'xor-slides': [
    {
      phase: 'backward',
      id: 'z2',
      when: [
        { of: 'value', id: 'y', element: 0, is: 0.764519, tolerance: 5e-6 },
        { of: 'grad', id: 'z2', element: 0, is: -0.0423935, tolerance: 5e-7 },
      ],
      text:
        "The slides' δ_G = (t − y) · y′ = (1 − .76) × 0.181 = .0434 rounds y to .76 in t − y. " +
        'Unrounded, δ_G = (1 − 0.7645) × 0.1800 = 0.04239, about 2 % less; their Δw_GD = .391 and ' +
        'hidden δ inherit that (here ΔW2 = [0.3816, 0.07121]).',
    },
    {
      phase: 'backward',
      id: 'z1',
      when: [
        { of: 'value', id: 'h', element: 1, is: 0.167982, tolerance: 5e-6 },
        { of: 'grad', id: 'z1', element: 1, is: 0.0308104, tolerance: 5e-7 },
      ],
      text:
        "The slides' arithmetic is off here: δ_E = w_GE · δ_G · y′_E = −5.2 × .0434 × 0.2055 = −.0464 " +
        'uses y′_E = 0.2055, but y′_E = h_E (1 − h_E) = 0.168 × 0.832 = 0.1398 (the second entry of ' +
        'dh/dz1). With their own δ_G = .0434 that gives δ_E = −5.2 × .0434 × .1398 = −.0315; unrounded, ' +
        'δ_E = −0.03081 (−dE/dz1, second entry). Their δ_D = 4.5 × .0434 × .0898 = .0175 uses the right y′_D.',
    },
    {
      phase: 'update',
      id: 'W1',
      when: [{ of: 'update', id: 'W1', element: 1, is: -0.308104, tolerance: 5e-6 }],
      text:
        "The slides' Δw_EA = μ · δ_E · h_A = 10 × −.0464 × 1.0 = −.464 carries their wrong y′_E = 0.2055 " +
        'along. With y′_E = 0.1398 it is 10 × −0.03081 × 1 = −0.3081: ΔW1 row 1 (from x₀ = A), column 2 ' +
        '(into hidden E).',
    },
  ],
};

/** The step-mode notes of the example whose `name` a document has; none for other graphs. */
export function stepNotesFor(docName: string | undefined): readonly StepNote[] {
  if (!docName) return [];
  const example = Object.keys(STEP_NOTES).find((n) => n in EXAMPLES && exampleTitle(n) === docName);
  return example ? STEP_NOTES[example] : [];
}

/**
 * What each example teaches, in one line, for the lesson list of the empty first screen. Examples
 * without a line here (a graph added to graphs/ later) fall back to their title alone.
 */
export const EXAMPLE_LESSONS: Readonly<Record<string, string>> = {
  'xor-slides': 'Step through the lecture’s worked example: every value, gradient and update, unrounded.',
  'perceptron-or': 'One sigmoid unit learns OR: a single line separates the classes.',
  'perceptron-xor': 'The same unit cannot learn XOR: no line separates it, at most 3 of 4 right.',
  'xor-mlp': 'A hidden layer learns XOR by carving the plane into pieces.',
  'xor-keras': 'The slides’ Keras XOR; expand a Dense to see its MatMul, bias and activation.',
  'spiral-linear': 'A linear classifier on the 3-arm spiral stays near 50 % accuracy.',
  'spiral-mlp': '100 hidden ReLU units with an L2 penalty separate the spiral above 95 %.',
  'sine-regression': 'Regression: a small tanh network fits a noisy sine.',
  'regression-line': 'Linear regression with the MSE: the trained line is the least-squares fit.',
  'mnist-perceptron': 'The notebook’s perceptron: one layer of 10 sigmoid units reads 28×28 digits.',
  'mnist-mlp': 'Handwritten digits with the notebook’s 784-500-10 MLP (Get MNIST downloads them once).',
  'mnist-cnn': 'Convolution and pooling on MNIST: see every feature map and step through a window.',
  'shapes-cnn': 'A small CNN tells drawn shapes apart, offline; draw one yourself and see its feature maps.',
  'tfidf-perceptron': 'The lecture’s TF-IDF sentences into a perceptron: classic text classification.',
  'word2vec-cbow': 'CBOW word2vec: the averaged context predicts the centre word; watch words cluster.',
  'word2vec-skipgram':
    'Skip-gram word2vec: each word predicts its neighbours; try nearest words and analogies.',
  'word2vec-negsampling':
    'Skip-gram with negative sampling: the true context word against 5 random ones, no softmax over |V|.',
  'text-bag-of-embeddings': 'Average the word vectors of a sentence and classify it: a bag of embeddings.',
  'text-cnn': 'A 1-D convolution over word vectors with max pooling over time classifies reviews.',
};

/** The one line an example teaches, or null when it has none. */
export function exampleLesson(name: string): string | null {
  return EXAMPLE_LESSONS[name] ?? null;
}

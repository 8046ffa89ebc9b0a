/** The example graphs shipped in graphs/, bundled so web mode can open them without a server. */
import type { GraphDoc } from '../src/graph/types';

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
  'mnist-mlp': 'Handwritten digits with a 784-500-10 MLP (needs the MNIST files in graphs/data/).',
};

/** The one line an example teaches, or null when it has none. */
export function exampleLesson(name: string): string | null {
  return EXAMPLE_LESSONS[name] ?? null;
}

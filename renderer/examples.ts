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

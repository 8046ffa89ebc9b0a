/**
 * The truth tables of the lecture notes: XOR, OR and AND of two binary inputs, 4 examples each.
 */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';

/** The four input pairs of a truth table, in the order the notes list them. */
const TRUTH_INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
] as const;

/**
 * Labels are 0/1 values with shape [1] (regression), not class indices, so that the classic
 * sigmoid-output network with an L2 or BCE loss can be wired straight to them.
 */
function truthTable(name: string, op: (a: number, b: number) => number): Dataset {
  return {
    name,
    count: 4,
    featureShape: [2],
    features: Float32Array.from(TRUTH_INPUTS.flat()),
    labels: Float32Array.from(TRUTH_INPUTS.map(([a, b]) => op(a, b))),
    labelShape: [1],
    task: 'regression',
  };
}

/** XOR truth table: 4 examples, inputs (0,0),(0,1),(1,0),(1,1), labels 0,1,1,0 with shape [1]. */
export function xor(): Dataset {
  return truthTable('xor', (a, b) => a ^ b);
}

/** OR truth table: 4 examples, labels 0,1,1,1 with shape [1]. */
export function or(): Dataset {
  return truthTable('or', (a, b) => a | b);
}

/** AND truth table: 4 examples, labels 0,0,0,1 with shape [1]. */
export function and(): Dataset {
  return truthTable('and', (a, b) => a & b);
}

const table = (kind: 'xor' | 'or' | 'and', upper: string, build: () => Dataset) =>
  defineDataset({
    kind,
    title: `${upper} truth table (4 examples)`,
    description: `The ${upper} truth table of two binary inputs: 4 examples, 0/1 labels of shape [1].`,
    offer: 'builtin',
    options: {},
    load: build,
  });

/** Registry entries of the three truth tables. */
export const xorKind = table('xor', 'XOR', xor);
export const orKind = table('or', 'OR', or);
export const andKind = table('and', 'AND', and);

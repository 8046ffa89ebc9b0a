/**
 * Step mode's text for the slides' XOR example: the formulas with the numbers put in must show
 * the values computed independently here (float64), rounded as displayed.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import { checkGraph } from '../../src/graph/check';
import { compile } from '../../src/compile/program';
import { createOptimizer } from '../../src/train/optimizers';
import { stepThrough } from '../../src/step/stepper';
import type { StepWalk } from '../../src/step/stepper';
import { explainEvent } from '../../src/step/explain';
import { num } from '../../src/trace/format';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
let walk: StepWalk;

beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  const { doc } = parseGraphText(readFileSync('graphs/xor-slides.json', 'utf8'));
  const graph = checkGraph(doc!).graph!;
  const program = compile(graph);
  const optimizer = createOptimizer(doc!.training.optimizer);
  const feeds = { features: tf.tensor2d([[1, 0]]), labels: { t: tf.tensor2d([[1]]) } };
  walk = await stepThrough(program, optimizer, feeds);
  feeds.features.dispose();
  feeds.labels.t.dispose();
});

/** The explanation of the event about `nodeId` in `phase`. */
function explain(phase: string, key: string) {
  const i = walk.events.findIndex(
    (e) => e.phase === phase && (e.phase === 'update' ? e.key === key : e.nodeId === key),
  );
  expect(i).toBeGreaterThanOrEqual(0);
  return explainEvent(walk, i, 10);
}

describe('explainEvent on the slides’ XOR step', () => {
  const z1 = [3.7 - 1.5, 2.9 - 4.5];
  const h = z1.map(sigmoid);
  const z2 = h[0] * 4.5 + h[1] * -5.2 - 2;
  const y = sigmoid(z2);
  const dEdz2 = -(1 - y) * y * (1 - y);

  it('puts the input numbers into the forward formula and shows the result', () => {
    const e = explain('forward', 'h');
    expect(e.title).toMatch(/^Forward \d+\/13: h \(Sigmoid\)$/);
    expect(e.formula).toBe('B = 1 / (1 + e^(−A))');
    expect(e.lines[0]).toBe(`B = 1 / (1 + e^(−[${num(z1[0])}, ${num(z1[1])}]))`);
    expect(e.lines[1]).toBe(`h = [${num(h[0])}, ${num(h[1])}]`);
  });

  it('substitutes both operands of an Add', () => {
    const e = explain('forward', 'z1');
    expect(e.lines[0]).toBe(`C = [3.7, 2.9] + [−1.5, −4.5]`);
    expect(e.lines[1]).toBe(`z1 = [${num(z1[0])}, ${num(z1[1])}]`);
  });

  it('writes the chain rule with numbers on the way back', () => {
    const e = explain('backward', 'z2');
    expect(e.title).toMatch(/^Backward \d+\/13: z2/);
    const dEdy = -(1 - y);
    expect(e.lines[0]).toBe(
      `dE/dz2 via y.in: dE/dy · dy/dz2 = [${num(dEdy)}] ⊙ [${num(y * (1 - y))}] = [${num(dEdz2)}]`,
    );
    expect(e.lines.at(-1)).toBe(`dE/dz2 = [${num(dEdz2)}]`);
  });

  it('shows Δw = −μ · dE/dw and the new weight', () => {
    const e = explain('update', 'b2');
    expect(e.formula).toBe('Δw = −μ · g');
    expect(e.lines[0]).toBe(`dE/db2 = [${num(dEdz2)}]`);
    expect(e.lines[1]).toBe(`Δb2 = −10 · dE/db2 = [${num(-10 * dEdz2)}]`);
    expect(e.lines[2]).toBe(`b2 ← [−2] + Δb2 = [${num(-2 - 10 * dEdz2)}]`);
  });

  it('says the loss node starts the backward pass with dE/dE = 1', () => {
    expect(explain('backward', 'E').lines[0]).toBe('dE/dE = 1 (the loss itself)');
  });
});

/**
 * Step mode for a small CNN (6×6 image → Conv2D 2@3×3 relu → MaxPool 2×2 → Dense 1 → MSE): every
 * number the window lines show is computed again here with plain loops (float64), not with our
 * ops: the window sum of an output, dE/dK as the input correlated with δ, dE/dx as the full
 * convolution of δ with the flipped kernel, and max pooling routing the gradient to the maximum.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { compile } from '../../src/compile/program';
import { createOptimizer } from '../../src/train/optimizers';
import { stepThrough } from '../../src/step/stepper';
import type { StepWalk } from '../../src/step/stepper';
import { explainEvent } from '../../src/step/explain';
import { inputGradient, kernelGradient, windowForward } from '../../src/step/conv-windows';
import { num } from '../../src/trace/format';

const H = 6;
const X = Array.from({ length: H * H }, (_, i) => Math.round(10 * Math.sin(i * 1.7 + 0.3)) / 10);
// K[a][b][f] for the one input channel; filter 0 and 1.
const K = Array.from({ length: 3 }, (_, a) =>
  Array.from({ length: 3 }, (_, b) => [0.3 * (a - 1) + 0.1 * b, 0.2 - 0.15 * a * b]),
);
const B = [0.05, -0.1];
const W = Array.from({ length: 8 }, (_, i) => (i % 2 ? -0.4 : 0.5) + 0.05 * i);
const BIAS = 0.1;
const T = 1;

function doc(): GraphDoc {
  const node = (id: string, op: string, params: Record<string, unknown> = {}) => ({ id, op, params });
  const edge = (source: string, target: string, targetPort = 'in') => ({
    source,
    sourcePort: 'out',
    target,
    targetPort,
  });
  return {
    schemaVersion: 1,
    nodes: [
      node('x', 'Input', { shape: [H, H, 1] }),
      node('conv', 'Conv2D', { filters: 2, kernelSize: [3], activation: 'relu' }),
      node('pool', 'MaxPool2D', { poolSize: [2] }),
      node('flat', 'Flatten'),
      node('out', 'Dense', { units: 1 }),
      node('t', 'Target', { shape: [1], encoding: 'value' }),
      node('loss', 'MSE'),
    ],
    edges: [
      edge('x', 'conv'),
      edge('conv', 'pool'),
      edge('pool', 'flat'),
      edge('flat', 'out'),
      edge('out', 'loss', 'prediction'),
      edge('t', 'loss', 'target'),
    ],
    training: { dataset: { kind: 'xor' }, optimizer: { type: 'sgd', learningRate: 0.1 } },
    weights: {
      conv: {
        kernel: { shape: [3, 3, 1, 2], values: K.flat(2) },
        bias: { shape: [2], values: B },
      },
      out: { kernel: { shape: [8, 1], values: W }, bias: { shape: [1], values: [BIAS] } },
    },
  } as unknown as GraphDoc;
}

// The same network by hand.
const x = (r: number, c: number) => X[r * H + c];
const z = (i: number, j: number, f: number) => {
  let s = B[f];
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += x(i + a, j + b) * K[a][b][f];
  return s;
};
const y = (i: number, j: number, f: number) => Math.max(0, z(i, j, f));
/** The arg max of pool window (pi, pj) of filter f (first maximum in row-major order). */
const argmax = (pi: number, pj: number, f: number) => {
  let best = [2 * pi, 2 * pj];
  for (let a = 0; a < 2; a++)
    for (let b = 0; b < 2; b++)
      if (y(2 * pi + a, 2 * pj + b, f) > y(best[0], best[1], f)) best = [2 * pi + a, 2 * pj + b];
  return best;
};
const pooled = (pi: number, pj: number, f: number) => y(...(argmax(pi, pj, f) as [number, number]), f);
let prediction = BIAS;
for (let pi = 0; pi < 2; pi++)
  for (let pj = 0; pj < 2; pj++)
    for (let f = 0; f < 2; f++) prediction += pooled(pi, pj, f) * W[(pi * 2 + pj) * 2 + f];
const dEdOut = 2 * (prediction - T);
/** dE/dy of the conv output: routed by the pooling to each window's maximum. */
const dEdy = (i: number, j: number, f: number) => {
  const [r, c] = argmax(Math.floor(i / 2), Math.floor(j / 2), f);
  return r === i && c === j ? dEdOut * W[(Math.floor(i / 2) * 2 + Math.floor(j / 2)) * 2 + f] : 0;
};
const delta = (i: number, j: number, f: number) => (z(i, j, f) > 0 ? dEdy(i, j, f) : 0);

let walk: StepWalk;
beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  const parsed = parseGraphText(JSON.stringify(doc()));
  expect(parsed.diagnostics).toEqual([]);
  const d = parsed.doc!;
  const { graph, diagnostics } = checkGraph(d);
  expect(diagnostics.filter((q) => q.severity === 'error')).toEqual([]);
  const program = compile(graph!);
  const optimizer = createOptimizer({ type: 'sgd', learningRate: 0.1 });
  const feeds = { features: tf.tensor4d(X, [1, H, H, 1]), labels: { t: tf.tensor2d([[T]]) } };
  walk = await stepThrough(program, optimizer, feeds, { fullLimit: 10_000 });
  feeds.features.dispose();
  feeds.labels.t.dispose();
});

describe('convolution in step mode', () => {
  it('the forward line is the window sum of output (0, 0) with the numbers, window rows and columns 0–2', () => {
    const w = windowForward(walk, 'conv')!;
    expect(w.lines[0]).toContain(
      '3×3 window, stride 1, padding "valid": output (0, 0) is computed from rows 0–2, columns 0–2 of x',
    );
    // Nine products x·K written out, the first x[0,0]·K[0,0,0,0], then the bias.
    const paren = (v: number) => (v < 0 ? `(${num(v)})` : num(v));
    expect(w.lines[1]).toContain(`= ${paren(x(0, 0))}·${paren(Math.fround(K[0][0][0]))} + `);
    expect(w.lines[1].split('·').length - 1).toBe(9 + 1);
    expect(w.lines[1].endsWith(`= ${num(z(0, 0, 0))}`)).toBe(true);
    expect(w.lines[2]).toBe(`conv[0,0,0] = max(0, ${num(z(0, 0, 0))}) = ${num(y(0, 0, 0))}`);
    expect(w.view.inputMarks).toHaveLength(9);
    expect(w.view.kernel!.values).toEqual(
      K.flat()
        .map((k) => k[0])
        .map((v) => Math.fround(v)),
    );
  });

  it('dE/dK is the input correlated with δ', () => {
    let expected = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expected += x(i, j) * delta(i, j, 0);
    const g = kernelGradient(walk, 'conv')!;
    expect(g.value).toBeCloseTo(expected, 5);
    expect(g.lines[1]).toContain(`= ${num(g.value)}  (`);
    // And it is the gradient the step applied.
    const update = walk.events.find((e) => e.phase === 'update' && e.key === 'conv/kernel');
    expect(update?.phase === 'update' && update.grad!.values![0]).toBeCloseTo(expected, 5);
  });

  it('dE/dx is the full convolution of δ with the flipped kernel', () => {
    // x[3,3] lies in the windows of outputs (1..3, 1..3); K flipped: K[3−i][3−j].
    let expected = 0;
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++)
        for (let f = 0; f < 2; f++) {
          const a = 3 - i;
          const b = 3 - j;
          if (a >= 0 && a < 3 && b >= 0 && b < 3) expected += delta(i, j, f) * K[a][b][f];
        }
    const g = inputGradient(walk, 'conv')!;
    expect(g.cell).toEqual({ row: 3, col: 3 });
    expect(g.value).toBeCloseTo(expected, 5);
    expect(g.view.outputMarks).toHaveLength(9);
    const back = walk.events.find((e) => e.phase === 'backward' && e.nodeId === 'x');
    expect(back?.phase === 'backward' && back.grad!.values![3 * H + 3]).toBeCloseTo(expected, 5);
  });

  it('max pooling routes the gradient to the maximum of each window', () => {
    const g = inputGradient(walk, 'pool')!;
    expect(g.value).toBeCloseTo(dEdy(2, 2, 0), 6);
    const [r, c] = argmax(1, 1, 0);
    expect(g.lines[1]).toContain(`max ${num(pooled(1, 1, 0))} at (${r},${c})`);
    const f = windowForward(walk, 'pool')!;
    expect(f.lines[1]).toContain(
      `= ${num(pooled(0, 0, 0))}, the value at row ${argmax(0, 0, 0)[0]}, column ${argmax(0, 0, 0)[1]}`,
    );
  });

  it('explainEvent adds the window lines and view to the conv and pool events', () => {
    const i = walk.events.findIndex((e) => e.phase === 'forward' && e.nodeId === 'conv');
    const e = explainEvent(walk, i, 0.1);
    expect(e.window?.kind).toBe('conv');
    expect(e.lines.some((l) => l.startsWith('z[0,0,0] = Σ_(a,b,c)'))).toBe(true);
    const u = walk.events.findIndex((q) => q.phase === 'update' && q.key === 'conv/kernel');
    expect(explainEvent(walk, u, 0.1).lines.some((l) => l.startsWith('dE/dK[0,0,0,0] ='))).toBe(true);
    const b = walk.events.findIndex((q) => q.phase === 'backward' && q.nodeId === 'conv');
    expect(explainEvent(walk, b, 0.1).window?.kind).toBe('max');
  });
});

describe('a strided, zero-padded convolution and average pooling', () => {
  // 5×5 image → Conv2D 1@3×3, stride 2, padding "same" (3×3 out) → AvgPool 2×2 (1×1) → Dense 1.
  const X5 = Array.from({ length: 25 }, (_, i) => Math.round(10 * Math.cos(i * 0.9)) / 10);
  const K5 = Array.from({ length: 9 }, (_, i) => Math.round(10 * Math.sin(i + 1)) / 20);
  let walk5: StepWalk;
  beforeAll(async () => {
    const graph: GraphDoc = {
      ...doc(),
      nodes: [
        { id: 'x', op: 'Input', params: { shape: [5, 5, 1] } },
        { id: 'conv', op: 'Conv2D', params: { filters: 1, kernelSize: [3], strides: [2], padding: 'same' } },
        { id: 'pool', op: 'AvgPool2D', params: { poolSize: [2] } },
        { id: 'flat', op: 'Flatten', params: {} },
        { id: 'out', op: 'Dense', params: { units: 1 } },
        { id: 't', op: 'Target', params: { shape: [1], encoding: 'value' } },
        { id: 'loss', op: 'MSE', params: {} },
      ],
      weights: {
        conv: { kernel: { shape: [3, 3, 1, 1], values: K5 }, bias: { shape: [1], values: [0.2] } },
        out: { kernel: { shape: [1, 1], values: [0.7] }, bias: { shape: [1], values: [0] } },
      },
    } as unknown as GraphDoc;
    const parsed = parseGraphText(JSON.stringify(graph));
    expect(parsed.diagnostics).toEqual([]);
    const program = compile(checkGraph(parsed.doc!).graph!);
    const feeds = { features: tf.tensor4d(X5, [1, 5, 5, 1]), labels: { t: tf.tensor2d([[T]]) } };
    walk5 = await stepThrough(program, createOptimizer({ type: 'sgd', learningRate: 0.1 }), feeds, {
      fullLimit: 10_000,
    });
    feeds.features.dispose();
    feeds.labels.t.dispose();
  });

  it('finds the stride and the zero padding, and sums only the pixels inside the image', () => {
    const w = windowForward(walk5, 'conv')!;
    expect(w.lines[0]).toBe(
      '3×3 window, stride 2, padding "same" (1 zero rows above, 1 zero columns left): output (0, 0) is computed from rows 0–1, columns 0–1 of x.',
    );
    // Output (0, 0) covers image rows −1…1 and columns −1…1: only K[1..2][1..2] meet pixels.
    let z = 0.2;
    for (let a = 1; a < 3; a++) for (let b = 1; b < 3; b++) z += X5[(a - 1) * 5 + (b - 1)] * K5[a * 3 + b];
    expect(w.lines[1].endsWith(`= ${num(z)}`)).toBe(true);
    expect(w.view.inputMarks).toHaveLength(4);
  });

  it('average pooling shares the gradient; dE/dx through the strided conv matches the step', () => {
    const f = windowForward(walk5, 'pool')!;
    const conv = walk5.events.find((e) => e.phase === 'forward' && e.nodeId === 'conv')!;
    const y = conv.phase === 'forward' ? conv.value.values! : [];
    const mean = (y[0] + y[1] + y[3] + y[4]) / 4;
    expect(f.lines[1]).toContain(`/ 4 = ${num(mean)}`);
    const g = inputGradient(walk5, 'conv')!;
    const back = walk5.events.find((e) => e.phase === 'backward' && e.nodeId === 'x');
    expect(g.value).toBeCloseTo(back?.phase === 'backward' ? back.grad!.values![2 * 5 + 2] : NaN, 5);
    // Output i covers rows 2i − 1 … 2i + 1: the middle pixel (2, 2) lies only in the window of (1, 1).
    expect(g.view.outputMarks).toEqual([{ row: 1, col: 1 }]);
  });
});

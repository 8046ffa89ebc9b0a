/**
 * Every differentiable op and loss: the gradient tfjs computes through the op spec's forward
 * against central finite differences of the same forward, and each loss's value against its
 * closed form computed here in plain JS (float64).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getOp } from '../../src/ops/registry';
import { resolveParams } from '../../src/ops/params';
import type { ParamValue } from '../../src/graph/types';
import { createRng } from '../../src/data/random';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
});

type Inputs = Record<string, number[][] | number[]>;

interface Case {
  op: string;
  params?: Record<string, ParamValue>;
  inputs: Record<string, { values: number[]; shape: number[] }[]>;
  weights?: Record<string, { values: number[]; shape: number[] }>;
  /** Ports not differentiated (targets, indices). */
  constant?: string[];
}

const rng = createRng(7, 'gradients');
/** Random values in [lo, hi], kept at least `gap` away from zero (kinks of relu/abs). */
function rand(n: number, lo = -2, hi = 2, gap = 0.05): number[] {
  return Array.from({ length: n }, () => {
    let v = 0;
    while (Math.abs(v) < gap) v = rng.uniform(lo, hi);
    return v;
  });
}
const t = (shape: number[], lo?: number, hi?: number, gap?: number) => ({
  values: rand(
    shape.reduce((a, b) => a * b, 1),
    lo,
    hi,
    gap,
  ),
  shape,
});
const probs = (rows: number, k: number) => {
  const v: number[] = [];
  for (let r = 0; r < rows; r++) {
    const raw = rand(k, 0.2, 1);
    const s = raw.reduce((a, b) => a + b, 0);
    v.push(...raw.map((x) => x / s));
  }
  return { values: v, shape: [rows, k] };
};
const oneHot = (rows: number, k: number) => ({
  values: Array.from({ length: rows * k }, (_, i) => (i % k === (Math.floor(i / k) * 2 + 1) % k ? 1 : 0)),
  shape: [rows, k],
});

function evaluate(
  c: Case,
  overrides: Record<string, tf.Tensor[]> = {},
  weightOverrides: Record<string, tf.Tensor> = {},
) {
  const spec = getOp(c.op)!;
  const { params, problems } = resolveParams(spec, c.params ?? {});
  expect(problems).toEqual([]);
  const inputs: Record<string, tf.Tensor[]> = {};
  for (const [port, list] of Object.entries(c.inputs))
    inputs[port] = overrides[port] ?? list.map((x) => tf.tensor(x.values, x.shape));
  const weights: Record<string, tf.Tensor> = {};
  for (const [name, w] of Object.entries(c.weights ?? {}))
    weights[name] = weightOverrides[name] ?? tf.tensor(w.values, w.shape);
  return spec.forward({ inputs, params, weights, training: false, seed: 1, feeds: {}, stateUpdates: [], tf });
}

/** Checks d(sum(out ⊙ R))/d(x) for one input or weight against central differences. */
function checkGradient(c: Case, kind: 'input' | 'weight', name: string, index = 0) {
  tf.tidy(() => {
    const out0 = evaluate(c);
    const r = tf.tensor(rand(out0.size, 0.5, 1.5), out0.shape);
    const source = kind === 'input' ? c.inputs[name][index] : c.weights![name];
    const objective = (x: tf.Tensor) => {
      const out =
        kind === 'input'
          ? evaluate(c, {
              [name]: c.inputs[name].map((v, i) => (i === index ? x : tf.tensor(v.values, v.shape))),
            })
          : evaluate(c, {}, { [name]: x });
      return tf.sum(tf.mul(out, r));
    };
    const x0 = tf.tensor(source.values, source.shape);
    const analytic = tf.grad(objective)(x0).dataSync();
    const eps = 1e-2;
    for (let i = 0; i < source.values.length; i++) {
      const plus = [...source.values];
      const minus = [...source.values];
      plus[i] += eps;
      minus[i] -= eps;
      const fp = objective(tf.tensor(plus, source.shape)).dataSync()[0];
      const fm = objective(tf.tensor(minus, source.shape)).dataSync()[0];
      const numeric = (fp - fm) / (2 * eps);
      const scale = Math.max(1, Math.abs(numeric), Math.abs(analytic[i]));
      expect(
        Math.abs(analytic[i] - numeric) / scale,
        `${c.op} d/d${name}[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`,
      ).toBeLessThan(2e-2);
    }
  });
}

const cases: Case[] = [
  { op: 'Sigmoid', inputs: { in: [t([2, 3])] } },
  { op: 'Tanh', inputs: { in: [t([2, 3])] } },
  { op: 'ReLU', inputs: { in: [t([2, 3], -2, 2, 0.1)] } },
  { op: 'LeakyReLU', params: { alpha: 0.1 }, inputs: { in: [t([2, 3], -2, 2, 0.1)] } },
  { op: 'Softmax', inputs: { in: [t([2, 4])] } },
  { op: 'ELU', inputs: { in: [t([2, 3], -2, 2, 0.1)] } },
  { op: 'ELU', params: { alpha: 0.5 }, inputs: { in: [t([2, 3], -2, 2, 0.1)] } },
  { op: 'Swish', inputs: { in: [t([2, 3], -4, 4)] } },
  {
    op: 'Dense',
    params: { units: 2, activation: 'elu' },
    inputs: { in: [t([3, 2])] },
    weights: { kernel: t([2, 2], -1, 1), bias: t([2], -1, 1) },
  },
  { op: 'Linear', inputs: { in: [t([3, 2])] } },
  { op: 'MatMul', inputs: { a: [t([3, 2])], b: [t([2, 4])] } },
  { op: 'Add', inputs: { a: [t([3, 2])], b: [t([2])] } },
  { op: 'Multiply', inputs: { a: [t([3, 2])], b: [t([3, 2])] } },
  { op: 'Square', inputs: { in: [t([2, 3])] } },
  { op: 'Concat', params: { axis: -1 }, inputs: { inputs: [t([2, 2]), t([2, 3])] } },
  { op: 'Sum', params: { axes: [1] }, inputs: { in: [t([3, 4])] } },
  { op: 'Sum', inputs: { in: [t([3, 4])] } },
  {
    op: 'Dense',
    params: { units: 3, activation: 'tanh' },
    inputs: { in: [t([2, 4])] },
    weights: { kernel: t([4, 3], -1, 1), bias: t([3], -1, 1) },
  },
  {
    op: 'Dense',
    params: { units: 2, activation: 'softmax' },
    inputs: { in: [t([3, 2])] },
    weights: { kernel: t([2, 2], -1, 1), bias: t([2], -1, 1) },
  },
  {
    op: 'L2Error',
    inputs: { prediction: [t([3, 2], 0, 1)], target: [t([3, 2], 0, 1)] },
    constant: ['target'],
  },
  { op: 'MSE', inputs: { prediction: [t([3, 2])], target: [t([3, 2])] }, constant: ['target'] },
  {
    op: 'MAE',
    inputs: { prediction: [t([3, 2], 1, 2)], target: [t([3, 2], -1, 0.5)] },
    constant: ['target'],
  },
  {
    op: 'BinaryCrossEntropy',
    inputs: { prediction: [t([4, 1], 0.1, 0.9)], target: [{ values: [0, 1, 1, 0], shape: [4, 1] }] },
    constant: ['target'],
  },
  {
    op: 'BinaryCrossEntropy',
    params: { fromLogits: true },
    inputs: { prediction: [t([4, 1])], target: [{ values: [0, 1, 1, 0], shape: [4, 1] }] },
    constant: ['target'],
  },
  {
    op: 'CategoricalCrossEntropy',
    inputs: { prediction: [probs(3, 4)], target: [oneHot(3, 4)] },
    constant: ['target'],
  },
  {
    op: 'CategoricalCrossEntropy',
    params: { fromLogits: true },
    inputs: { prediction: [t([3, 4])], target: [oneHot(3, 4)] },
    constant: ['target'],
  },
  {
    op: 'SparseCategoricalCrossEntropy',
    inputs: { prediction: [probs(3, 4)], target: [{ values: [1, 3, 0], shape: [3] }] },
    constant: ['target'],
  },
  {
    op: 'SparseCategoricalCrossEntropy',
    params: { fromLogits: true },
    inputs: { prediction: [t([3, 4])], target: [{ values: [2, 0, 1], shape: [3] }] },
    constant: ['target'],
  },
  // Scores spaced so no margin sits exactly at a kink.
  {
    op: 'MulticlassHinge',
    inputs: {
      prediction: [{ values: [0.3, 2.1, -1.2, 1.7, 0.2, 0.9], shape: [2, 3] }],
      target: [{ values: [1, 2], shape: [2] }],
    },
    constant: ['target'],
  },
  { op: 'L2Penalty', params: { lambda: 0.3 }, inputs: { weights: [t([3, 2])] } },
  { op: 'L1Penalty', params: { lambda: 0.3 }, inputs: { weights: [t([3, 2])] } },
];

describe('analytic gradients match central finite differences', () => {
  for (const c of cases) {
    const label = `${c.op}${c.params ? ` ${JSON.stringify(c.params)}` : ''}`;
    it(label, () => {
      for (const [port, list] of Object.entries(c.inputs)) {
        if (c.constant?.includes(port)) continue;
        list.forEach((_, i) => checkGradient(c, 'input', port, i));
      }
      for (const name of Object.keys(c.weights ?? {})) checkGradient(c, 'weight', name);
    });
  }
});

describe('loss values match their closed forms', () => {
  const y = [
    [0.2, 0.7],
    [0.9, 0.4],
  ];
  const target = [
    [0, 1],
    [1, 1],
  ];
  const value = (op: string, inputs: Inputs, params: Record<string, ParamValue> = {}) =>
    tf.tidy(() => {
      const c: Case = {
        op,
        params,
        inputs: Object.fromEntries(
          Object.entries(inputs).map(([k, v]) => {
            const arr = v as number[] | number[][];
            const shape = Array.isArray(arr[0]) ? [arr.length, (arr[0] as number[]).length] : [arr.length];
            return [k, [{ values: arr.flat(), shape }]];
          }),
        ),
      };
      return evaluate(c).dataSync()[0];
    });
  const pairs = y.flatMap((row, i) => row.map((v, j) => [v, target[i][j]] as const));

  it('L2 error: ½ Σ (t−y)² per example, mean over the batch', () => {
    const expected = (0.5 * (0.2 ** 2 + 0.3 ** 2) + 0.5 * (0.1 ** 2 + 0.6 ** 2)) / 2;
    expect(value('L2Error', { prediction: y, target })).toBeCloseTo(expected, 6);
  });
  it('MSE and MAE: means over all elements', () => {
    expect(value('MSE', { prediction: y, target })).toBeCloseTo(
      pairs.reduce((s, [a, b]) => s + (a - b) ** 2, 0) / 4,
      6,
    );
    expect(value('MAE', { prediction: y, target })).toBeCloseTo(
      pairs.reduce((s, [a, b]) => s + Math.abs(a - b), 0) / 4,
      6,
    );
  });
  it('binary cross-entropy, from probabilities and from logits', () => {
    const bce = -pairs.reduce((s, [p, tt]) => s + tt * Math.log(p) + (1 - tt) * Math.log(1 - p), 0) / 4;
    expect(value('BinaryCrossEntropy', { prediction: y, target })).toBeCloseTo(bce, 5);
    const logits = y.map((r) => r.map((p) => Math.log(p / (1 - p))));
    expect(value('BinaryCrossEntropy', { prediction: logits, target }, { fromLogits: true })).toBeCloseTo(
      bce,
      5,
    );
  });
  it('categorical and sparse cross-entropy: −log p of the true class', () => {
    const p = [
      [0.1, 0.6, 0.3],
      [0.5, 0.25, 0.25],
    ];
    const expected = -(Math.log(0.6) + Math.log(0.25)) / 2;
    expect(
      value('CategoricalCrossEntropy', {
        prediction: p,
        target: [
          [0, 1, 0],
          [0, 0, 1],
        ],
      }),
    ).toBeCloseTo(expected, 5);
    expect(value('SparseCategoricalCrossEntropy', { prediction: p, target: [1, 2] })).toBeCloseTo(
      expected,
      5,
    );
    const logits = p.map((r) => r.map(Math.log));
    expect(
      value('SparseCategoricalCrossEntropy', { prediction: logits, target: [1, 2] }, { fromLogits: true }),
    ).toBeCloseTo(expected, 5);
  });
  it('multiclass hinge: Σ over wrong classes of max(0, s_j − s_c + 1)', () => {
    const s = [
      [3.2, 5.1, -1.7],
      [1.3, 4.9, 2.0],
    ];
    // CS231n's worked example: correct classes 0 and 1 → losses 2.9 and 0.
    expect(value('MulticlassHinge', { prediction: s, target: [0, 1] })).toBeCloseTo((2.9 + 0) / 2, 5);
  });
});

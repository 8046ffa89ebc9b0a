/**
 * The ops of the text lessons — Mean, Conv1D, GlobalMaxPool1D, GlobalAvgPool1D: forward values
 * against loops written here (float64), gradients against central finite differences of the
 * spec's own forward, and shape rules including the messages for shapes that do not fit.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random';
import type { ParamValue } from '../../src/graph/types';
import { resolveParams } from '../../src/ops/params';
import { getOp } from '../../src/ops/registry';
import type { Shape } from '../../src/shapes/shape';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
});

type T = { values: number[]; shape: number[] };
const rng = createRng(11, 'text-ops');
const rand = (shape: number[]): T => ({
  values: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-2, 2)),
  shape,
});

function run(
  op: string,
  params: Record<string, ParamValue>,
  x: tf.Tensor,
  weights: Record<string, tf.Tensor> = {},
) {
  const spec = getOp(op)!;
  const resolved = resolveParams(spec, params);
  expect(resolved.problems).toEqual([]);
  return spec.forward({
    inputs: { in: [x] },
    params: resolved.params,
    weights,
    training: false,
    seed: 1,
    feeds: {},
    stateUpdates: [],
    tf,
  });
}

/** d(Σ out ⊙ R)/d(source) by tfjs against central differences, R random. */
function checkGradient(
  op: string,
  params: Record<string, ParamValue>,
  x: T,
  weights: Record<string, T>,
  wrt: 'in' | string,
) {
  tf.tidy(() => {
    const forward = (over: tf.Tensor) => {
      const ws = Object.fromEntries(
        Object.entries(weights).map(([k, w]) => [k, k === wrt ? over : tf.tensor(w.values, w.shape)]),
      );
      return run(op, params, wrt === 'in' ? over : tf.tensor(x.values, x.shape), ws);
    };
    const source = wrt === 'in' ? x : weights[wrt];
    const out0 = forward(tf.tensor(source.values, source.shape));
    const r = tf.tensor(
      Array.from({ length: out0.size }, () => rng.uniform(0.5, 1.5)),
      out0.shape,
    );
    const objective = (v: tf.Tensor) => tf.sum(tf.mul(forward(v), r));
    const analytic = tf.grad(objective)(tf.tensor(source.values, source.shape)).dataSync();
    const eps = 1e-2;
    source.values.forEach((_, i) => {
      const at = (d: number) =>
        objective(
          tf.tensor(
            source.values.map((v, j) => (j === i ? v + d : v)),
            source.shape,
          ),
        ).dataSync()[0];
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      const scale = Math.max(1, Math.abs(numeric));
      expect(Math.abs(analytic[i] - numeric) / scale, `${op} d/d${wrt}[${i}]`).toBeLessThan(2e-2);
    });
  });
}

function shapeOf(op: string, params: Record<string, ParamValue>, input: Shape): Shape {
  const spec = getOp(op)!;
  return spec.shape({
    inputs: { in: [{ shape: input, from: 'x' }] },
    params: resolveParams(spec, params).params,
    nodeId: 'n',
  });
}

describe('Mean', () => {
  it('averages over the axes, as a loop does', () => {
    const x = rand([2, 3, 4]);
    const y = run('Mean', { axes: [1] }, tf.tensor(x.values, x.shape)).arraySync() as number[][];
    for (let n = 0; n < 2; n++)
      for (let d = 0; d < 4; d++) {
        let s = 0;
        for (let m = 0; m < 3; m++) s += x.values[n * 12 + m * 4 + d];
        expect(y[n][d]).toBeCloseTo(s / 3, 5);
      }
  });
  it('has the gradient of finite differences', () => {
    checkGradient('Mean', { axes: [1] }, rand([2, 3, 2]), {}, 'in');
    checkGradient('Mean', { axes: [-1], keepDims: true }, rand([2, 3]), {}, 'in');
  });
  it('shape rule: drops or keeps the axes; refuses the batch axis and axes beyond the rank', () => {
    expect(shapeOf('Mean', {}, ['N', 4, 8])).toEqual(['N', 8]);
    expect(shapeOf('Mean', { axes: [1, 2], keepDims: true }, ['N', 4, 8])).toEqual(['N', 1, 1]);
    expect(() => shapeOf('Mean', { axes: [0] }, ['N', 4])).toThrow(/cannot average over the batch axis 0/);
    expect(() => shapeOf('Mean', { axes: [3] }, ['N', 4, 8])).toThrow(
      /axis 3 is outside the 3 axes of input "in" from node "x" has shape \[N,4,8\]/,
    );
    expect(() => shapeOf('Mean', { axes: [1, -2] }, ['N', 4, 8])).toThrow(/name an axis twice/);
  });
});

describe('Conv1D', () => {
  /** y[n,i,f] = Σ_(a,c) x[n, i·s+a−pad, c] K[a,c,f] + b[f], zeros outside. */
  function byLoop(x: T, k: T, b: number[], stride: number, pad: number, outLen: number): number[] {
    const [N, L, C] = x.shape;
    const [K, , F] = k.shape;
    const out: number[] = [];
    for (let n = 0; n < N; n++)
      for (let i = 0; i < outLen; i++)
        for (let f = 0; f < F; f++) {
          let s = b[f];
          for (let a = 0; a < K; a++) {
            const p = i * stride + a - pad;
            if (p < 0 || p >= L) continue;
            for (let c = 0; c < C; c++) s += x.values[(n * L + p) * C + c] * k.values[(a * C + c) * F + f];
          }
          out.push(s);
        }
    return out;
  }

  it('slides the kernel along the sequence ("valid", stride 1 and 2; "same")', () => {
    const x = rand([2, 5, 3]);
    const k = rand([2, 3, 4]);
    const b = [0.1, -0.2, 0.3, 0];
    const weights = { kernel: tf.tensor(k.values, k.shape), bias: tf.tensor(b) };
    const xt = tf.tensor(x.values, x.shape);
    const cases: [Record<string, ParamValue>, number, number][] = [
      [{ filters: 4, kernelSize: 2 }, 1, 0],
      [{ filters: 4, kernelSize: 2, strides: 2 }, 2, 0],
      [{ filters: 4, kernelSize: 2, padding: 'same' }, 1, 0],
    ];
    for (const [params, stride, pad] of cases) {
      const shape = shapeOf('Conv1D', params, ['N', 5, 3]);
      const y = run('Conv1D', params, xt, weights);
      expect(y.shape).toEqual([2, shape[1], 4]);
      const want = byLoop(x, k, b, stride, pad, shape[1] as number);
      [...y.dataSync()].forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
    }
  });

  it('has the gradients of finite differences for input, kernel and bias', () => {
    const x = rand([2, 5, 2]);
    const weights = { kernel: rand([3, 2, 2]), bias: rand([2]) };
    for (const params of <Record<string, ParamValue>[]>[
      { filters: 2, kernelSize: 3, activation: 'tanh' },
      { filters: 2, kernelSize: 3, strides: 2, padding: 'same' },
    ])
      for (const wrt of ['in', 'kernel', 'bias']) checkGradient('Conv1D', params, x, weights, wrt);
  });

  it('shape rule: [N, length, channels] in; too long a kernel or another rank is refused with the fix', () => {
    expect(shapeOf('Conv1D', { filters: 6, kernelSize: 3 }, ['N', 12, 8])).toEqual(['N', 10, 6]);
    expect(
      shapeOf('Conv1D', { filters: 6, kernelSize: 3, padding: 'same', strides: 2 }, ['N', 12, 8]),
    ).toEqual(['N', 6, 6]);
    expect(() => shapeOf('Conv1D', { kernelSize: 5 }, ['N', 3, 8])).toThrow(
      /longer than the sequence of 3 .*use a smaller kernelSize or padding "same"/,
    );
    expect(() => shapeOf('Conv1D', {}, ['N', 12])).toThrow(
      /needs a batch of sequences \[N, length, channels\].*shape \[N,12\]/,
    );
  });
});

describe('global pooling over time', () => {
  it('max and mean of each channel, as loops', () => {
    const x = rand([2, 4, 3]);
    const xt = tf.tensor(x.values, x.shape);
    const max = run('GlobalMaxPool1D', {}, xt).dataSync();
    const avg = run('GlobalAvgPool1D', {}, xt).dataSync();
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 3; c++) {
        const col = [0, 1, 2, 3].map((i) => x.values[(n * 4 + i) * 3 + c]);
        expect(max[n * 3 + c]).toBeCloseTo(Math.max(...col), 6);
        expect(avg[n * 3 + c]).toBeCloseTo(col.reduce((a, b) => a + b, 0) / 4, 5);
      }
  });

  it('have the gradients of finite differences', () => {
    checkGradient('GlobalMaxPool1D', {}, rand([2, 4, 3]), {}, 'in');
    checkGradient('GlobalAvgPool1D', {}, rand([2, 4, 3]), {}, 'in');
  });

  it('max routes the gradient to the first of tied maxima only (padded positions tie)', () => {
    const x = tf.tensor([1, 5, 5, 5, 2, 0], [1, 6, 1]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(run('GlobalMaxPool1D', {}, v), 3)))(x);
    expect([...g.dataSync()]).toEqual([0, 3, 0, 0, 0, 0]);
  });

  it('shape rule: [N, length, channels] → [N, channels]', () => {
    expect(shapeOf('GlobalMaxPool1D', {}, ['N', 10, 6])).toEqual(['N', 6]);
    expect(() => shapeOf('GlobalAvgPool1D', {}, ['N', 6])).toThrow(
      /GlobalAvgPool1D needs a batch of sequences/,
    );
  });
});

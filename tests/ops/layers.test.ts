/**
 * Layer specs beyond Dense: shape rules and their messages, forward values against plain-JS
 * references, and analytic gradients against float64 central finite differences.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Shape } from '../../src/shapes/shape';
import { ShapeError } from '../../src/shapes/shape';
import { AvgPool2D, MaxPool2D } from '../../src/ops/pooling';
import { Conv2D, pair } from '../../src/ops/conv';
import { BatchNormalization } from '../../src/ops/normalization';
import { Dropout } from '../../src/ops/dropout';
import { Embedding } from '../../src/ops/embedding';
import { layerOps } from '../../src/ops/layers';
import { resolveParams } from '../../src/ops/params';
import { Flatten, Reshape } from '../../src/ops/reshape';
import type { ForwardContext, OpSpec, Params, StateUpdate, WeightDecl } from '../../src/ops/spec';

beforeAll(async () => {
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend unavailable');
  } catch {
    await tf.setBackend('cpu');
  }
  await tf.ready();
});

type Raw = Record<string, unknown>;

/** Resolved params, failing the test on any param problem. */
function paramsOf(spec: OpSpec, raw: Raw): Params {
  const { params, problems } = resolveParams(spec, raw);
  expect(problems).toEqual([]);
  return params;
}

const shapeCtx = (spec: OpSpec, raw: Raw, shape: Shape, from = 'src') => ({
  inputs: { in: [{ shape, from }] },
  params: paramsOf(spec, raw),
  nodeId: 'layer',
});

const shapeOf = (spec: OpSpec, raw: Raw, shape: Shape, from = 'src'): Shape =>
  spec.shape(shapeCtx(spec, raw, shape, from));

const weightsOf = (spec: OpSpec, raw: Raw, shape: Shape): WeightDecl[] =>
  spec.weights?.(shapeCtx(spec, raw, shape)) ?? [];

/** The ShapeError a shape rule throws, checked to name the upstream node and its shape. */
function shapeError(spec: OpSpec, raw: Raw, shape: Shape, from: string): ShapeError {
  let error: unknown;
  try {
    shapeOf(spec, raw, shape, from);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ShapeError);
  const message = (error as ShapeError).message;
  expect(message).toContain(`"${from}"`);
  expect(message).toContain(`[${shape.join(',')}]`);
  return error as ShapeError;
}

/** Deterministic uniform numbers in [lo, hi) (mulberry32), so failures reproduce. */
function randoms(count: number, seed: number, lo = -1, hi = 1): number[] {
  let a = seed >>> 0;
  return Array.from({ length: count }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo);
  });
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** A symbolic shape with the batch dimension made concrete. */
const batchOf = (n: number, shape: Shape): number[] => shape.map((d) => (d === 'N' ? n : d));

/** A tensor given as plain numbers, so it can be perturbed in JS. */
interface Values {
  shape: number[];
  values: number[];
}

/** Random float32-representable values, so tensors hold exactly what the references use. */
const rand = (shape: number[], seed: number, lo = -1, hi = 1): Values => ({
  shape,
  values: randoms(size(shape), seed, lo, hi).map(Math.fround),
});

/** One forward evaluation of a spec. */
interface Case {
  spec: OpSpec;
  raw: Raw;
  x: Values;
  weights?: Record<string, Values>;
  training?: boolean;
}

/** The context a graph would hand the op: seed 1, no feeds, updates collected in `stateUpdates`. */
const context = (
  c: Pick<Case, 'spec' | 'raw' | 'training'>,
  x: tf.Tensor,
  weights: Record<string, tf.Tensor>,
  stateUpdates: StateUpdate[] = [],
): ForwardContext => ({
  inputs: { in: [x] },
  params: paramsOf(c.spec, c.raw),
  weights,
  training: c.training ?? false,
  seed: 1,
  feeds: {},
  stateUpdates,
  tf,
});

const toTensors = (weights: Record<string, Values> = {}) =>
  Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));

/** Output values and shape of a forward pass. */
function forward(c: Case): { shape: number[]; values: number[] } {
  const out = tf.tidy(() =>
    c.spec.forward(context(c, tf.tensor(c.x.values, c.x.shape), toTensors(c.weights))),
  );
  const result = { shape: out.shape, values: Array.from(out.dataSync()) };
  out.dispose();
  return result;
}

function expectValues(actual: number[], expected: number[], tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((a, i) => Math.abs(a - expected[i])));
  expect(worst).toBeLessThanOrEqual(tol * Math.max(1, ...expected.map(Math.abs)));
}

/**
 * Checks d/dθ Σ(out ⊙ R) for the input and each trainable weight θ against central differences
 * computed in float64 from re-run forwards. R is fixed and random so every output counts differently.
 */
function checkGradients(c: Case, trainable: string[], options: { inputGradZero?: boolean } = {}) {
  const eps = 1e-2;
  const outShape = forward(c).shape;
  const r = randoms(size(outShape), 99);
  const objective = (x: Values, weights: Record<string, Values>) =>
    forward({ ...c, x, weights }).values.reduce((acc, v, i) => acc + v * r[i], 0);

  const names = ['x', ...trainable];
  const analytic = tf.tidy(() => {
    const x = tf.tensor(c.x.values, c.x.shape);
    const all = toTensors(c.weights);
    const f = (...ts: tf.Tensor[]) => {
      const weights = { ...all, ...Object.fromEntries(trainable.map((n, i) => [n, ts[i + 1]])) };
      return tf.sum(tf.mul(c.spec.forward(context(c, ts[0], weights)), tf.tensor(r, outShape)));
    };
    return tf.grads(f)([x, ...trainable.map((n) => all[n])]);
  });
  const grads = analytic.map((g) => Array.from(g.dataSync()));
  tf.dispose(analytic);

  names.forEach((name, k) => {
    if (name === 'x' && options.inputGradZero) {
      expect(grads[0].every((g) => g === 0)).toBe(true);
      return;
    }
    const base = name === 'x' ? c.x : (c.weights ?? {})[name];
    const numeric = base.values.map((v, i) => {
      // Divide by the step the float32 tensors actually take, not the nominal 2·eps.
      const plus = Math.fround(v + eps);
      const minus = Math.fround(v - eps);
      const at = (moved: number) => {
        const values = [...base.values];
        values[i] = moved;
        const tensor = { shape: base.shape, values };
        return name === 'x'
          ? objective(tensor, c.weights ?? {})
          : objective(c.x, { ...c.weights, [name]: tensor });
      };
      return (at(plus) - at(minus)) / (plus - minus);
    });
    const scale = Math.max(1e-3, ...numeric.map(Math.abs));
    const worst = Math.max(...numeric.map((n, i) => Math.abs(n - grads[k][i])));
    expect(worst, `d/d${name} of ${c.spec.op}`).toBeLessThanOrEqual(2e-2 * scale);
  });
}

/** Index of [n, i, j, c] in a row-major [N, H, W, C] array. */
const at4 = (shape: number[], n: number, i: number, j: number, c: number) =>
  ((n * shape[1] + i) * shape[2] + j) * shape[3] + c;

/** TensorFlow's "same" padding before the first element along one axis. */
const padBefore = (length: number, window: number, stride: number) =>
  Math.floor(Math.max((Math.ceil(length / stride) - 1) * stride + window - length, 0) / 2);

/** Plain-loop convolution (NHWC, kernel [kh, kw, C, F]) with TensorFlow's padding rules. */
function referenceConv(
  x: Values,
  kernel: Values,
  bias: number[],
  strides: number[],
  padding: string,
): number[] {
  const [n, h, w, c] = x.shape;
  const [kh, kw, , f] = kernel.shape;
  const [sh, sw] = strides;
  const same = padding === 'same';
  const oh = same ? Math.ceil(h / sh) : Math.ceil((h - kh + 1) / sh);
  const ow = same ? Math.ceil(w / sw) : Math.ceil((w - kw + 1) / sw);
  const top = same ? padBefore(h, kh, sh) : 0;
  const left = same ? padBefore(w, kw, sw) : 0;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < f; o++) {
          let s = bias[o] ?? 0;
          for (let a = 0; a < kh; a++)
            for (let d = 0; d < kw; d++)
              for (let ch = 0; ch < c; ch++) {
                const y = i * sh + a - top;
                const z = j * sw + d - left;
                if (y < 0 || y >= h || z < 0 || z >= w) continue;
                s += x.values[at4(x.shape, b, y, z, ch)] * kernel.values[at4(kernel.shape, a, d, ch, o)];
              }
          out.push(s);
        }
  return out;
}

/** Plain-loop pooling; partial "same" windows use only the pixels that exist. */
function referencePool(x: Values, window: number[], strides: number[], padding: string, kind: 'max' | 'avg') {
  const [n, h, w, c] = x.shape;
  const [ph, pw] = window;
  const [sh, sw] = strides;
  const same = padding === 'same';
  const oh = same ? Math.ceil(h / sh) : Math.ceil((h - ph + 1) / sh);
  const ow = same ? Math.ceil(w / sw) : Math.ceil((w - pw + 1) / sw);
  const top = same ? padBefore(h, ph, sh) : 0;
  const left = same ? padBefore(w, pw, sw) : 0;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++) {
          const seen: number[] = [];
          for (let a = 0; a < ph; a++)
            for (let d = 0; d < pw; d++) {
              const y = i * sh + a - top;
              const z = j * sw + d - left;
              if (y >= 0 && y < h && z >= 0 && z < w) seen.push(x.values[at4(x.shape, b, y, z, ch)]);
            }
          out.push(kind === 'max' ? Math.max(...seen) : seen.reduce((s, v) => s + v, 0) / seen.length);
        }
  return out;
}

/** Distinct values at least 0.1 apart in random order, so no pooling window has a near-tie. */
function distinct(shape: number[], seed: number): Values {
  const order = randoms(size(shape), seed)
    .map((key, i) => ({ key, i }))
    .sort((a, b) => a.key - b.key);
  const values: number[] = new Array<number>(order.length);
  order.forEach(({ i }, rank) => (values[i] = (rank - order.length / 2) * 0.1));
  return { shape, values };
}

describe('layer registry', () => {
  it('runs on the wasm backend (or cpu where wasm cannot load)', () => {
    expect(['wasm', 'cpu']).toContain(tf.getBackend());
  });

  it('lists the new layers after Dense, each fully documented', () => {
    expect(layerOps.map((s) => s.op)).toEqual([
      'Dense',
      'Conv2D',
      'MaxPool2D',
      'AvgPool2D',
      'Conv1D',
      'GlobalMaxPool1D',
      'GlobalAvgPool1D',
      'Flatten',
      'Reshape',
      'Dropout',
      'BatchNormalization',
      'Embedding',
    ]);
    for (const spec of layerOps) {
      expect(spec.category).toBe('layer');
      expect(spec.doc.length).toBeGreaterThan(80);
      expect(spec.formula.forward && spec.formula.local).toBeTruthy();
      for (const p of spec.params) expect(p.doc).toBeTruthy();
      expect(resolveParams(spec, {}).problems).toEqual([]);
    }
  });

  it('rejects params outside their bounds', () => {
    expect(resolveParams(Dropout, { rate: 1 }).problems).toHaveLength(1);
    expect(resolveParams(Conv2D, { kernelSize: [3, 3, 3] }).problems).toHaveLength(1);
    expect(resolveParams(Conv2D, { strides: [0] }).problems).toHaveLength(1);
    expect(resolveParams(MaxPool2D, { poolSize: [] }).problems).toHaveLength(1);
    expect(resolveParams(Embedding, { inputDim: 0 }).problems).toHaveLength(1);
  });
});

describe('Conv2D', () => {
  it('infers output shapes and weights', () => {
    expect(shapeOf(Conv2D, { filters: 8, kernelSize: [3] }, ['N', 28, 28, 1])).toEqual(['N', 26, 26, 8]);
    expect(shapeOf(Conv2D, { filters: 4, strides: [2], padding: 'same' }, ['N', 5, 6, 3])).toEqual([
      'N',
      3,
      3,
      4,
    ]);
    expect(shapeOf(Conv2D, { kernelSize: [2, 3], strides: [2, 1] }, ['N', 7, 7, 1])).toEqual(['N', 3, 5, 8]);
    expect(weightsOf(Conv2D, { filters: 4, kernelSize: [2, 3] }, ['N', 7, 7, 3])).toEqual([
      { name: 'kernel', shape: [2, 3, 3, 4], init: { kind: 'glorotUniform' }, trainable: true },
      { name: 'bias', shape: [4], init: { kind: 'zeros' }, trainable: true },
    ]);
    expect(weightsOf(Conv2D, { useBias: false, kernelInit: 'heNormal' }, ['N', 7, 7, 3])).toEqual([
      { name: 'kernel', shape: [3, 3, 3, 8], init: { kind: 'heNormal' }, trainable: true },
    ]);
  });

  it('computes output sizes exactly like tf.conv2d and tf.maxPool', () => {
    for (const padding of ['valid', 'same'] as const)
      for (let h = 1; h <= 6; h++)
        for (let k = 1; k <= 4; k++)
          for (let s = 1; s <= 3; s++) {
            const raw = { filters: 2, kernelSize: [k, 1], strides: [s, 1], padding };
            const pool = { poolSize: [k, 1], strides: [s, 1], padding };
            if (padding === 'valid' && k > h) {
              expect(() => shapeOf(Conv2D, raw, ['N', h, 3, 1])).toThrow(ShapeError);
              expect(() => shapeOf(MaxPool2D, pool, ['N', h, 3, 1])).toThrow(ShapeError);
              continue;
            }
            const conv = tf.tidy(() =>
              tf.conv2d(
                tf.zeros([1, h, 3, 1]) as tf.Tensor4D,
                tf.zeros([k, 1, 1, 2]) as tf.Tensor4D,
                [s, 1],
                padding,
              ),
            );
            const pooled = tf.tidy(() =>
              tf.maxPool(tf.zeros([1, h, 3, 1]) as tf.Tensor4D, [k, 1], [s, 1], padding),
            );
            expect(shapeOf(Conv2D, raw, ['N', h, 3, 1])).toEqual(['N', ...conv.shape.slice(1)]);
            expect(shapeOf(MaxPool2D, pool, ['N', h, 3, 1])).toEqual(['N', ...pooled.shape.slice(1)]);
            tf.dispose([conv, pooled]);
          }
  });

  it('explains inputs that are not image batches', () => {
    expect(shapeError(Conv2D, {}, ['N', 784], 'pixels').message).toContain('Reshape to [28,28,1]');
    expect(shapeError(Conv2D, {}, ['N', 5, 7], 'grey').message).toContain('Reshape to [5,7,1]');
    shapeError(Conv2D, {}, [5, 5, 5, 1], 'W');
    const big = shapeError(Conv2D, { kernelSize: [5] }, ['N', 4, 9, 1], 'small');
    expect(big.message).toContain('5×5');
    expect(big.message).toContain('"same"');
    expect(big.port).toBe('in');
  });

  const convCases: [string, Raw, number[], number[]][] = [
    ['valid, stride 1', { filters: 3, kernelSize: [3] }, [2, 5, 5, 2], [3, 3, 2, 3]],
    [
      'same, stride 2, even size',
      { filters: 2, kernelSize: [3], strides: [2], padding: 'same' },
      [1, 6, 5, 2],
      [3, 3, 2, 2],
    ],
    [
      'valid, 2×3 kernel, strides 2×1',
      { filters: 2, kernelSize: [2, 3], strides: [2, 1] },
      [2, 5, 4, 1],
      [2, 3, 1, 2],
    ],
  ];

  it.each(convCases)('matches a plain-loop convolution (%s)', (_, raw, xShape, kShape) => {
    const x = rand(xShape, 1);
    const kernel = rand(kShape, 2);
    const bias = rand([kShape[3]], 3);
    const out = forward({ spec: Conv2D, raw, x, weights: { kernel, bias } });
    expect(out.shape).toEqual(batchOf(xShape[0], shapeOf(Conv2D, raw, ['N', ...xShape.slice(1)])));
    const strides = pair((raw.strides as number[] | undefined) ?? [1]);
    expectValues(
      out.values,
      referenceConv(x, kernel, bias.values, strides, (raw.padding as string) ?? 'valid'),
    );
  });

  it.each(convCases)('has correct gradients (%s)', (_, raw, xShape, kShape) => {
    const weights = { kernel: rand(kShape, 4), bias: rand([kShape[3]], 5) };
    checkGradients({ spec: Conv2D, raw: { ...raw, activation: 'tanh' }, x: rand(xShape, 6), weights }, [
      'kernel',
      'bias',
    ]);
  });
});

describe.each([
  ['max', MaxPool2D],
  ['avg', AvgPool2D],
] as const)('%sPool2D', (kind, spec) => {
  it('infers output shapes, with strides defaulting to the window', () => {
    expect(shapeOf(spec, {}, ['N', 28, 28, 6])).toEqual(['N', 14, 14, 6]);
    expect(shapeOf(spec, {}, ['N', 5, 5, 2])).toEqual(['N', 2, 2, 2]);
    expect(shapeOf(spec, { padding: 'same' }, ['N', 5, 5, 2])).toEqual(['N', 3, 3, 2]);
    expect(shapeOf(spec, { poolSize: [3], strides: [1] }, ['N', 5, 4, 2])).toEqual(['N', 3, 2, 2]);
    expect(shapeOf(spec, { poolSize: [2, 1] }, ['N', 4, 4, 1])).toEqual(['N', 2, 4, 1]);
    expect(weightsOf(spec, {}, ['N', 4, 4, 1])).toEqual([]);
  });

  it('explains bad inputs', () => {
    shapeError(spec, {}, ['N', 16], 'dense1');
    const big = shapeError(spec, { poolSize: [3] }, ['N', 2, 2, 4], 'conv1');
    expect(big.message).toContain('pool window 3×3');
  });

  const poolCases: [string, Raw, number[]][] = [
    ['2×2 valid', {}, [2, 4, 5, 2]],
    ['3×3 same, stride 2', { poolSize: [3], strides: [2], padding: 'same' }, [1, 5, 6, 2]],
    ['2×3 same, overlapping', { poolSize: [2, 3], strides: [1], padding: 'same' }, [1, 4, 4, 1]],
  ];

  it.each(poolCases)('matches a plain-loop pooling (%s)', (_, raw, xShape) => {
    const x = distinct(xShape, 7);
    const out = forward({ spec, raw, x });
    expect(out.shape).toEqual(batchOf(xShape[0], shapeOf(spec, raw, ['N', ...xShape.slice(1)])));
    const window = pair((raw.poolSize as number[] | undefined) ?? [2]);
    const strides = raw.strides ? pair(raw.strides as number[]) : window;
    expectValues(out.values, referencePool(x, window, strides, (raw.padding as string) ?? 'valid', kind));
  });

  it.each(poolCases)('has correct gradients (%s)', (_, raw, xShape) => {
    checkGradients({ spec, raw, x: distinct(xShape, 8) }, []);
  });
});

describe('MaxPool2D gradient routing', () => {
  it('sends each window’s gradient to its first maximum only, also for negative windows', () => {
    // Ties and all-negative windows: the wasm backend's own MaxPoolGrad gets the latter wrong.
    const x = tf.tensor4d([-3, -3, -5, -1, -3, -3, -2, -1], [1, 2, 4, 1]);
    const dx = tf.grad((a: tf.Tensor) =>
      tf.sum(MaxPool2D.forward(context({ spec: MaxPool2D, raw: {} }, a, {}))),
    )(x);
    expect(Array.from(dx.dataSync())).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
    tf.dispose([x, dx]);
  });
});

describe('Flatten', () => {
  it('infers [N, product] and rejects inputs without a batch', () => {
    expect(shapeOf(Flatten, {}, ['N', 4, 4, 2])).toEqual(['N', 32]);
    expect(shapeOf(Flatten, {}, ['N', 3])).toEqual(['N', 3]);
    expect(shapeOf(Flatten, {}, ['N'])).toEqual(['N', 1]);
    shapeError(Flatten, {}, [3, 4], 'W1');
  });

  it('keeps the values in row-major order and passes gradients back unchanged', () => {
    const x = rand([2, 2, 3, 2], 9);
    const out = forward({ spec: Flatten, raw: {}, x });
    expect(out.shape).toEqual([2, 12]);
    expectValues(out.values, x.values, 0);
    checkGradients({ spec: Flatten, raw: {}, x }, []);
  });
});

describe('Reshape', () => {
  it('infers the target shape, with one inferred size', () => {
    expect(shapeOf(Reshape, { shape: [28, 28, 1] }, ['N', 784])).toEqual(['N', 28, 28, 1]);
    expect(shapeOf(Reshape, { shape: [-1, 7] }, ['N', 4, 7])).toEqual(['N', 4, 7]);
    expect(shapeOf(Reshape, { shape: [2, -1] }, ['N', 3, 4])).toEqual(['N', 2, 6]);
    expect(shapeOf(Reshape, {}, ['N', 3, 4])).toEqual(['N', 12]);
  });

  it('explains sizes that do not match, naming both shapes', () => {
    const e = shapeError(Reshape, { shape: [3, 3] }, ['N', 10], 'features');
    expect(e.message).toContain('[N,3,3]');
    expect(e.message).toContain('10 values');
    expect(shapeError(Reshape, { shape: [3, -1] }, ['N', 2, 5], 'h').message).toContain(
      'not a multiple of 3',
    );
    shapeError(Reshape, { shape: [10] }, [10], 'W');
    expect(() => shapeOf(Reshape, { shape: [-1, -1] }, ['N', 4])).toThrow(/at most one/);
    expect(() => shapeOf(Reshape, { shape: [0, 4] }, ['N', 4])).toThrow(/has a 0/);
  });

  it('keeps the values and passes gradients back unchanged', () => {
    const x = rand([2, 6], 10);
    const out = forward({ spec: Reshape, raw: { shape: [3, -1] }, x });
    expect(out.shape).toEqual([2, 3, 2]);
    expectValues(out.values, x.values, 0);
    checkGradients({ spec: Reshape, raw: { shape: [2, 3] }, x }, []);
  });
});

describe('Dropout', () => {
  it('keeps the shape', () => {
    expect(shapeOf(Dropout, { rate: 0.2 }, ['N', 5, 3])).toEqual(['N', 5, 3]);
  });

  it('is the identity at inference', () => {
    const x = rand([4, 5], 11);
    expect(forward({ spec: Dropout, raw: { rate: 0.5 }, x }).values).toEqual(
      forward({ spec: Flatten, raw: {}, x }).values,
    );
  });

  it('in training zeroes about `rate` of the values and scales the rest by 1/(1 − rate)', () => {
    const rate = 0.3;
    const x = { shape: [100, 100], values: new Array<number>(10_000).fill(2) };
    const out = forward({ spec: Dropout, raw: { rate }, x, training: true }).values;
    const zeros = out.filter((v) => v === 0).length;
    expect(Math.abs(zeros / out.length - rate)).toBeLessThan(0.02);
    for (const v of out) if (v !== 0) expect(v).toBeCloseTo(2 / (1 - rate), 5);
  });

  it('has the gradient mask / (1 − rate) in training', () => {
    checkGradients({ spec: Dropout, raw: { rate: 0.4 }, x: rand([3, 4], 12), training: true }, []);
  });
});

describe('BatchNormalization', () => {
  it('infers shapes and declares trainable γ, β and non-trainable moving statistics', () => {
    expect(shapeOf(BatchNormalization, {}, ['N', 4])).toEqual(['N', 4]);
    expect(shapeOf(BatchNormalization, {}, ['N', 5, 5, 3])).toEqual(['N', 5, 5, 3]);
    expect(weightsOf(BatchNormalization, {}, ['N', 5, 5, 3])).toEqual([
      { name: 'gamma', shape: [3], init: { kind: 'ones' }, trainable: true },
      { name: 'beta', shape: [3], init: { kind: 'zeros' }, trainable: true },
      { name: 'movingMean', shape: [3], init: { kind: 'zeros' }, trainable: false },
      { name: 'movingVariance', shape: [3], init: { kind: 'ones' }, trainable: false },
    ]);
    shapeError(BatchNormalization, {}, ['N'], 'labels');
    shapeError(BatchNormalization, {}, [3], 'b');
  });

  const xShape = [3, 2, 2, 3];
  const x = rand(xShape, 13, -2, 3);
  const weights = {
    gamma: rand([3], 14, 0.5, 2),
    beta: rand([3], 15),
    movingMean: rand([3], 16),
    movingVariance: rand([3], 17, 0.5, 2),
  };
  const raw = { momentum: 0.9, epsilon: 1e-3 };
  const channel = (i: number) => i % 3;

  /** Per-channel mean and (biased) variance in float64. */
  function moments(values: number[]): { mean: number[]; variance: number[] } {
    const count = values.length / 3;
    const mean = [0, 1, 2].map(
      (c) => values.filter((_, i) => channel(i) === c).reduce((s, v) => s + v, 0) / count,
    );
    const variance = [0, 1, 2].map(
      (c) => values.filter((_, i) => channel(i) === c).reduce((s, v) => s + (v - mean[c]) ** 2, 0) / count,
    );
    return { mean, variance };
  }

  const normalise = (mean: number[], variance: number[]) =>
    x.values.map((v, i) => {
      const c = channel(i);
      return (
        (weights.gamma.values[c] * (v - mean[c])) / Math.sqrt(variance[c] + 1e-3) + weights.beta.values[c]
      );
    });

  it('uses batch statistics in training and pushes moving averages', () => {
    const { mean, variance } = moments(x.values);
    const updates: StateUpdate[] = [];
    const out = tf.tidy(() => {
      const c = { spec: BatchNormalization, raw, x, weights, training: true };
      const y = BatchNormalization.forward(
        context(c, tf.tensor(x.values, xShape), toTensors(weights), updates),
      );
      // The updates belong to this tidy; keep them for the checks below.
      updates.forEach((u) => tf.keep(u.value));
      return y;
    });
    expectValues(Array.from(out.dataSync()), normalise(mean, variance));
    expect(updates.map((u) => [u.name, u.value.shape])).toEqual([
      ['movingMean', [3]],
      ['movingVariance', [3]],
    ]);
    const blend = (old: number[], now: number[]) => old.map((o, c) => 0.9 * o + 0.1 * now[c]);
    expectValues(Array.from(updates[0].value.dataSync()), blend(weights.movingMean.values, mean));
    expectValues(Array.from(updates[1].value.dataSync()), blend(weights.movingVariance.values, variance));
    tf.dispose([out, ...updates.map((u) => u.value)]);
  });

  it('uses the moving statistics at inference and pushes no updates', () => {
    const updates: StateUpdate[] = [];
    const out = tf.tidy(() => {
      const c = { spec: BatchNormalization, raw, x, weights };
      return BatchNormalization.forward(context(c, tf.tensor(x.values, xShape), toTensors(weights), updates));
    });
    expectValues(
      Array.from(out.dataSync()),
      normalise(weights.movingMean.values, weights.movingVariance.values),
    );
    expect(updates).toEqual([]);
    out.dispose();
  });

  it.each([true, false])('has correct gradients (training: %s)', (training) => {
    checkGradients({ spec: BatchNormalization, raw, x, weights, training }, ['gamma', 'beta']);
  });
});

describe('Embedding', () => {
  it('infers [N, L, outputDim] and [N, outputDim] and declares the table', () => {
    expect(shapeOf(Embedding, { inputDim: 50, outputDim: 4 }, ['N', 10])).toEqual(['N', 10, 4]);
    expect(shapeOf(Embedding, { outputDim: 4 }, ['N'])).toEqual(['N', 4]);
    expect(weightsOf(Embedding, { inputDim: 50, outputDim: 4 }, ['N', 10])).toEqual([
      {
        name: 'embeddings',
        shape: [50, 4],
        init: { kind: 'uniform', min: -0.05, max: 0.05 },
        trainable: true,
      },
    ]);
    shapeError(Embedding, {}, [7], 'ids');
  });

  const raw = { inputDim: 5, outputDim: 3 };
  // Repeated ids (1 and 3) check that their gradients add up in the table.
  const ids = { shape: [2, 3], values: [1, 3, 1, 0, 3, 4] };
  const embeddings = rand([5, 3], 18);

  it('looks up the rows of the table', () => {
    const out = forward({ spec: Embedding, raw, x: ids, weights: { embeddings } });
    expect(out.shape).toEqual([2, 3, 3]);
    expectValues(
      out.values,
      ids.values.flatMap((id) => embeddings.values.slice(id * 3, id * 3 + 3)),
      0,
    );
    expect(
      forward({ spec: Embedding, raw, x: { shape: [2], values: [4, 2] }, weights: { embeddings } }).shape,
    ).toEqual([2, 3]);
  });

  it('has correct gradients for the table and a zero gradient for the ids', () => {
    checkGradients({ spec: Embedding, raw, x: ids, weights: { embeddings } }, ['embeddings'], {
      inputGradZero: true,
    });
  });
});

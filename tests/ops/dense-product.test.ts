/**
 * The Dense layer's product with its own gradient (`denseProduct`) and the matrix product with
 * explicit or flag transposes (`matMul2d`) against tfjs's stock autograd of the plain composition
 * act(x·W + b): every activation, with and without bias, with dE/dx wanted or not, kernels that are
 * variables or intermediates, and operands on both sides of the flag-transpose size.
 */
import { describe, expect, it } from 'vitest';
import { denseProduct } from '../../src/ops/dense-product';
import { applyActivation } from '../../src/ops/activations';
import { matMul2d } from '../../src/ops/matmul';
import { createRng } from '../../src/data/random';
import { tf } from '../helpers/tf';

function randomTensor(shape: [number, number] | [number], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: n }, () => rng.uniform(-1, 1)),
    shape,
  );
}

function expectClose(actual: tf.Tensor, expected: tf.Tensor, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  e.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - a[i]) / (1 + Math.abs(v)))));
  expect(worst, what).toBeLessThan(1e-5);
}

/** Stock tfjs: act(x·W + b), differentiated by tfjs's own gradients. */
const reference = (activation: string) => (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => {
  const s = tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D);
  return applyActivation(tf, activation, b ? tf.add(s, b) : s);
};

// Small sizes take matMul's transpose flags, large ones explicit transposes (over 512 elements).
const SIZES: [number, number, number][] = [
  [4, 3, 5],
  [32, 2, 100],
  [32, 100, 3],
  [40, 30, 20],
];

describe('denseProduct', () => {
  for (const activation of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax']) {
    for (const [m, k, n] of SIZES) {
      for (const useBias of [true, false]) {
        it(`${activation} ${m}×${k}·${k}×${n}${useBias ? ' + b' : ''}: value and gradients as stock tfjs`, () => {
          tf.tidy(() => {
            const seed = m * 1000 + k * 10 + n;
            const x = randomTensor([m, k], seed);
            const wInit = randomTensor([k, n], seed + 1);
            const b = useBias ? randomTensor([n], seed + 2) : undefined;
            const dy = randomTensor([m, n], seed + 3);
            // Exercise the layer as the compiler calls it: the activation is applied afterwards when
            // it is not one of the fused ones.
            const layer = (xv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor | undefined, needX: boolean) => {
              const y = denseProduct(tf, xv, wv, bv, activation, needX);
              return ['linear', 'relu', 'sigmoid'].includes(activation)
                ? y
                : applyActivation(tf, activation, y);
            };
            const ref = reference(activation);
            expectClose(layer(x, wInit, b, true), ref(x, wInit, b), 'value');
            const args = useBias ? [x, wInit, b!] : [x, wInit];
            const refGrads = tf.grads((...t: tf.Tensor[]) => ref(t[0], t[1], t[2]))(args, dy);
            const grads = tf.grads((...t: tf.Tensor[]) => layer(t[0], t[1], t[2], true))(args, dy);
            refGrads.forEach((g, i) => expectClose(grads[i], g, `gradient ${i}`));
            // dE/dx left out: the weights' gradients are the same, x is a constant of the product.
            const wOnly = tf.grads((...t: tf.Tensor[]) => layer(x, t[0], t[1], false))(args.slice(1), dy);
            refGrads
              .slice(1)
              .forEach((g, i) => expectClose(wOnly[i], g, `weight gradient ${i} without dE/dx`));
          });
        });
      }
    }
  }

  it('reads a variable kernel in the backward pass, and keeps an intermediate x alive until then', () => {
    const x0 = randomTensor([40, 30], 1);
    const w = tf.variable(randomTensor([30, 20], 2));
    const b = tf.variable(randomTensor([20], 3));
    // x is made inside the differentiated function: freed when the forward pass ends unless saved.
    const loss = () => tf.sum(tf.square(denseProduct(tf, tf.square(x0), w, b, 'relu', false))) as tf.Scalar;
    const refLoss = () => tf.sum(tf.square(reference('relu')(tf.square(x0), w, b))) as tf.Scalar;
    const got = tf.variableGrads(loss, [w, b]);
    const want = tf.variableGrads(refLoss, [w, b]);
    expectClose(got.value, want.value, 'loss');
    expectClose(got.grads[w.name], want.grads[w.name], 'dW');
    expectClose(got.grads[b.name], want.grads[b.name], 'db');
  });
});

describe('matMul2d on both sides of the flag-transpose size', () => {
  for (const [m, k, n] of SIZES) {
    it(`${m}×${k}·${k}×${n}`, () => {
      tf.tidy(() => {
        const a = randomTensor([m, k], 7 + m);
        const b = randomTensor([k, n], 8 + n);
        const dy = randomTensor([m, n], 9 + k);
        const [refA, refB] = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
          tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
        )([a, b], dy);
        const [gotA, gotB] = tf.grads((x: tf.Tensor, w: tf.Tensor) => matMul2d(tf, x, w))([a, b], dy);
        expectClose(gotA, refA, 'dA');
        expectClose(gotB, refB, 'dB');
        expectClose(
          tf.grad((w: tf.Tensor) => matMul2d(tf, a, w, { a: false, b: true }))(b, dy),
          refB,
          'dB only',
        );
        expectClose(
          tf.grad((x: tf.Tensor) => matMul2d(tf, x, b, { a: true, b: false }))(a, dy),
          refA,
          'dA only',
        );
      });
    });
  }
});

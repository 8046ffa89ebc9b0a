/**
 * Adam over all weights at once gives tfjs's AdamOptimizer's weights bit for bit: same steps on
 * variables of several shapes (a scalar, a vector, matrices), with and without a learning-rate
 * sized update, and one variable alone.
 */
import { describe, expect, it } from 'vitest';
import { FlatAdamOptimizer } from '../../src/train/flat-adam';
import { createRng } from '../../src/data/random';
import { tf } from '../helpers/tf';

function randomValues(n: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.uniform(-2, 2));
}

const SHAPES: number[][] = [[], [5], [3, 4], [2, 3, 2]];

/** Trains two copies of the same variables with the two optimizers on the same gradients. */
async function compare(
  shapes: number[][],
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  steps: number,
) {
  const make = (tag: string) =>
    shapes.map((shape, i) =>
      tf.variable(
        tf.tensor(
          randomValues(
            shape.reduce((a, b) => a * b, 1),
            i,
          ),
          shape,
        ),
        true,
        `flat-adam-test-${tag}-${i}-${Math.random()}`,
      ),
    );
  const ours = make('ours');
  const theirs = make('theirs');
  const flat = new FlatAdamOptimizer(lr, beta1, beta2, eps);
  const stock = tf.train.adam(lr, beta1, beta2, eps);
  for (let step = 0; step < steps; step++) {
    const grads = shapes.map((shape, i) =>
      tf.tensor(
        randomValues(
          shape.reduce((a, b) => a * b, 1),
          1000 * step + i,
        ),
        shape,
      ),
    );
    flat.applyGradients(Object.fromEntries(ours.map((v, i) => [v.name, grads[i]])));
    stock.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    tf.dispose(grads);
  }
  for (let i = 0; i < shapes.length; i++)
    expect(Array.from(await ours[i].data()), `variable ${i}`).toEqual(Array.from(await theirs[i].data()));
  expect(flat.iterations).toBe(steps);
  flat.dispose();
  stock.dispose();
  tf.dispose([...ours, ...theirs]);
}

describe('FlatAdamOptimizer', () => {
  it('matches tfjs Adam bit for bit over 12 steps on four variables', () =>
    compare(SHAPES, 0.02, 0.9, 0.999, 1e-7, 12));
  it('matches with other hyper-parameters', () => compare(SHAPES, 0.5, 0.5, 0.9, 1e-3, 7));
  it('matches with one variable', () => compare([[6, 2]], 0.01, 0.9, 0.999, 1e-7, 5));

  it('refuses gradients for another set of variables than it was set up for', () => {
    const a = tf.variable(tf.zeros([2]), true, `flat-adam-a-${Math.random()}`);
    const b = tf.variable(tf.zeros([2]), true, `flat-adam-b-${Math.random()}`);
    const opt = new FlatAdamOptimizer(0.1, 0.9, 0.999, 1e-7);
    opt.applyGradients({ [a.name]: tf.ones([2]) });
    expect(() => opt.applyGradients({ [b.name]: tf.ones([2]) })).toThrow(/set up for the variables/);
    opt.dispose();
    tf.dispose([a, b]);
  });

  it('leaks no tensors per step', () => {
    const v = tf.variable(tf.zeros([3, 3]), true, `flat-adam-leak-${Math.random()}`);
    const opt = new FlatAdamOptimizer(0.1, 0.9, 0.999, 1e-7);
    const g = tf.ones([3, 3]);
    opt.applyGradients({ [v.name]: g });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) opt.applyGradients({ [v.name]: g });
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    tf.dispose([v, g]);
  });
});

/**
 * The negative-sampling loss: its value against the lecture's formula computed here in float64
 * (with the negatives the op drew, read back from the same seed), its gradients with respect to the
 * hidden layer and the output vectors against central finite differences, the rows that get a
 * gradient, and its shape rule's messages.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random';
import { resolveParams } from '../../src/ops/params';
import { getOp } from '../../src/ops/registry';
import type { ShapeInput } from '../../src/ops/spec';

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
});

const spec = getOp('NegativeSamplingLoss')!;
const P = { vocabSize: 7, negatives: 3, firstId: 2 };
const N = 4;
const D = 3;
const rng = createRng(5, 'negative-sampling');
const zValues = Array.from({ length: N * D }, () => rng.uniform(-1, 1));
const uValues = Array.from({ length: P.vocabSize * D }, () => rng.uniform(-1, 1));
const targets = [2, 5, 6, 3];
const SEED = 42;

function loss(z: tf.Tensor, u: tf.Tensor): tf.Tensor {
  const { params, problems } = resolveParams(spec, P);
  expect(problems).toEqual([]);
  return spec.forward({
    inputs: { prediction: [z], target: [tf.tensor1d(targets)] },
    params,
    weights: { output: u },
    training: true,
    seed: SEED,
    feeds: {},
    stateUpdates: [],
    tf,
  });
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
const row = (values: number[], i: number) => values.slice(i * D, (i + 1) * D);
/** The negatives the op draws with this seed (tfjs's seeded draw, repeated here). */
const drawn = () =>
  tf.randomUniform([N, P.negatives], P.firstId, P.vocabSize, 'int32', SEED).arraySync() as number[][];

describe('NegativeSamplingLoss', () => {
  it('is −log σ(u_c·z) − Σₖ log σ(−u_nₖ·z), averaged over the batch', () => {
    const negatives = drawn();
    for (const r of negatives) for (const id of r) expect(id >= 2 && id < 7).toBe(true);
    let expected = 0;
    for (let n = 0; n < N; n++) {
      const z = row(zValues, n);
      expected -= Math.log(sigmoid(dot(row(uValues, targets[n]), z)));
      for (const k of negatives[n]) expected -= Math.log(sigmoid(-dot(row(uValues, k), z)));
    }
    expected /= N;
    const got = loss(tf.tensor2d(zValues, [N, D]), tf.tensor2d(uValues, [P.vocabSize, D])).dataSync()[0];
    expect(got).toBeCloseTo(expected, 5);
  });

  for (const wrt of ['hidden', 'output'] as const)
    it(`has the gradient of finite differences with respect to the ${wrt === 'hidden' ? 'hidden layer z' : 'output vectors u'}`, () => {
      const source = wrt === 'hidden' ? zValues : uValues;
      const shape: [number, number] = wrt === 'hidden' ? [N, D] : [P.vocabSize, D];
      const f = (v: tf.Tensor) =>
        wrt === 'hidden'
          ? loss(v, tf.tensor2d(uValues, [P.vocabSize, D]))
          : loss(tf.tensor2d(zValues, [N, D]), v);
      const analytic = tf.grad(f)(tf.tensor2d(source, shape)).dataSync();
      const eps = 1e-2;
      source.forEach((_, i) => {
        const at = (d: number) =>
          f(
            tf.tensor2d(
              source.map((v, j) => (j === i ? v + d : v)),
              shape,
            ),
          ).dataSync()[0];
        expect(analytic[i]).toBeCloseTo((at(eps) - at(-eps)) / (2 * eps), 3);
      });
      if (wrt === 'output') {
        // Only the rows of the true context words and of the drawn words move (never <pad>, <unk>).
        const used = new Set([...targets, ...drawn().flat()]);
        for (let w = 0; w < P.vocabSize; w++) {
          const g = Array.from(analytic.slice(w * D, (w + 1) * D));
          if (!used.has(w))
            expect(
              g.every((x) => x === 0),
              `row ${w}`,
            ).toBe(true);
        }
      }
    });

  it('checks its shapes', () => {
    const { params } = resolveParams(spec, P);
    const input = (shape: ShapeInput['shape']): ShapeInput[] => [{ shape, from: 'a' }];
    const rule = (hidden: ShapeInput['shape'], target: ShapeInput['shape']) =>
      spec.shape({ inputs: { prediction: input(hidden), target: input(target) }, params, nodeId: 'loss' });
    expect(rule(['N', 10], ['N'])).toEqual([]);
    expect(rule(['N', 10], ['N', 1])).toEqual([]);
    expect(() => rule(['N', 4, 10], ['N'])).toThrow(/hidden layer must be vectors \[N, D\]/);
    expect(() => rule(['N', 10], ['N', 33])).toThrow(/one word id per example/);
    expect(
      spec.weights!({ inputs: { prediction: input(['N', 10]) }, params, nodeId: 'loss' })[0].shape,
    ).toEqual([7, 10]);
  });
});

/**
 * ELU and Swish, added as one file each plus one line in the activation list: their forward
 * against the closed form in float64, their gradient where finite differences cannot go (large
 * inputs), and that validation, shapes, the palette and Dense's activation enum pick them up.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';
import { ACTIVATIONS, applyActivation } from '../../src/ops/activations';
import { resolveParams } from '../../src/ops/params';
import { getOp, opsInCategory } from '../../src/ops/registry';
import type { ParamValue } from '../../src/graph/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const X = [-6, -2.5, -1, -0.3, 0.2, 1, 3.5, 8];

/** The op's forward on a tensor, in inference mode (what both checks below evaluate). */
function apply(op: string, x: tf.Tensor, raw: Record<string, ParamValue> = {}): tf.Tensor {
  const spec = getOp(op)!;
  const { params, problems } = resolveParams(spec, raw);
  expect(problems).toEqual([]);
  return spec.forward({
    inputs: { in: [x] },
    params,
    weights: {},
    training: false,
    seed: 1,
    feeds: {},
    stateUpdates: [],
    tf,
  });
}

function forward(op: string, x: number[], raw: Record<string, ParamValue> = {}): number[] {
  return tf.tidy(() => Array.from(apply(op, tf.tensor1d(x), raw).dataSync()));
}

const close = (actual: number[], expected: number[], digits = 5) =>
  expected.forEach((e, i) => expect(actual[i], `element ${i}`).toBeCloseTo(e, digits));

describe('ELU', () => {
  const elu = (a: number, alpha: number) => (a > 0 ? a : alpha * (Math.exp(a) - 1));
  it('is A for A > 0 and α(e^A − 1) otherwise', () => {
    close(
      forward('ELU', X),
      X.map((a) => elu(a, 1)),
    );
    close(
      forward('ELU', X, { alpha: 0.3 }),
      X.map((a) => elu(a, 0.3)),
    );
  });
  it('has gradient 1 for A > 0 and α e^A otherwise, finite for large inputs', () => {
    const xs = [...X, 100];
    const grad = tf.tidy(() =>
      Array.from(
        tf
          .grad((x: tf.Tensor) => tf.sum(apply('ELU', x, { alpha: 0.7 })))(tf.tensor1d(xs))
          .dataSync(),
      ),
    );
    close(
      grad,
      xs.map((a) => (a > 0 ? 1 : 0.7 * Math.exp(a))),
    );
  });
  it('rejects a negative α', () => {
    const { problems } = resolveParams(getOp('ELU')!, { alpha: -1 });
    expect(problems.map((p) => p.field)).toEqual(['alpha']);
  });
});

describe('Swish', () => {
  const sigma = (a: number) => 1 / (1 + Math.exp(-a));
  it('is A·σ(A)', () => {
    close(
      forward('Swish', X),
      X.map((a) => a * sigma(a)),
    );
  });
  it('its formula names the derivative σ(A) + B(1 − σ(A))', () => {
    expect(getOp('Swish')!.formula.local).toContain('σ(A) + B · (1 − σ(A))');
  });
});

describe('the new activations appear wherever specs are read', () => {
  it('in the palette group, and in the activation enum layers offer', () => {
    const ops = opsInCategory('activation').map((s) => s.op);
    expect(ops).toEqual(expect.arrayContaining(['ELU', 'Swish']));
    expect(ACTIVATIONS).toEqual(expect.arrayContaining(['elu', 'swish']));
  });

  it('a Dense layer applies them as the ops do', () => {
    tf.tidy(() => {
      const x = tf.tensor1d(X);
      close(Array.from(applyActivation(tf, 'elu', x).dataSync()), forward('ELU', X));
      close(Array.from(applyActivation(tf, 'swish', x).dataSync()), forward('Swish', X));
    });
  });

  it('validation and shape inference take a graph that uses them', () => {
    const doc: GraphDoc = {
      schemaVersion: 1,
      nodes: [
        { id: 'x', op: 'Input', params: { shape: [2] } },
        { id: 'h', op: 'Dense', params: { units: 3, activation: 'elu' } },
        { id: 'e', op: 'ELU', params: { alpha: 0.5 } },
        { id: 's', op: 'Swish', params: {} },
        { id: 'y', op: 'Dense', params: { units: 1 } },
        { id: 't', op: 'Target', params: { shape: [1] } },
        { id: 'loss', op: 'MSE', params: {} },
      ],
      edges: [
        ['x', 'h', 'in'],
        ['h', 'e', 'in'],
        ['e', 's', 'in'],
        ['s', 'y', 'in'],
        ['y', 'loss', 'prediction'],
        ['t', 'loss', 'target'],
      ].map(([source, target, targetPort]) => ({ source, sourcePort: 'out', target, targetPort })),
      layout: { nodes: {} },
      training: { lossWeights: {} },
    } as unknown as GraphDoc;
    const check = checkGraph(doc);
    expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check.shapes.get('s')).toEqual(['N', 3]);
  });
});

/**
 * The slides' worked XOR example, stepped once through `graphs/xor-slides.json`, against the same
 * arithmetic done here independently in float64 (not the slides' rounded numbers).
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
import type { StepEvent, StepWalk } from '../../src/step/stepper';
import { slidesByHand } from './xor-slides-by-hand';

/** The slides' network by hand, arranged like the walk: values and gradients per node, updates per weight. */
function byHand() {
  const { x, t, mu, s1, z1, h, s2, z2, y, E, dEdy, dydz2, dEdz2, dEdh, dhdz1, dEdz1, dEdW1, dEdW2 } =
    slidesByHand();
  return {
    forward: { x: [x], s1: [s1], z1: [z1], h: [h], s2: [[s2]], z2: [[z2]], y: [[y]], E, t: [[t]] },
    backward: { y: [[dEdy]], z2: [[dEdz2]], s2: [[dEdz2]], h: [dEdh], z1: [dEdz1], s1: [dEdz1], E: 1 },
    grads: { W1: dEdW1, b1: dEdz1, W2: dEdW2.map((v) => [v]), b2: [dEdz2] },
    updates: {
      W1: dEdW1.map((r) => r.map((g) => -mu * g)),
      b1: dEdz1.map((g) => -mu * g),
      W2: dEdW2.map((g) => [-mu * g]),
      b2: [-mu * dEdz2],
    },
    local: { dy_dz2: dydz2, dh_dz1: dhdz1 },
    E,
  };
}

let walk: StepWalk;
const expected = byHand();

beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  const { doc } = parseGraphText(readFileSync('graphs/xor-slides.json', 'utf8'));
  const { graph } = checkGraph(doc!);
  const program = compile(graph!);
  const optimizer = createOptimizer(doc!.training.optimizer);
  const feeds = { features: tf.tensor2d([[1, 0]]), labels: { t: tf.tensor2d([[1]]) } };
  walk = await stepThrough(program, optimizer, feeds);
  program.dispose();
});

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
function expectClose(actual: number[] | undefined, want: unknown, what: string) {
  const w = flat(want);
  expect(actual, what).toBeDefined();
  expect(actual!.length, what).toBe(w.length);
  // float32 on the backend vs float64 here.
  actual!.forEach((a, i) =>
    expect(Math.abs(a - w[i]), `${what}[${i}]: ${a} vs ${w[i]}`).toBeLessThan(
      2e-6 * Math.max(1, Math.abs(w[i])),
    ),
  );
}
const forward = (id: string) =>
  walk.events.find(
    (e): e is Extract<StepEvent, { phase: 'forward' }> => e.phase === 'forward' && e.nodeId === id,
  )!;
const backward = (id: string) =>
  walk.events.find(
    (e): e is Extract<StepEvent, { phase: 'backward' }> => e.phase === 'backward' && e.nodeId === id,
  )!;
const update = (key: string) =>
  walk.events.find(
    (e): e is Extract<StepEvent, { phase: 'update' }> => e.phase === 'update' && e.key === key,
  )!;

describe('xor-slides.json stepped once', () => {
  it('forward values equal the hand computation', () => {
    for (const [id, value] of Object.entries(expected.forward))
      expectClose(forward(id).value.values, value, `forward ${id}`);
    expect(walk.loss).toBeCloseTo(expected.E, 7);
  });

  it('rounded like the slides: hidden 0.90 and 0.17, output sigmoid(1.17) = 0.76', () => {
    const h = forward('h').value.values!;
    expect(h.map((v) => v.toFixed(2))).toEqual(['0.90', '0.17']);
    expect(forward('z2').value.values![0].toFixed(2)).toBe('1.18'); // the slides' 1.17 sums rounded .90 and .17
    expect(forward('y').value.values![0].toFixed(2)).toBe('0.76');
  });

  it('gradients of every node equal the chain rule by hand', () => {
    for (const [id, value] of Object.entries(expected.backward))
      expectClose(backward(id).grad?.values, value, `dE/d${id}`);
  });

  it('each backward step shows upstream × local = product, with the local derivative y(1−y) of a sigmoid', () => {
    const y = backward('z2').chain[0];
    expect(y.consumer).toBe('y');
    expect(y.localKind).toBe('elementwise');
    expectClose(y.local?.values, [[expected.local.dy_dz2]], 'dy/dz2');
    expectClose(y.upstream?.values, expected.backward.y, 'dE/dy');
    expectClose(y.product?.values, expected.backward.z2, 'dE/dz2');
    const h = backward('z1').chain[0];
    expectClose(h.local?.values, [expected.local.dh_dz1], 'dh/dz1');
    // MatMul's local derivative is a Jacobian: ds2/dh = W2ᵀ.
    const s2 = backward('h').chain[0];
    expect(s2.localKind).toBe('jacobian');
    expectClose(s2.local?.values, [4.5, -5.2], 'ds2/dh');
  });

  it('updates are Δw = −μ · dE/dw with μ = 10, and the new weights are w + Δw', () => {
    for (const [key, grad] of Object.entries(expected.grads)) {
      const u = update(key);
      expectClose(u.grad?.values, grad, `dE/d${key}`);
      expectClose(u.update?.values, expected.updates[key as keyof typeof expected.updates], `Δ${key}`);
      const after = u.value.values!.map((w, i) => w + u.update!.values![i]);
      expectClose(u.newValue.values, after, `new ${key}`);
    }
    // The slides' δ_G·h_D update, unrounded: 10 × 0.0424 × 0.900 = 0.382 (slides: .391 from rounded y).
    expect(update('W2').update!.values![0]).toBeCloseTo(0.3816, 3);
  });

  it('visits forward in topological order, backward in reverse, then the updates', () => {
    const phases = walk.events.map((e) => e.phase);
    const firstBackward = phases.indexOf('backward');
    const firstUpdate = phases.indexOf('update');
    expect(phases.slice(0, firstBackward).every((p) => p === 'forward')).toBe(true);
    expect(phases.slice(firstBackward, firstUpdate).every((p) => p === 'backward')).toBe(true);
    const fwd = walk.events.filter((e) => e.phase === 'forward').map((e) => (e as { nodeId: string }).nodeId);
    const bwd = walk.events
      .filter((e) => e.phase === 'backward')
      .map((e) => (e as { nodeId: string }).nodeId);
    expect(bwd).toEqual([...fwd].reverse());
    expect(fwd.indexOf('s1')).toBeLessThan(fwd.indexOf('h'));
    expect(fwd.indexOf('h')).toBeLessThan(fwd.indexOf('E'));
  });
});

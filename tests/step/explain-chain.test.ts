/**
 * Step mode's text on the slides' XOR step, beyond the numbers: each chain factor carries the
 * consumer's local derivative (dB/dA belongs to B's op), J is explained where it appears, the
 * slides' δ is shown with their sign, the forward walk can leave Parameters and Targets out, the
 * example's notes on the slides' arithmetic hold, and the readout card shows the focused node.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import { checkGraph } from '../../src/graph/check';
import { compile } from '../../src/compile/program';
import type { Program } from '../../src/compile/program';
import { createOptimizer } from '../../src/train/optimizers';
import { stepThrough } from '../../src/step/stepper';
import type { StepWalk } from '../../src/step/stepper';
import { explainEvent } from '../../src/step/explain';
import type { ExplainOptions } from '../../src/step/explain';
import { landOn, shownEvents } from '../../src/step/shown';
import { noteHolds } from '../../src/step/notes';
import { readoutOf } from '../../src/step/readout';
import { num } from '../../src/trace/format';
import { stepNotesFor } from '../../renderer/examples';
import { slidesByHand } from './xor-slides-by-hand';

const hand = slidesByHand();
const text = JSON.parse(readFileSync('graphs/xor-slides.json', 'utf8')) as { name: string };
const notes = stepNotesFor(text.name);
let walk: StepWalk;
let program: Program;

/** One step of the slides' network on input `x` with target `t`, weights as in the file. */
async function walkOn(x: number[], t: number): Promise<StepWalk> {
  const { doc } = parseGraphText(readFileSync('graphs/xor-slides.json', 'utf8'));
  program = compile(checkGraph(doc!).graph!);
  const feeds = { features: tf.tensor2d([x]), labels: { t: tf.tensor2d([[t]]) } };
  const w = await stepThrough(program, createOptimizer(doc!.training.optimizer), feeds);
  feeds.features.dispose();
  feeds.labels.t.dispose();
  return w;
}

beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  walk = await walkOn([1, 0], 1);
});

function indexOf(w: StepWalk, phase: string, key: string): number {
  const i = w.events.findIndex(
    (e) => e.phase === phase && (e.phase === 'update' ? e.key === key : e.nodeId === key),
  );
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

function explain(phase: string, key: string, options: ExplainOptions = {}, w = walk) {
  return explainEvent(w, indexOf(w, phase, key), 10, options);
}

const tensor = (v: number[]) => `[${v.map((x) => num(x)).join(', ')}]`;

describe('chain factors carry the consumer’s formula', () => {
  it('z1’s factor through h is the sigmoid’s dh/dz1 = h · (1 − h) with h’s numbers', () => {
    const e = explain('backward', 'z1');
    expect(e.title).toMatch(/^Backward \d+\/13: z1 \(Add\)$/);
    expect(e.role).toBe('z1 = s1 + b1  (Add)');
    expect(e.formula).toBe('dE/dA = dE/dB · dB/dA:  dE/dz1 = dE/dh · dh/dz1');
    expect(e.chain).toHaveLength(1);
    const c = e.chain[0];
    expect(c.consumer).toBe('h');
    expect(c.consumerOp).toBe('Sigmoid');
    expect(c.local).toBe(
      `dh/dz1 = h · (1 − h) = ${tensor(hand.h)} · (1 − ${tensor(hand.h)}) = ${tensor(hand.dhdz1)}`,
    );
    expect(tensor(hand.dhdz1)).toBe('[0.0898, 0.1398]');
    expect(c.jacobian).toBeNull();
    // The Add's own derivative is not the one these numbers belong to.
    expect(JSON.stringify(e)).not.toContain('dC/dA');
  });

  it('names the port’s part of a two-input op: MatMul’s ds2/dh = W2ᵀ, Add’s dz1/db1 = 1', () => {
    expect(explain('backward', 'h').chain[0].local).toBe('ds2/dh = W2ᵀ = [[4.5], [−5.2]]ᵀ');
    expect(explain('backward', 'W2').chain[0].local).toBe('ds2/dW2 = hᵀ = ' + `${tensor(hand.h)}ᵀ`);
    expect(explain('backward', 'b1').chain[0].local).toBe('dz1/db1 = 1 (summed over broadcast axes)');
  });

  it('writes the loss’s dE/dy = −(t − y) with t and y, and does not pass it off as dE/dt', () => {
    expect(explain('backward', 'y').chain[0].local).toBe(`dE/dy = −(t − y) = −([1] − [${num(hand.y)}])`);
    const t = explain('backward', 't').chain[0].local;
    expect(t).toMatch(/^dE\/dt: not written out/);
  });

  it('explains J where a factor is a Jacobian', () => {
    const c = explain('backward', 's1').chain[0];
    expect(c.numbers).toContain('· J [[1, 0], [0, 1]]');
    expect(c.jacobian).toBe(
      'J = dz1/ds1, the Jacobian: one row per output of z1 (2), one column per element of s1 (2); ' +
        "the row dE/dz1 times J is z1's share of dE/ds1.",
    );
  });
});

describe('the slides’ δ', () => {
  it('is −dE/dz with their sign, (t − y)·y′ at the output and (Σ w·δ)·y′ at the hidden layer', () => {
    const out = explain('backward', 'z2').delta!;
    expect(out).toMatch(
      /^δ = −dE\/dz2 = \[0\.04239\]: the slides' error term, δ = \(t − y\) · y′ at an output/,
    );
    expect(num(-hand.dEdz2)).toBe('0.04239');
    const hidden = explain('backward', 'z1').delta!;
    expect(hidden).toContain(`δ = −dE/dz1 = ${tensor(hand.dEdz1.map((v) => -v))}`);
    expect(hidden).toContain('(Σ w · δ) · y′ at a hidden node');
    expect(explain('backward', 's2').delta).toBeNull();
  });
});

describe('the forward walk without Parameters and the Target', () => {
  it('stops at x, s1, z1, h, s2, z2, y, E — and at everything when asked', () => {
    const shown = shownEvents(walk, false);
    const forward = shown.filter((i) => walk.events[i].phase === 'forward').map((i) => walk.events[i].nodeId);
    expect(forward).toEqual(['x', 's1', 'z1', 'h', 's2', 'z2', 'y', 'E']);
    expect(shown.filter((i) => walk.events[i].phase !== 'forward')).toHaveLength(17);
    expect(shownEvents(walk, true)).toEqual(walk.events.map((_, i) => i));
    expect(walk.events).toHaveLength(30);
  });

  it('numbers the forward events among those shown', () => {
    const shown = shownEvents(walk, false);
    expect(explain('forward', 'h', { shown }).title).toBe('Forward 4/8: h (Sigmoid)');
    expect(explain('backward', 'z1', { shown }).title).toBe('Backward 6/13: z1 (Add)');
  });

  it('lands on the next shown event in the direction of travel', () => {
    const shown = shownEvents(walk, false);
    const x = indexOf(walk, 'forward', 'x');
    const s1 = indexOf(walk, 'forward', 's1');
    expect(landOn(shown, x + 1, 1)).toBe(s1);
    expect(landOn(shown, s1 - 1, -1)).toBe(x);
    expect(landOn(shown, s1, 1)).toBe(s1);
    expect(landOn([], 3, 1)).toBeNull();
  });
});

describe('notes on the slides’ arithmetic', () => {
  it('hold on this walk and say where δ_E and Δw_EA are off', () => {
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(noteHolds(walk, n), `${n.phase} ${n.id}`).toBe(true);
    const z1 = explain('backward', 'z1', { notes }).notes.join(' ');
    // The exact y′_E, and the δ_E it gives, from the hand computation.
    expect(num(hand.dhdz1[1])).toBe('0.1398');
    expect(z1).toContain('0.2055');
    expect(z1).toContain(`y′_E = h_E (1 − h_E) = 0.168 × 0.832 = ${num(hand.dhdz1[1])}`);
    expect(z1).toContain(`δ_E = ${num(hand.dEdz1[1] * -1)}`);
    expect(z1).toContain(
      `−5.2 × .0434 × .1398 = ${num(-5.2 * 0.0434 * hand.dhdz1[1], 3).replace('0.', '.')}`,
    );
    const w1 = explain('update', 'W1', { notes }).notes.join(' ');
    expect(w1).toContain(`${num(-hand.mu * hand.dEdz1[1])}`);
    expect(explain('backward', 'z2', { notes }).notes.join(' ')).toContain(num(-hand.dEdz2));
    // Notes only appear on their own events.
    expect(explain('backward', 'h', { notes }).notes).toEqual([]);
  });

  it('are left out on a walk they are not about (input (0, 0), target 0)', async () => {
    const other = await walkOn([0, 0], 0);
    for (const n of notes) expect(noteHolds(other, n), `${n.phase} ${n.id}`).toBe(false);
    expect(explain('backward', 'z1', { notes }, other).notes).toEqual([]);
  });
});

describe('the readout card', () => {
  it('shows value, gradient and the consumer’s formula of the focused node', () => {
    const i = indexOf(walk, 'backward', 'z1');
    const r = readoutOf(walk, i, explainEvent(walk, i, 10));
    expect(r.nodeId).toBe('z1');
    expect(r.value).toBe(`z1 = ${tensor(hand.z1)}`);
    expect(r.grad).toBe(`dE/dz1 = ${tensor(hand.dEdz1)}`);
    expect(r.formula[0]).toMatch(/^dh\/dz1 = h · \(1 − h\)/);
    expect(r.delta).toMatch(/^δ = −dE\/dz1/);
  });

  it('shows no gradient in the forward pass and the substituted formula', () => {
    const i = indexOf(walk, 'forward', 'h');
    const r = readoutOf(walk, i, explainEvent(walk, i, 10));
    expect(r.value).toBe(`h = ${tensor(hand.h)}`);
    expect(r.grad).toBeNull();
    expect(r.formula).toEqual([`B = 1 / (1 + e^(−${tensor(hand.z1)}))`]);
  });
});

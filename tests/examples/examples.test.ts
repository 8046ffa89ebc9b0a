/**
 * Every example graph loads, validates and trains; the seeds' training claims hold; a Dense layer
 * and its expanded op-level subgraph compute the same values and gradients.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import { checkGraph } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';
import { expandAllDense, expandDense } from '../../src/graph/expand';
import { compile } from '../../src/compile/program';
import { loadGraphDataset } from '../../src/cli/files';
import { checkData } from '../../src/run/check-data';
import { Trainer } from '../../src/train/trainer';
import { createOptimizer } from '../../src/train/optimizers';
import { tracedStep, readStep } from '../../src/train/step';
import { writeIdx } from '../../src/data/idx';

beforeAll(async () => {
  fakeMnistCache();
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
});

const load = (name: string): GraphDoc => {
  const { doc, diagnostics } = parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8'));
  expect(diagnostics).toEqual([]);
  return doc!;
};

/**
 * A download cache holding MNIST-format files with 64 random "digits" (the files "Get MNIST" would
 * have put there), so the mnist-* examples run without the real data.
 */
function fakeMnistCache(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bps-mnist-'));
  mkdirSync(join(dir, 'backprop-studio/mnist'), { recursive: true });
  const n = 64;
  const images = writeIdx(
    [n, 28, 28],
    Array.from({ length: n * 28 * 28 }, (_, i) => (i * 37) % 256),
    'ubyte',
  );
  const labels = writeIdx(
    [n],
    Array.from({ length: n }, (_, i) => i % 10),
    'ubyte',
  );
  for (const split of ['train', 't10k']) {
    writeFileSync(join(dir, `backprop-studio/mnist/${split}-images-idx3-ubyte`), images);
    writeFileSync(join(dir, `backprop-studio/mnist/${split}-labels-idx1-ubyte`), labels);
  }
  process.env.XDG_CACHE_HOME = dir;
}

/** Trains a graph file for `epochs` and returns the final metrics. */
async function train(
  doc: GraphDoc,
  path: string,
  overrides: ConstructorParameters<typeof Trainer>[0]['overrides'] = {},
) {
  const { graph, diagnostics } = checkGraph(doc);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const dataset = loadGraphDataset(doc, path);
  expect(checkData(graph!, dataset)).toEqual([]);
  const trainer = new Trainer({ graph: graph!, dataset, overrides });
  const progress = await trainer.run(() => {}, { progressEveryMs: 1e9, evaluateEachEpoch: false });
  const metrics = await trainer.evaluate();
  trainer.dispose();
  return { progress, ...metrics };
}

describe('every file in graphs/', () => {
  const names = readdirSync('graphs')
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

  it('lists the examples the lessons use', () => {
    for (const name of [
      'xor-slides',
      'xor-keras',
      'perceptron-or',
      'perceptron-xor',
      'xor-mlp',
      'spiral-linear',
      'spiral-mlp',
      'sine-regression',
      'mnist-mlp',
    ])
      expect(names).toContain(name);
  });

  for (const name of names) {
    it(`${name} loads, validates without errors and trains a few steps with a finite, changing loss`, async () => {
      const path = `graphs/${name}.json`;
      const doc = parseGraphText(readFileSync(path, 'utf8')).doc!;
      const { graph, diagnostics } = checkGraph(doc);
      expect(diagnostics).toEqual([]);
      const dataset = loadGraphDataset(doc, path);
      expect(checkData(graph!, dataset)).toEqual([]);
      const trainer = new Trainer({
        graph: graph!,
        dataset,
        overrides: { batchSize: Math.min(doc.training.batchSize, 32) },
      });
      const before = await trainer.evaluate();
      const frames = [];
      for (let i = 0; i < 3; i++) frames.push(await trainer.stepTraced());
      const after = await trainer.evaluate();
      trainer.dispose();
      for (const f of frames) expect(Number.isFinite(f.loss)).toBe(true);
      expect(after.train.loss).not.toBe(before.train.loss);
      expect(Number.isFinite(after.train.loss)).toBe(true);
    });
  }
});

describe("the seeds' training claims", () => {
  it('a single-layer perceptron learns OR', async () => {
    const r = await train(load('perceptron-or'), 'graphs/perceptron-or.json');
    expect(r.train.accuracy).toBe(1);
  });

  it('a single-layer perceptron cannot learn XOR (at most 3 of 4), whatever the seed', async () => {
    for (const seed of [1, 2, 3]) {
      const r = await train(load('perceptron-xor'), 'graphs/perceptron-xor.json', { seed });
      expect(r.train.accuracy).toBeLessThanOrEqual(0.75);
    }
  });

  it('the 2-layer network learns XOR', async () => {
    const r = await train(load('xor-mlp'), 'graphs/xor-mlp.json');
    expect(r.train.accuracy).toBe(1);
    const keras = await train(load('xor-keras'), 'graphs/xor-keras.json', { epochs: 600 });
    expect(keras.train.accuracy).toBe(1);
  });

  it('a linear classifier reaches only about 50% on the spiral', async () => {
    const r = await train(load('spiral-linear'), 'graphs/spiral-linear.json');
    expect(r.train.accuracy).toBeGreaterThan(0.4);
    expect(r.train.accuracy).toBeLessThan(0.62);
  });

  it('one hidden layer of 100 reaches at least 95% on the spiral', async () => {
    const r = await train(load('spiral-mlp'), 'graphs/spiral-mlp.json', { epochs: 40 });
    expect(r.train.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('the sine regression fits the curve to about the noise level', async () => {
    const r = await train(load('sine-regression'), 'graphs/sine-regression.json');
    // Uniform noise in [−0.5, 0.5) has variance 1/12 ≈ 0.083: a good fit leaves about that much.
    expect(r.train.loss).toBeLessThan(0.12);
    expect(r.test!.loss).toBeLessThan(0.15);
  });
});

describe('Dense expanded into MatMul → Add → activation', () => {
  it('computes the same values, node gradients and weight gradients as the layer', async () => {
    const doc = load('spiral-mlp');
    const { graph } = checkGraph(doc);
    const original = compile(graph!);
    const weights = await original.exportWeights();
    const withWeights: GraphDoc = { ...doc, weights };
    const expanded = expandAllDense(withWeights);
    expect(expanded.ok).toBe(true);
    if (!expanded.ok) return;
    const expandedCheck = checkGraph(expanded.doc);
    expect(expandedCheck.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(expanded.doc.nodes.map((n) => n.op)).toEqual(
      expect.arrayContaining(['Parameter', 'MatMul', 'Add', 'ReLU', 'Softmax']),
    );
    expect(expanded.doc.nodes.some((n) => n.op === 'Dense')).toBe(false);
    const program = compile(expandedCheck.graph!);

    const features = tf.tensor2d([
      [0.1, -0.3],
      [0.5, 0.2],
      [-0.7, 0.4],
    ]);
    const labels = { t: tf.oneHot(tf.tensor1d([0, 1, 2], 'int32'), 3).toFloat() };
    const run = async (p: typeof program) => {
      const frame = await readStep(
        p,
        tracedStep(p, createOptimizer({ type: 'sgd', learningRate: 0.1 }), { features, labels }, 1, false),
        { step: 0, epoch: 0 },
        10_000,
      );
      p.dispose();
      return frame;
    };
    const a = await run(original);
    const b = await run(program);
    expect(b.loss).toBeCloseTo(a.loss, 6);
    const same = (x: number[] | undefined, y: number[] | undefined, what: string) => {
      expect(x, what).toBeDefined();
      expect(x!.length, what).toBe(y!.length);
      x!.forEach((v, i) => expect(Math.abs(v - y![i]), what).toBeLessThan(1e-5));
    };
    // The layer's output is the expanded activation's output; its gradient likewise.
    same(b.nodes['hidden.act'].value.values, a.nodes.hidden.value.values, 'hidden value');
    same(b.nodes['hidden.act'].grad?.values, a.nodes.hidden.grad?.values, 'hidden gradient');
    same(b.nodes['output.act'].value.values, a.nodes.output.value.values, 'output value');
    same(b.weights['hidden.W'].grad?.values, a.weights['hidden/kernel'].grad?.values, 'kernel gradient');
    same(b.weights['hidden.b'].grad?.values, a.weights['hidden/bias'].grad?.values, 'bias gradient');
    same(
      b.weights['output.W'].grad?.values,
      a.weights['output/kernel'].grad?.values,
      'output kernel gradient',
    );
    // The L2 penalty followed the kernel to its Parameter.
    expect(expanded.doc.nodes.find((n) => n.id === 'reg')?.params.layer).toBe('hidden.W');
  });

  it('refuses to expand what is not an expandable Dense node, with a reason', () => {
    const doc = load('xor-slides');
    const r = expandDense(doc, 'h');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('"h" is not a Dense node');
  });
});

/**
 * The claims of the image and regression examples: the CNNs learn images (the drawn shapes; and
 * mnist-cnn on MNIST-format files made here, since the real MNIST cannot be downloaded in tests),
 * and regression-line's trained weights are the least-squares line of the normal equations, solved
 * here in float64.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraphDataset } from '../../src/cli/files';
import { writeIdx } from '../../src/data/idx';
import { shapes } from '../../src/data/kinds/shapes';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { Trainer } from '../../src/train/trainer';

const savedCache = process.env.XDG_CACHE_HOME;
beforeAll(async () => {
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
});
afterAll(() => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
});

const load = (name: string): GraphDoc => parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8')).doc!;

async function train(doc: GraphDoc, overrides: ConstructorParameters<typeof Trainer>[0]['overrides'] = {}) {
  const { graph, diagnostics } = checkGraph(doc, { training: true });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const trainer = new Trainer({ graph: graph!, dataset: loadGraphDataset(doc, `graphs/x.json`), overrides });
  await trainer.run(() => {}, { progressEveryMs: 1e9, evaluateEachEpoch: false });
  const metrics = await trainer.evaluate();
  return { trainer, ...metrics };
}

describe('the CNN examples learn images', () => {
  it('shapes-cnn tells the five drawn shapes apart: ≥ 90 % on held-out images', async () => {
    const { trainer, test } = await train(load('shapes-cnn'));
    trainer.dispose();
    expect(test!.accuracy!).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('mnist-cnn reads MNIST-format files from the download cache and learns them: ≥ 90 % held out', async () => {
    // 28×28 drawn circles, crosses and lines (labels 0, 1, 2) as 8-bit IDX files, in the cache
    // folder where Get MNIST puts them.
    const all = shapes({ perClass: 100, size: 28, noise: 0.1 }, 7);
    const keep = [0, 3, 4];
    const picked = Array.from({ length: all.count }, (_, i) => i).filter((i) => keep.includes(all.labels[i]));
    const drawn = {
      count: picked.length,
      features: Float32Array.from(
        picked.flatMap((i) => Array.from(all.features.subarray(i * 784, (i + 1) * 784))),
      ),
      labels: Float32Array.from(picked, (i) => keep.indexOf(all.labels[i])),
    };
    const dir = mkdtempSync(join(tmpdir(), 'bps-cnn-'));
    mkdirSync(join(dir, 'backprop-studio/mnist'), { recursive: true });
    const images = writeIdx(
      [drawn.count, 28, 28],
      Array.from(drawn.features, (v) => Math.round(v * 255)),
      'ubyte',
    );
    const labels = writeIdx([drawn.count], Array.from(drawn.labels), 'ubyte');
    for (const split of ['train', 't10k']) {
      writeFileSync(join(dir, `backprop-studio/mnist/${split}-images-idx3-ubyte`), images);
      writeFileSync(join(dir, `backprop-studio/mnist/${split}-labels-idx1-ubyte`), labels);
    }
    process.env.XDG_CACHE_HOME = dir;
    const doc = load('mnist-cnn');
    const { trainer, test } = await train(doc, {
      epochs: 10,
      testSplit: 0.2,
      batchSize: 16,
      // A step size for 120 examples rather than 54,000.
      optimizer: { type: 'adam', learningRate: 0.005 },
    });
    trainer.dispose();
    expect(test!.accuracy!).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});

describe('regression-line', () => {
  it('gradient descent on the MSE ends at the least-squares line of the normal equations', async () => {
    const doc = load('regression-line');
    const data = loadGraphDataset(doc, 'graphs/regression-line.json');
    // Normal equations for [w, b]: [Σx² Σx; Σx n] [w; b] = [Σxt; Σt], solved by Cramer's rule.
    let sx = 0;
    let sxx = 0;
    let st = 0;
    let sxt = 0;
    const n = data.count;
    for (let i = 0; i < n; i++) {
      const x = data.features[i];
      const t = data.labels[i];
      sx += x;
      sxx += x * x;
      st += t;
      sxt += x * t;
    }
    const det = sxx * n - sx * sx;
    const w = (sxt * n - sx * st) / det;
    const b = (sxx * st - sx * sxt) / det;
    const { trainer } = await train(doc);
    const kernel = trainer.program.weight('output', 'kernel')!.variable.dataSync()[0];
    const bias = trainer.program.weight('output', 'bias')!.variable.dataSync()[0];
    trainer.dispose();
    expect(Math.abs(kernel - w)).toBeLessThan(1e-4);
    expect(Math.abs(bias - b)).toBeLessThan(1e-4);
  }, 60_000);
});

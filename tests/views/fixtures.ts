/**
 * Small graphs with inline data for the views' tests: 8×8 images of bars (three classes) into a
 * small CNN, and ids into an Embedding table. Built here so the tests need no downloaded data.
 */
import { parseGraphValue } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';

/** A graph file's contents checked and normalised the way opening the file does. */
function parsed(raw: unknown): GraphDoc {
  const { doc, diagnostics } = parseGraphValue(raw);
  if (!doc) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return doc;
}

/** A tiny seeded generator (LCG), so every run builds the same images. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `count` 8×8 images: class 0 a horizontal bar, class 1 a vertical bar, class 2 a diagonal, each at a
 * random place with a little noise. Features flattened row-major, labels one-hot.
 */
export function barImages(count: number, seed = 1): { features: number[][]; labels: number[][] } {
  const rand = lcg(seed);
  const features: number[][] = [];
  const labels: number[][] = [];
  for (let n = 0; n < count; n++) {
    const c = n % 3;
    const img = Array.from({ length: 64 }, () => Math.round(rand() * 0.15 * 100) / 100);
    const at = 1 + Math.floor(rand() * 6);
    for (let k = 0; k < 8; k++) {
      const [r, col] = c === 0 ? [at, k] : c === 1 ? [k, at] : [k, k];
      img[r * 8 + col] = 1;
    }
    features.push(img);
    labels.push([0, 1, 2].map((j) => (j === c ? 1 : 0)));
  }
  return { features, labels };
}

const edge = (source: string, target: string, targetPort = 'in') => ({
  source,
  sourcePort: 'out',
  target,
  targetPort,
});

/** Input [8,8,1] → Conv2D 4×3×3 relu → MaxPool 2 → Flatten → Dense 3 → softmax cross-entropy. */
export function barCnnDoc(count = 90, epochs = 30): GraphDoc {
  return parsed(barCnnFile(count, epochs));
}

/** The file of {@link barCnnDoc}. */
export function barCnnFile(count = 90, epochs = 30): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name: 'bars CNN',
    nodes: [
      { id: 'x', op: 'Input', params: { shape: [8, 8, 1] } },
      {
        id: 'conv',
        op: 'Conv2D',
        params: { filters: 4, kernelSize: [3], activation: 'relu', padding: 'same' },
      },
      { id: 'pool', op: 'MaxPool2D', params: {} },
      { id: 'flat', op: 'Flatten', params: {} },
      { id: 'out', op: 'Dense', params: { units: 3, activation: 'linear' } },
      { id: 't', op: 'Target', params: { shape: [3], encoding: 'value' } },
      { id: 'loss', op: 'CategoricalCrossEntropy', params: { fromLogits: true } },
    ],
    edges: [
      edge('x', 'conv'),
      edge('conv', 'pool'),
      edge('pool', 'flat'),
      edge('flat', 'out'),
      edge('out', 'loss', 'prediction'),
      edge('t', 'loss', 'target'),
    ],
    training: {
      dataset: { kind: 'inline', ...barImages(count) },
      testSplit: 0.3,
      shuffle: true,
      lossWeights: {},
      optimizer: { type: 'adam', learningRate: 0.02 },
      batchSize: 16,
      epochs,
      seed: 1,
    },
  };
}

/**
 * Ids 0 … v−1 into an Embedding of `dim`, then a Dense layer that predicts a "context" id: ids
 * 2k and 2k+1 share their context, so their vectors are pulled together.
 */
export function pairEmbeddingDoc(v = 12, dim = 4, epochs = 60): GraphDoc {
  return parsed(pairEmbeddingFile(v, dim, epochs));
}

/** The file of {@link pairEmbeddingDoc}. */
export function pairEmbeddingFile(v = 12, dim = 4, epochs = 60): Record<string, unknown> {
  const features: number[][] = [];
  const labels: number[][] = [];
  for (let rep = 0; rep < 4; rep++)
    for (let id = 0; id < v; id++) {
      features.push([id]);
      labels.push(Array.from({ length: v / 2 }, (_, j) => (j === Math.floor(id / 2) ? 1 : 0)));
    }
  return {
    schemaVersion: 1,
    name: 'pair embedding',
    nodes: [
      { id: 'x', op: 'Input', params: { shape: [1] } },
      { id: 'emb', op: 'Embedding', params: { inputDim: v, outputDim: dim } },
      { id: 'flat', op: 'Flatten', params: {} },
      { id: 'out', op: 'Dense', params: { units: v / 2, activation: 'linear' } },
      { id: 't', op: 'Target', params: { shape: [v / 2], encoding: 'value' } },
      { id: 'loss', op: 'CategoricalCrossEntropy', params: { fromLogits: true } },
    ],
    edges: [
      edge('x', 'emb'),
      edge('emb', 'flat'),
      edge('flat', 'out'),
      edge('out', 'loss', 'prediction'),
      edge('t', 'loss', 'target'),
    ],
    training: {
      dataset: { kind: 'inline', features, labels },
      testSplit: 0,
      shuffle: true,
      lossWeights: {},
      optimizer: { type: 'adam', learningRate: 0.05 },
      batchSize: 8,
      epochs,
      seed: 1,
    },
  };
}

/**
 * Seeded random graphs for the ONNX tests: layer stacks (dense, convolutional, embedding,
 * sequence) and
 * op-level graphs, covering every op the exporter maps, each ending in a loss.
 */
import seedrandom from 'seedrandom';
import { parseGraphValue } from '../../src/graph/load';
import type { GraphDoc, ParamValue } from '../../src/graph/types';

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

const ACTS = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'swish', 'softmax'];

/** Builds a chain of nodes with edges; `add` returns the new node's id. */
class Chain {
  nodes: { id: string; op: string; params: Record<string, ParamValue> }[] = [];
  edges: { source: string; sourcePort: string; target: string; targetPort: string }[] = [];
  add(
    op: string,
    params: Record<string, ParamValue>,
    inputs: Record<string, string | string[]> = {},
  ): string {
    const id = `n${this.nodes.length}`;
    this.nodes.push({ id, op, params });
    for (const [port, sources] of Object.entries(inputs))
      for (const source of [sources].flat())
        this.edges.push({ source, sourcePort: 'out', target: id, targetPort: port });
    return id;
  }
  /** Ends the graph: a Target of `shape` and an MSE loss on `prediction`. */
  finish(prediction: string, shape: number[], name: string): GraphDoc {
    const t = this.add('Target', { shape, encoding: 'value' });
    this.add('MSE', {}, { prediction, target: t });
    const { doc, diagnostics } = parseGraphValue({
      schemaVersion: 1,
      name,
      nodes: this.nodes,
      edges: this.edges,
      layout: { nodes: {} },
      training: { dataset: { kind: 'xor' } },
    });
    if (!doc) throw new Error(`generated graph ${name} does not parse: ${diagnostics[0]?.message}`);
    return doc;
  }
}

function denseStack(rng: Rng, name: string): GraphDoc {
  const c = new Chain();
  let width = between(rng, 1, 6);
  let x = c.add('Input', { shape: [width] });
  for (let i = between(rng, 1, 4); i > 0; i--) {
    const kind = pick(rng, ['Dense', 'Dense', 'Dropout', 'BatchNormalization']);
    if (kind === 'Dense') {
      width = between(rng, 1, 7);
      x = c.add('Dense', { units: width, activation: pick(rng, ACTS), useBias: rng() < 0.8 }, { in: x });
    } else if (kind === 'Dropout') x = c.add('Dropout', { rate: 0.3 }, { in: x });
    else x = c.add('BatchNormalization', { epsilon: 0.01 }, { in: x });
  }
  return c.finish(x, [width], name);
}

function convStack(rng: Rng, name: string): GraphDoc {
  const c = new Chain();
  let [h, w, ch] = [between(rng, 4, 9), between(rng, 4, 9), between(rng, 1, 3)];
  let x = c.add('Input', { shape: [h, w, ch] });
  for (let i = between(rng, 1, 3); i > 0; i--) {
    const kind = pick(rng, ['Conv2D', 'Conv2D', 'MaxPool2D', 'AvgPool2D', 'BatchNormalization']);
    const k = [between(rng, 1, 3), between(rng, 1, 3)];
    const s = [between(rng, 1, 2), between(rng, 1, 2)];
    const padding = k[0] > h || k[1] > w ? 'same' : pick(rng, ['valid', 'same']);
    const out = (size: number, kk: number, ss: number) =>
      padding === 'same' ? Math.ceil(size / ss) : Math.ceil((size - kk + 1) / ss);
    if (kind === 'BatchNormalization') {
      x = c.add(kind, {}, { in: x });
      continue;
    }
    let stride = s;
    if (kind === 'Conv2D') {
      // tfjs's wasm conv2d computes zeros for "same" with a stride larger than the kernel (a
      // negative padding, which the CPU backend and ONNX Runtime clamp to 0): not generated.
      if (padding === 'same') stride = s.map((v, j) => Math.min(v, k[j]));
      ch = between(rng, 1, 4);
      x = c.add(
        kind,
        { filters: ch, kernelSize: k, strides: stride, padding, activation: pick(rng, ACTS) },
        { in: x },
      );
    } else {
      const strides = rng() < 0.5 ? null : s;
      stride = strides ?? k;
      x = c.add(kind, { poolSize: k, strides, padding }, { in: x });
    }
    [h, w] = [out(h, k[0], stride[0]), out(w, k[1], stride[1])];
  }
  x = rng() < 0.5 ? c.add('Flatten', {}, { in: x }) : c.add('Reshape', { shape: [-1] }, { in: x });
  const units = between(rng, 2, 4);
  x = c.add('Dense', { units, activation: pick(rng, ACTS) }, { in: x });
  return c.finish(x, [units], name);
}

function embeddingStack(rng: Rng, name: string): GraphDoc {
  const c = new Chain();
  const length = between(rng, 1, 5);
  const dim = between(rng, 2, 4);
  let x = c.add('Input', { shape: [length] });
  x = c.add('Embedding', { inputDim: between(rng, 3, 12), outputDim: dim }, { in: x });
  // A Dense on [N, L, D] transforms the last axis (MatMul + Add in ONNX).
  if (rng() < 0.5) x = c.add('Dense', { units: between(rng, 1, 3), activation: pick(rng, ACTS) }, { in: x });
  x = rng() < 0.5 ? c.add('Flatten', {}, { in: x }) : c.add('Reshape', { shape: [-1] }, { in: x });
  const units = between(rng, 1, 3);
  x = c.add('Dense', { units, activation: 'tanh' }, { in: x });
  return c.finish(x, [units], name);
}

function sequenceStack(rng: Rng, name: string): GraphDoc {
  const c = new Chain();
  let length = between(rng, 3, 8);
  let x = c.add('Input', { shape: [length] });
  x = c.add('Embedding', { inputDim: between(rng, 3, 12), outputDim: between(rng, 2, 4) }, { in: x });
  for (let i = between(rng, 1, 2); i > 0; i--) {
    const k = between(rng, 1, 3);
    const padding = k > length ? 'same' : pick(rng, ['valid', 'same']);
    // As for Conv2D: no "same" with a stride larger than the kernel (tfjs wasm computes zeros).
    const strides = padding === 'same' ? Math.min(between(rng, 1, 2), k) : between(rng, 1, 2);
    const params = {
      filters: between(rng, 1, 4),
      kernelSize: k,
      strides,
      padding,
      activation: pick(rng, ACTS),
    };
    x = c.add('Conv1D', params, { in: x });
    length = padding === 'same' ? Math.ceil(length / strides) : Math.ceil((length - k + 1) / strides);
    if (rng() < 0.3) x = c.add('BatchNormalization', {}, { in: x });
  }
  const reduce = pick(rng, ['GlobalMaxPool1D', 'GlobalAvgPool1D', 'Mean', 'Flatten']);
  x = c.add(reduce, reduce === 'Mean' ? { axes: [1] } : {}, { in: x });
  const units = between(rng, 1, 3);
  x = c.add('Dense', { units, activation: pick(rng, ACTS) }, { in: x });
  return c.finish(x, [units], name);
}

function opLevel(rng: Rng, name: string): GraphDoc {
  const c = new Chain();
  const d = between(rng, 1, 4);
  const hidden = between(rng, 1, 4);
  const x = c.add('Input', { shape: [d] });
  const w = c.add('Parameter', { shape: [d, hidden], init: 'glorotUniform' });
  const b = c.add('Parameter', { shape: [hidden], init: 'uniform', min: -1, max: 1 });
  const s = c.add('MatMul', {}, { a: x, b: w });
  let z = c.add('Add', {}, { a: s, b });
  z = c.add(
    pick(rng, ['Sigmoid', 'Tanh', 'ReLU', 'LeakyReLU', 'ELU', 'Swish', 'Softmax', 'Linear']),
    {},
    { in: z },
  );
  const k = c.add('Constant', {
    shape: [hidden],
    values: Array.from({ length: hidden }, () => rng() * 2 - 1),
  });
  const m = c.add('Multiply', {}, { a: z, b: k });
  const sq = c.add('Square', {}, { in: s });
  const cat = c.add('Concat', { axis: -1 }, { inputs: [m, sq, x] });
  const keep = rng() < 0.5;
  const sum = c.add('Sum', { axes: [1], keepDims: keep }, { in: cat });
  return c.finish(sum, keep ? [1] : [], name);
}

/** `count` graphs from `seed`, cycling through the five families. */
export function randomGraphs(count: number, seed: number): GraphDoc[] {
  const rng = seedrandom(String(seed));
  const families = [denseStack, convStack, embeddingStack, sequenceStack, opLevel];
  return Array.from({ length: count }, (_, i) => families[i % families.length](rng, `random-${i}`));
}

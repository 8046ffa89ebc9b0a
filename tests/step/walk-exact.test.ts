/**
 * Step mode is exact on every graph: every forward value, every dE/d(node) (the Input's too), every
 * chain factor (dE/dB, dB/dA and their product) and every line of the step panel's chain rule
 * equals float64 arithmetic done independently in `reference64.ts`, with the weights as they were
 * BEFORE the step's update; the updates themselves are Δw = −μ · dE/dw of those gradients.
 *
 * Checked on every example graph (its default example, a random example and a batch) and on
 * randomly generated graphs with random inputs, targets and learning rates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tf, loadExample } from '../helpers/tf';
import { compile } from '../../src/compile/program';
import type { Feeds } from '../../src/compile/program';
import { parseGraphText } from '../../src/graph/load';
import { checkGraph } from '../../src/graph/check';
import type { ShapedGraph } from '../../src/shapes/infer';
import type { GraphDoc, GraphNode, OptimizerSpec } from '../../src/graph/types';
import { createRng } from '../../src/data/random';

/** A seeded uniform [0, 1) generator. */
const uniform = (seed: number, stream: string) => {
  const rng = createRng(seed, stream);
  return () => rng.next();
};
import { explainEvent } from '../../src/step/explain';
import { stepThrough, walkTrainerStep } from '../../src/step/stepper';
import type { StepWalk } from '../../src/step/stepper';
import type { TensorTrace } from '../../src/trace/types';
import { createOptimizer, disposeOptimizer } from '../../src/train/optimizers';
import { OPTIMIZER_DEFAULTS } from '../../src/train/optimizer-defaults';
import { Trainer } from '../../src/train/trainer';
import type { Dataset } from '../../src/data/dataset';
import { edgeKey, referenceStep } from './reference64';
import type { Reference, T64 } from './reference64';

type Weights = Record<string, Record<string, { shape: number[]; values: number[] }>>;

/** |a − b| within float32 accuracy, relative to the size of the reference tensor. */
function expectClose(
  actual: readonly number[],
  expected: readonly number[],
  what: string,
  rtol = 2e-4,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const scale = expected.reduce((m, x) => Math.max(m, Math.abs(x)), 1e-3);
  actual.forEach((a, i) => {
    const tol = 2e-5 * scale + rtol * Math.abs(expected[i]);
    if (!(Math.abs(a - expected[i]) <= tol))
      expect.fail(
        `${what}[${i}]: got ${a}, float64 reference ${expected[i]} (tolerance ${tol.toExponential(1)})`,
      );
  });
}

function values(t: TensorTrace | null | undefined, what: string): number[] {
  if (!t?.values) return expect.fail(`${what}: no values traced`);
  return t.values;
}

/** The elementwise derivative (diagonal) or the full Jacobian [...B, ...A] of one edge, in float64. */
function localOf(ref: Reference, key: string, outShape: number[], elementwise: boolean): number[] {
  const vjp = ref.edgeVjp.get(key)!;
  const n = outShape.reduce((a, b) => a * b, 1);
  if (elementwise) return vjp({ shape: outShape, v: new Array<number>(n).fill(1) }).v;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const basis: T64 = { shape: outShape, v: new Array<number>(n).fill(0) };
    basis.v[i] = 1;
    rows.push(...vjp(basis).v);
  }
  return rows;
}

/** All numbers in a line of text (the step panel writes tensors as nested lists). */
const numbersIn = (text: string) =>
  [...text.replaceAll('−', '-').matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)].map((m) => Number(m[0]));

/** Δw the optimizer must take for weight `key` given the gradient shown for it. */
type UpdateRule = (key: string, grad: number[]) => number[];

/** Plain SGD: Δw = −η g. */
const sgdRule =
  (learningRate: number): UpdateRule =>
  (_key, g) =>
    g.map((x) => -learningRate * x);

/**
 * Adam as the lecture and Kingma & Ba write it, in float64, over the steps of one run (the rule
 * keeps m, v and t per weight): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², Δw = −η m̂ / (√v̂ + ε) with
 * m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). The trainer's Adam joins every weight into one vector; this
 * checks it elementwise against the formula.
 */
function adamRule(learningRate: number, beta1: number, beta2: number, epsilon: number): UpdateRule {
  const state = new Map<string, { m: number[]; v: number[]; t: number }>();
  return (key, g) => {
    const s = state.get(key) ?? { m: g.map(() => 0), v: g.map(() => 0), t: 0 };
    s.t++;
    s.m = s.m.map((m, i) => beta1 * m + (1 - beta1) * g[i]);
    s.v = s.v.map((v, i) => beta2 * v + (1 - beta2) * g[i] * g[i]);
    state.set(key, s);
    return s.m.map((m, i) => {
      const mHat = m / (1 - beta1 ** s.t);
      const vHat = s.v[i] / (1 - beta2 ** s.t);
      return (-learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
    });
  };
}

/** The rule for a training section's optimizer, or null for those the test leaves to their own tests. */
function updateRule(spec: OptimizerSpec): UpdateRule | null {
  if (spec.type === 'sgd') return sgdRule(spec.learningRate);
  if (spec.type === 'adam') {
    const d = OPTIMIZER_DEFAULTS.adam;
    return adamRule(
      spec.learningRate,
      spec.beta1 ?? d.beta1,
      spec.beta2 ?? d.beta2,
      spec.epsilon ?? d.epsilon,
    );
  }
  return null;
}

/** Checks one walk against the reference, event by event; returns the chain lines read number by number. */
function checkWalk(
  graph: ShapedGraph,
  walk: StepWalk,
  before: Weights,
  learningRate: number,
  expectedUpdate: UpdateRule | null,
): number {
  const fed = new Map<string, T64>();
  for (const e of walk.events) {
    const role = e.phase === 'forward' ? graph.nodes.get(e.nodeId)!.spec.role : undefined;
    if (e.phase === 'forward' && (role === 'input' || role === 'target'))
      fed.set(e.nodeId, { shape: e.value.shape, v: values(e.value, e.nodeId) });
  }
  const ref = referenceStep(graph, fed, before);
  expectClose([walk.loss], [ref.objective], 'loss');
  let chainLines = 0;
  walk.events.forEach((e, index) => {
    if (e.phase === 'forward') {
      expectClose(values(e.value, e.nodeId), ref.values.get(e.nodeId)!.v, `value of ${e.nodeId}`);
      return;
    }
    if (e.phase === 'update') {
      expectClose(values(e.value, e.key), before[e.nodeId][e.name].values, `${e.key} before the step`);
      const g = ref.weightGrads.get(e.key)!.v;
      expectClose(values(e.grad, `dE/d${e.key}`), g, `dE/d${e.key}`);
      const update = values(e.update, `Δ${e.key}`);
      // The optimizer's arithmetic, applied to the gradient step mode shows for this weight.
      if (expectedUpdate)
        expectClose(update, expectedUpdate(e.key, values(e.grad, `dE/d${e.key}`)), `Δ${e.key}`);
      const old = values(e.value, e.key);
      expectClose(
        values(e.newValue, `new ${e.key}`),
        old.map((x, i) => x + update[i]),
        `new ${e.key}`,
      );
      return;
    }
    const id = e.nodeId;
    const g = ref.grads.get(id);
    if (!g) expect(e.grad, `dE/d${id} of a node that does not affect the loss`).toBeNull();
    else expectClose(values(e.grad, `dE/d${id}`), g.v, `dE/d${id}`);
    const lines = explainEvent(walk, index, learningRate).lines;
    for (const c of e.chain) {
      const key = edgeKey(id, c.consumer, c.port, graph.nodes.get(c.consumer)!.inputs[c.port].indexOf(id));
      const product = ref.products.get(key);
      if (!product) {
        expect(c.product, `${key} carries no gradient`).toBeNull();
        continue;
      }
      const upstream = ref.grads.get(c.consumer)!;
      expectClose(values(c.upstream, `dE/d${c.consumer}`), upstream.v, `${key}: dE/dB`);
      expectClose(values(c.product, key), product.v, `${key}: dE/dB · dB/dA`);
      const local =
        c.localKind === 'omitted' ? null : localOf(ref, key, upstream.shape, c.localKind === 'elementwise');
      if (local) expectClose(values(c.local, `${key} local`), local, `${key}: dB/dA`);
      // The line the step panel shows for this factor: its numbers are dE/dB, dB/dA and the product.
      const line = lines.find((l) => l.startsWith(`dE/d${id} via ${c.consumer}.${c.port}:`));
      if (!line) return expect.fail(`no chain line for ${key} in ${JSON.stringify(lines)}`);
      const small = (v: number[]) => v.length <= 12;
      if (small(upstream.v) && small(product.v) && (!local || small(local))) {
        const shown = numbersIn(line.slice(line.indexOf(' = ')));
        const expected = [...upstream.v, ...(local ?? []), ...product.v];
        // The panel prints 4 significant digits.
        expectClose(shown, expected, `chain line "${line}"`, 6e-4);
        chainLines++;
      }
    }
  });
  return chainLines;
}

/** Random feeds for a checked graph: Inputs in [−2, 2], Targets valid for the loss they feed. */
function randomFeeds(graph: ShapedGraph, n: number, rng: () => number): Feeds {
  const feeds: Feeds = { features: null!, labels: {} };
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    if (r.spec.role !== 'input' && r.spec.role !== 'target') continue;
    const shape = r.params.ints('shape');
    const size = shape.reduce((a, b) => a * b, 1);
    // Ids for a lookup table (Embedding) must be whole numbers below its row count.
    const lookup = r.consumers.map((c) => graph.nodes.get(c)!).find((c) => c.spec.idInput);
    const rows = lookup ? lookup.params.int(lookup.spec.idInput!.countParam) : 0;
    if (r.spec.role === 'input')
      feeds.features = tf.tensor(
        Array.from({ length: n * size }, () => (rows ? Math.floor(rng() * rows) : rng() * 4 - 2)),
        [n, ...shape],
      );
    if (r.spec.role !== 'target') continue;
    const lossOp = graph.nodes.get(r.consumers[0])!.spec.op;
    const encoding = r.params.str('encoding');
    let labels: number[];
    if (encoding === 'index') {
      const classes = graph.shapes.get(graph.nodes.get(r.consumers[0])!.inputs.prediction[0])![1] as number;
      feeds.labels[id] = tf.tensor(
        Array.from({ length: n }, () => Math.floor(rng() * classes)),
        [n],
      );
      continue;
    }
    if (encoding === 'onehot' || lossOp === 'CategoricalCrossEntropy')
      labels = Array.from({ length: n }, () => {
        const row = new Array<number>(size).fill(0);
        row[Math.floor(rng() * size)] = 1;
        return row;
      }).flat();
    else if (lossOp === 'BinaryCrossEntropy')
      labels = Array.from({ length: n * size }, () => (rng() < 0.5 ? 0 : 1));
    else labels = Array.from({ length: n * size }, () => rng() * 2 - 1);
    feeds.labels[id] = tf.tensor(labels, [n, ...shape]);
  }
  return feeds;
}

async function walkFeeds(graph: ShapedGraph, feeds: Feeds, learningRate: number, seed: number) {
  const program = compile(graph, { seed });
  const optimizer = createOptimizer({ type: 'sgd', learningRate });
  try {
    const before = await program.exportWeights();
    const walk = await stepThrough(program, optimizer, feeds, { fullLimit: 1_000_000 });
    checkWalk(graph, walk, before, learningRate, sgdRule(learningRate));
  } finally {
    tf.dispose([feeds.features, ...Object.values(feeds.labels)]);
    program.dispose();
    disposeOptimizer(optimizer);
  }
}

describe('step mode on every example graph matches float64 arithmetic, weights before the update', () => {
  const all = readdirSync('graphs')
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
  // The float64 reference has no convolution or pooling; those are checked against loops written
  // in tests/step/conv-windows.test.ts and against finite differences in the op tests.
  const windowed = all.filter((n) =>
    /"op": "(Conv2D|MaxPool2D|AvgPool2D)"/.test(readFileSync(`graphs/${n}.json`, 'utf8')),
  );
  if (windowed.length)
    console.info(`walk-exact leaves out ${windowed.join(', ')}: no Conv2D/pooling in reference64`);
  // Negative sampling draws its negatives inside the step: the reference cannot know them. Its
  // value and gradients are checked against float64 and finite differences in its op test.
  const sampled = all.filter((n) =>
    /"op": "NegativeSamplingLoss"/.test(readFileSync(`graphs/${n}.json`, 'utf8')),
  );
  if (sampled.length)
    console.info(
      `walk-exact leaves out ${sampled.join(', ')}: negatives drawn at random, not in reference64`,
    );
  const names = all.filter((n) => !windowed.includes(n) && !sampled.includes(n));

  // MNIST is downloaded, not shipped: those graphs step on given feeds below.
  it.each(names.filter((n) => !n.startsWith('mnist-')))(
    '%s: default example, a random example, a batch',
    async (name) => {
      const { graph, dataset } = loadExample(name);
      const trainer = new Trainer({ graph, dataset });
      const { learningRate } = trainer.spec.optimizer;
      // One rule for the run: Adam's moments carry over from step to step.
      const rule = updateRule(trainer.spec.optimizer);
      try {
        const rng = uniform(7, name);
        for (const example of [0, Math.floor(rng() * trainer.train.count), null]) {
          const before = await trainer.program.exportWeights();
          const examples = example === null ? Array.from(trainer.batchIndices()) : [example];
          const walk = await walkTrainerStep(trainer, example, true, 1_000_000);
          checkFed(graph, walk, trainer.train, examples);
          checkWalk(graph, walk, before, learningRate, rule);
        }
      } finally {
        trainer.dispose();
      }
    },
  );

  it.each(names)('%s: random inputs and targets, learning rate 3', async (name) => {
    const { graph } = name.startsWith('mnist-')
      ? { graph: checkGraph(mnistDoc(name)).graph! }
      : loadExample(name);
    await walkFeeds(graph, randomFeeds(graph, 3, uniform(11, name)), 3, 5);
  });
});

/**
 * The Input and Target values step mode shows are the examples it says it walks, read straight from
 * the training split's arrays and encoded here: the rows `examples` of the features, and the labels
 * as each Target takes them (one-hot rows written out in this test). checkWalk feeds the float64
 * reference with what step mode shows, so a wrong row or label would pass there unnoticed.
 */
function checkFed(graph: ShapedGraph, walk: StepWalk, split: Dataset, examples: number[]): void {
  const rowsOf = (all: Float32Array, size: number) =>
    examples.flatMap((k) => Array.from(all.subarray(k * size, (k + 1) * size)));
  for (const e of walk.events) {
    if (e.phase !== 'forward') continue;
    const node = graph.nodes.get(e.nodeId)!;
    if (node.spec.role === 'input') {
      const size = split.features.length / split.count;
      expect(values(e.value, e.nodeId), `${e.nodeId}: examples ${examples.join(', ')}`).toEqual(
        rowsOf(split.features, size),
      );
    } else if (node.spec.role === 'target') {
      const encoding = node.params.str('encoding');
      const shape = node.params.ints('shape');
      let expected: number[];
      if (encoding === 'onehot')
        expected = examples.flatMap((k) => {
          const row = new Array<number>(shape[0]).fill(0);
          const c = Math.trunc(split.labels[k]);
          if (c >= 0 && c < shape[0]) row[c] = 1;
          return row;
        });
      else if (encoding === 'index') expected = examples.map((k) => split.labels[k]);
      else
        expected = rowsOf(
          split.labels,
          shape.reduce((a, b) => a * b, 1),
        );
      expect(values(e.value, e.nodeId), `${e.nodeId}: labels of examples ${examples.join(', ')}`).toEqual(
        expected,
      );
    }
  }
}

/** An mnist-* network without its data files (stepping on given feeds needs no data set). */
function mnistDoc(name: string): GraphDoc {
  const { doc } = parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8'));
  return doc!;
}

/** A random network: a chain of layers or op-level nodes, fan-out, a loss and maybe a penalty. */
function randomGraph(rng: () => number, index: number): GraphDoc {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const nodes: GraphNode[] = [];
  const edges: GraphDoc['edges'] = [];
  const link = (source: string, target: string, targetPort: string) =>
    edges.push({ source, sourcePort: 'out', target, targetPort });
  let width = int(1, 4);
  nodes.push({ id: 'x', op: 'Input', params: { shape: [width] } });
  let last = 'x';
  const layers: string[] = [];
  const depth = int(1, 3);
  for (let i = 0; i < depth; i++) {
    const units = int(1, 4);
    const act = pick(['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu'] as const);
    if (rng() < 0.5) {
      const id = `dense${i}`;
      nodes.push({ id, op: 'Dense', params: { units, activation: act, useBias: rng() < 0.8 } });
      link(last, id, 'in');
      layers.push(id);
      last = id;
    } else {
      // Op level: x·W + b, an activation op, and sometimes a fan-out A ⊙ A or A + A².
      nodes.push({ id: `W${i}`, op: 'Parameter', params: { shape: [width, units], init: 'glorotUniform' } });
      nodes.push({
        id: `b${i}`,
        op: 'Parameter',
        params: { shape: [units], init: 'uniform', min: -0.5, max: 0.5 },
      });
      nodes.push({ id: `mm${i}`, op: 'MatMul', params: {} });
      nodes.push({ id: `add${i}`, op: 'Add', params: {} });
      link(last, `mm${i}`, 'a');
      link(`W${i}`, `mm${i}`, 'b');
      link(`mm${i}`, `add${i}`, 'a');
      link(`b${i}`, `add${i}`, 'b');
      const actOp = pick(['Sigmoid', 'Tanh', 'ReLU'] as const);
      nodes.push({ id: `act${i}`, op: actOp, params: {} });
      link(`add${i}`, `act${i}`, 'in');
      last = `act${i}`;
      if (rng() < 0.5) {
        const fan = `fan${i}`;
        if (rng() < 0.5) {
          nodes.push({ id: fan, op: 'Multiply', params: {} });
          link(last, fan, 'a');
          link(last, fan, 'b');
        } else {
          nodes.push({ id: `sq${i}`, op: 'Square', params: {} });
          nodes.push({ id: fan, op: 'Add', params: {} });
          link(last, `sq${i}`, 'in');
          link(last, fan, 'a');
          link(`sq${i}`, fan, 'b');
        }
        last = fan;
      }
    }
    width = units;
  }
  const lossOp = pick(['L2Error', 'MSE', 'BinaryCrossEntropy', 'CategoricalCrossEntropy'] as const);
  if (lossOp === 'BinaryCrossEntropy' || lossOp === 'CategoricalCrossEntropy') {
    nodes.push({ id: 'head', op: lossOp === 'BinaryCrossEntropy' ? 'Sigmoid' : 'Softmax', params: {} });
    link(last, 'head', 'in');
    last = 'head';
  }
  const encoding = lossOp === 'CategoricalCrossEntropy' ? 'onehot' : 'value';
  nodes.push({ id: 't', op: 'Target', params: { shape: [width], encoding } });
  nodes.push({ id: 'E', op: lossOp, params: {} });
  link(last, 'E', 'prediction');
  link('t', 'E', 'target');
  if (layers.length && rng() < 0.5)
    nodes.push({
      id: 'reg',
      op: pick(['L2Penalty', 'L1Penalty'] as const),
      params: { lambda: 0.05, layer: pick(layers) },
    });
  return {
    schemaVersion: 1,
    name: `random ${index}`,
    layout: { nodes: {} },
    nodes,
    edges,
    training: {
      dataset: { kind: 'inline', features: [[0]], labels: [[0]] },
      optimizer: { type: 'sgd', learningRate: 1 },
      batchSize: 1,
      epochs: 1,
      seed: index,
      testSplit: 0,
      shuffle: false,
      lossWeights: {},
    },
  };
}

describe('step mode on generated graphs matches float64 arithmetic', () => {
  it('60 random graphs, random batches and learning rates', async () => {
    const rng = uniform(2026, 'random-graphs');
    for (let i = 0; i < 60; i++) {
      const doc = randomGraph(rng, i);
      const { graph, diagnostics } = checkGraph(doc);
      if (!graph) return expect.fail(`generated graph ${i} is invalid: ${JSON.stringify(diagnostics)}`);
      const lr = 0.5 + rng() * 4;
      await walkFeeds(graph, randomFeeds(graph, 1 + Math.floor(rng() * 4), rng), lr, i);
    }
  });
});

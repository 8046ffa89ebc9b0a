/**
 * Shared by the Keras and TensorFlow.js export/import tests: graphs made of layers (the examples
 * of `graphs/` and a few generated ones covering every layer the formats carry), random inputs
 * for them, and our compiled graph's predictions to compare other runtimes with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { compile } from '../../src/compile/program';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc, GraphEdge, GraphNode } from '../../src/graph/types';
import { DEFAULT_TRAINING } from '../../src/graph/types';
import type { ShapedGraph } from '../../src/shapes/infer';
import { concreteShape } from '../../src/shapes/shape';
import { tf } from '../helpers/tf';

/** The example graphs of `graphs/`, parsed. */
export function exampleDocs(): [string, GraphDoc][] {
  return readdirSync('graphs')
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, parseGraphText(readFileSync(`graphs/${f}`, 'utf8')).doc!]);
}

/** A graph from a chain of layers (each feeding the next), with a Target and a loss. */
function chain(
  name: string,
  input: number[],
  layers: Omit<GraphNode, 'id'>[],
  loss: GraphNode,
  target: number[],
  extra: GraphNode[] = [],
): GraphDoc {
  const nodes: GraphNode[] = [{ id: 'x', op: 'Input', params: { shape: input } }];
  const edges: GraphEdge[] = [];
  layers.forEach((l, i) => {
    const id = `l${i}`;
    edges.push({ source: nodes[nodes.length - 1].id, sourcePort: 'out', target: id, targetPort: 'in' });
    nodes.push({ id, ...l });
  });
  const last = nodes[nodes.length - 1].id;
  nodes.push({ id: 't', op: 'Target', params: { shape: target, encoding: 'value' } }, loss, ...extra);
  edges.push(
    { source: last, sourcePort: 'out', target: loss.id, targetPort: 'prediction' },
    { source: 't', sourcePort: 'out', target: loss.id, targetPort: 'target' },
  );
  return { schemaVersion: 1, name, nodes, edges, layout: { nodes: {} }, training: DEFAULT_TRAINING };
}

const mse = { id: 'loss', op: 'MSE', params: {} };

/** Graphs covering every layer the Keras formats carry, beyond what the examples use. */
export function generatedDocs(seed = 7): [string, GraphDoc][] {
  const cnn = chain(
    'cnn',
    [64],
    [
      { op: 'Reshape', params: { shape: [8, 8, 1] } },
      { op: 'Conv2D', params: { filters: 3, kernelSize: [3], padding: 'same', activation: 'relu' } },
      { op: 'BatchNormalization', params: { momentum: 0.9, epsilon: 0.01 } },
      { op: 'MaxPool2D', params: { poolSize: [2] } },
      {
        op: 'Conv2D',
        params: { filters: 4, kernelSize: [2, 3], strides: [1, 2], activation: 'elu', useBias: false },
      },
      { op: 'AvgPool2D', params: { poolSize: [2], strides: [1], padding: 'same' } },
      { op: 'Flatten', params: {} },
      { op: 'Dropout', params: { rate: 0.3 } },
      { op: 'Dense', params: { units: 5, activation: 'softmax' } },
    ],
    { id: 'loss', op: 'CategoricalCrossEntropy', params: {} },
    [5],
  );
  const text = chain(
    'embedding',
    [6],
    [
      { op: 'Embedding', params: { inputDim: 10, outputDim: 4 } },
      { op: 'Flatten', params: {} },
      { op: 'Dense', params: { units: 3, activation: 'swish' } },
      { op: 'Sigmoid', params: {} },
    ],
    { id: 'loss', op: 'BinaryCrossEntropy', params: {} },
    [3],
    [{ id: 'reg', op: 'L1Penalty', params: { lambda: 0.001, layer: 'l0' } }],
  );
  const merge: GraphDoc = {
    ...chain('merge', [4], [{ op: 'Dense', params: { units: 6, activation: 'tanh' } }], mse, [9]),
  };
  merge.nodes = merge.nodes.filter((n) => n.id !== 't' && n.id !== 'loss');
  merge.edges = [{ source: 'x', sourcePort: 'out', target: 'l0', targetPort: 'in' }];
  const add = (id: string, op: string, params: GraphNode['params'], ins: [string, string][]) => {
    merge.nodes.push({ id, op, params });
    for (const [source, port] of ins)
      merge.edges.push({ source, sourcePort: 'out', target: id, targetPort: port });
  };
  add('b', 'Dense', { units: 6, activation: 'sigmoid' }, [['x', 'in']]);
  add('sum', 'Add', {}, [
    ['l0', 'a'],
    ['b', 'b'],
  ]);
  add('prod', 'Multiply', {}, [
    ['sum', 'a'],
    ['b', 'b'],
  ]);
  add('leaky', 'LeakyReLU', { alpha: 0.1 }, [['prod', 'in']]);
  add('elu', 'ELU', { alpha: 1 }, [['sum', 'in']]);
  add('cat', 'Concat', { axis: -1 }, [
    ['leaky', 'inputs'],
    ['elu', 'inputs'],
  ]);
  add('out', 'Dense', { units: 9, activation: 'linear', kernelInit: 'heNormal' }, [['cat', 'in']]);
  add('relu', 'ReLU', {}, [['out', 'in']]);
  add('t', 'Target', { shape: [9] }, []);
  add('loss', 'MSE', {}, [
    ['relu', 'prediction'],
    ['t', 'target'],
  ]);
  const rng = seedrandom(String(seed));
  const acts = ['relu', 'tanh', 'sigmoid', 'elu', 'swish', 'linear'];
  const mlps = [0, 1].map((k) => {
    const depth = 1 + Math.floor(rng() * 3);
    const layers = Array.from({ length: depth }, () => ({
      op: 'Dense',
      params: { units: 1 + Math.floor(rng() * 7), activation: acts[Math.floor(rng() * acts.length)] },
    }));
    layers.push({ op: 'Dense', params: { units: 2, activation: 'linear' } });
    return chain(`random-mlp-${k}`, [1 + Math.floor(rng() * 5)], layers, mse, [2]);
  });
  return [
    ['cnn', cnn],
    ['embedding', text],
    ['merge', merge],
    ...mlps.map((d) => [d.name!, d] as [string, GraphDoc]),
  ];
}

/** The checked graph (failing loudly when a fixture is broken). */
export function shaped(doc: GraphDoc): ShapedGraph {
  const checked = checkGraph(doc);
  if (!checked.graph) throw new Error(`${doc.name}: ${checked.diagnostics.map((d) => d.message).join('; ')}`);
  return checked.graph;
}

/** Random features for a graph's Input: integer ids in range for an Embedding, else N(0, 1). */
export function randomFeatures(graph: ShapedGraph, batch: number, seed = 1): tf.Tensor {
  const input = graph.order.find((id) => graph.nodes.get(id)!.spec.role === 'input')!;
  const shape = concreteShape(graph.shapes.get(input)!, batch);
  const ids = graph.nodes
    .get(input)!
    .consumers.map((c) => graph.nodes.get(c)!.spec.idInput)
    .find(Boolean);
  const rng = seedrandom(String(seed));
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () =>
    ids ? Math.floor(rng() * 10) : (rng() + rng() + rng() - 1.5) * 2,
  );
  return tf.tensor(values, shape);
}

/** The output of node `output` of our compiled graph (inference mode) for features `x`. */
export function ourPrediction(
  graph: ShapedGraph,
  weights: GraphDoc['weights'],
  x: tf.Tensor,
  output: string,
): Float32Array {
  const program = compile(graph, { weights: weights ?? {} });
  try {
    return tf.tidy(() => {
      const labels: Record<string, tf.Tensor> = {};
      for (const id of graph.order)
        if (graph.nodes.get(id)!.spec.role === 'target')
          labels[id] = tf.zeros(concreteShape(graph.shapes.get(id)!, x.shape[0]));
      const { outputs } = program.forward(
        { features: x, labels },
        { training: false, seed: 1, keepOutputs: false },
      );
      return outputs.get(output)!.dataSync() as Float32Array;
    });
  } finally {
    program.dispose();
  }
}

/** Largest |a − b| over two arrays of the same length (Infinity when the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * Weights with seeded noise added, so zero biases, unit γ and the batch-norm statistics all
 * differ from their initial values (a swapped or dropped weight then shows in the predictions).
 * Variances stay positive.
 */
export function perturbed(
  weights: NonNullable<GraphDoc['weights']>,
  seed = 11,
): NonNullable<GraphDoc['weights']> {
  const rng = seedrandom(String(seed));
  const out: NonNullable<GraphDoc['weights']> = {};
  for (const [id, named] of Object.entries(weights)) {
    out[id] = {};
    for (const [name, w] of Object.entries(named)) {
      const noisy = w.values.map((v) => v + (rng() - 0.5) * 0.5);
      out[id][name] = {
        shape: w.shape,
        values: name === 'movingVariance' ? noisy.map((v) => Math.abs(v) + 0.1) : noisy,
      };
    }
  }
  return out;
}

/** A graph Keras 3 carries but TensorFlow.js Layers cannot: a fused leaky ReLU and an ELU with α ≠ 1. */
export function kerasOnlyDoc(): GraphDoc {
  return chain(
    'keras-only',
    [3],
    [
      { op: 'Dense', params: { units: 4, activation: 'leakyRelu' } },
      { op: 'ELU', params: { alpha: 0.6 } },
      { op: 'Dense', params: { units: 2, activation: 'linear' } },
    ],
    mse,
    [2],
  );
}

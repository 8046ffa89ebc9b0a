/**
 * Shared by the ONNX tests: our compiled graph's predictions, ONNX Runtime's (onnxruntime-web,
 * wasm backend, in Node) on the same inputs, random inputs that fit a graph, and the initial
 * weights a fresh run starts from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import seedrandom from 'seedrandom';
import { compile } from '../../src/compile/program';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { hasRole } from '../../src/ops/registry';
import type { ShapedGraph } from '../../src/shapes/infer';
import { concreteShape } from '../../src/shapes/shape';
import { tf } from '../helpers/tf';

ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));

/** A graph file read and checked (no data set loaded: the predictions need none). */
export function loadGraph(path: string): { doc: GraphDoc; graph: ShapedGraph } {
  const { doc } = parseGraphText(readFileSync(path, 'utf8'));
  if (!doc) throw new Error(`${path} is not a graph file`);
  const { graph, diagnostics } = checkGraph(doc);
  if (!graph) throw new Error(`${path}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return { doc, graph };
}

/** The weights a fresh run of the graph starts from (what the CLI passes as `initialWeights`). */
export async function initialWeights(graph: ShapedGraph): Promise<NonNullable<GraphDoc['weights']>> {
  const program = compile(graph, { weights: {} });
  try {
    return await program.exportWeights();
  } finally {
    program.dispose();
  }
}

/** A batch of features for the graph's Input nodes: ids where a lookup reads them, else N(0, 1). */
export function randomFeatures(graph: ShapedGraph, batch: number, seed: number): tf.Tensor {
  const rng = seedrandom(String(seed));
  const input = graph.order.find((id) => hasRole(graph.nodes.get(id)!.spec, 'input'))!;
  const shape = concreteShape(graph.shapes.get(input)!, batch);
  let ids: number | null = null;
  for (const consumer of graph.nodes.get(input)!.consumers) {
    const r = graph.nodes.get(consumer)!;
    if (r.spec.idInput && r.inputs[r.spec.idInput.port]?.includes(input))
      ids = Math.min(ids ?? Infinity, r.params.int(r.spec.idInput.countParam));
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => {
    if (ids !== null) return Math.floor(rng() * ids);
    // Box–Muller: normal values exercise negative inputs (ReLU, ELU, max pooling of negatives).
    return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  });
  return tf.tensor(values, shape);
}

/** Our inference predictions of nodes `outputs` for `features`, with weights `weights`. */
export async function ourPredictions(
  graph: ShapedGraph,
  weights: GraphDoc['weights'],
  features: tf.Tensor,
  outputs: string[],
): Promise<Float32Array[]> {
  const program = compile(graph, { weights });
  const batch = features.shape[0];
  try {
    const tensors = tf.tidy(() => {
      const labels: Record<string, tf.Tensor> = {};
      for (const id of graph.order)
        if (hasRole(graph.nodes.get(id)!.spec, 'target'))
          labels[id] = tf.zeros(concreteShape(graph.shapes.get(id)!, batch));
      const { outputs: all } = program.forward(
        { features, labels },
        { training: false, seed: 1, keepOutputs: true },
      );
      return outputs.map((id) => all.get(id)!.clone());
    });
    const data = await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
    tensors.forEach((t) => t.dispose());
    return data;
  } finally {
    program.dispose();
  }
}

/** ONNX Runtime's outputs of the model for `features` on its single input. */
export async function ortPredictions(
  bytes: Uint8Array,
  features: tf.Tensor,
): Promise<{ names: string[]; values: Float32Array[] }> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const data = (await features.data()) as Float32Array;
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, features.shape) };
    const result = await session.run(feeds);
    return {
      names: [...session.outputNames],
      values: session.outputNames.map((n) => result[n].data as Float32Array),
    };
  } finally {
    await session.release();
  }
}

/** Largest absolute difference between two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Weights off their initial values: every weight (moving variances kept positive) shifted. */
export function perturbed(weights: NonNullable<GraphDoc['weights']>): NonNullable<GraphDoc['weights']> {
  const out = structuredClone(weights);
  for (const node of Object.values(out))
    for (const [name, w] of Object.entries(node))
      w.values = w.values.map((v, i) => {
        const shifted = v + 0.3 * Math.sin(3 * i + 1);
        return name === 'movingVariance' ? Math.abs(shifted) + 0.1 : shifted;
      });
  return out;
}

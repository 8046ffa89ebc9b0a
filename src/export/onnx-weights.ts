/**
 * The weight values an export writes: the file's stored (trained) weights, else the values a fresh
 * run starts from. Fixed initializers (zeros, ones, constants, explicit values) are computed here;
 * random ones come from the caller's `initialWeights`, or else from the compiler itself (TensorFlow.js's
 * seeded generators), loaded on demand so this module stays free of TensorFlow.js.
 */
import { ownValue } from '../graph/own';
import type { GraphDoc, WeightTensor } from '../graph/types';
import type { InitSpec } from '../ops/spec';
import type { ShapedGraph } from '../shapes/infer';
import type { ExportOptions } from './types';

/** Weights by node id, then by weight name. */
export type NodeWeights = Map<string, Record<string, WeightTensor>>;

/** Values of an initializer that involves no randomness, or null. */
function fixedValues(init: InitSpec, size: number): number[] | null {
  switch (init.kind) {
    case 'zeros':
      return new Array<number>(size).fill(0);
    case 'ones':
      return new Array<number>(size).fill(1);
    case 'constant':
      return new Array<number>(size).fill(init.value);
    case 'values':
      return init.values;
    default:
      return null;
  }
}

const stored = (graph: ShapedGraph, options: ExportOptions, id: string, name: string) =>
  options.noWeights ? undefined : ownValue(ownValue(graph.doc.weights, id), name);

/** Nodes among `ids` with a weight that is neither stored nor fixed (needs `initialWeights`). */
function randomlyInitialised(graph: ShapedGraph, ids: string[], options: ExportOptions): string[] {
  return ids.filter((id) =>
    (graph.weights.get(id) ?? []).some((d) => !stored(graph, options, id, d.name) && !fixedValues(d.init, 1)),
  );
}

/** Whether any weight of `ids` comes from an initializer rather than the file. */
export function usesInitialWeights(graph: ShapedGraph, ids: string[], options: ExportOptions): boolean {
  return ids.some((id) => (graph.weights.get(id) ?? []).some((d) => !stored(graph, options, id, d.name)));
}

/** The initial weights of the graph's seed, as the app's compiler makes them. */
async function compiledWeights(graph: ShapedGraph): Promise<NonNullable<GraphDoc['weights']>> {
  const [{ compile }, tf] = await Promise.all([import('../compile/program'), import('@tensorflow/tfjs')]);
  // Initial values are drawn from seeded generators, the same on every backend; the CLI's export
  // starts none, so wait for the default one.
  await tf.ready();
  const program = compile(graph, { weights: {} });
  try {
    return await program.exportWeights();
  } finally {
    program.dispose();
  }
}

/** Every weight of the nodes `ids`: stored, fixed, or from `options.initialWeights`. */
export async function resolveWeights(
  graph: ShapedGraph,
  ids: string[],
  options: ExportOptions,
): Promise<NodeWeights> {
  const random = randomlyInitialised(graph, ids, options);
  const initial = random.length ? await (options.initialWeights ?? compiledWeights)(graph) : {};
  const out: NodeWeights = new Map();
  for (const id of ids) {
    const record: Record<string, WeightTensor> = {};
    for (const d of graph.weights.get(id) ?? []) {
      const size = d.shape.reduce((a, b) => a * b, 1);
      const w =
        stored(graph, options, id, d.name) ??
        (fixedValues(d.init, size) ? { shape: d.shape, values: fixedValues(d.init, size)! } : undefined) ??
        ownValue(ownValue(initial, id), d.name);
      if (!w) throw new Error(`no values for weight "${d.name}" of node "${id}"`);
      record[d.name] = w;
    }
    out.set(id, record);
  }
  return out;
}

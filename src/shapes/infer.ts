/**
 * ValidGraph → ShapedGraph: every node's output shape and weight declarations, from its op spec's
 * shape rule, in topological order. Problems become diagnostics; nothing here throws on bad input.
 */
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { ValidGraph } from '../graph/validate';
import { penalisedLayer, penalisedWeight } from '../ops/penalties';
import type { OpSpec, ShapeInput, WeightDecl } from '../ops/spec';
import { formatShape, MAX_TENSOR_ELEMENTS, ShapeError, sizeWithoutBatch } from './shape';
import type { Shape } from './shape';

/** A valid graph where every node has an output shape and its weights are declared. */
export interface ShapedGraph extends ValidGraph {
  shapes: Map<string, Shape>;
  weights: Map<string, WeightDecl[]>;
}

/**
 * Infers every node's output shape and weight declarations. Nodes whose shape cannot be inferred
 * (a shape error, or an upstream failure) are left out of `shapes`; each problem is reported once
 * in `diags`, so the graph is usable exactly when no error was added.
 */
export function inferShapes(graph: ValidGraph, diags: Diagnostic[]): ShapedGraph {
  const shapes = new Map<string, Shape>();
  const weights = new Map<string, WeightDecl[]>();
  const failed = new Set<string>();
  const shapeNode = (id: string, extra: Record<string, ShapeInput[]> = {}) => {
    const r = graph.nodes.get(id)!;
    // An unconnected required port is already an `unconnected-port` error; a shape error on top
    // would say the same thing twice.
    if (r.spec.inputs.some((p) => !p.optional && r.inputs[p.name].length === 0 && !extra[p.name])) {
      failed.add(id);
      return;
    }
    const inputs: Record<string, ShapeInput[]> = { ...extra };
    for (const [port, sources] of Object.entries(r.inputs)) {
      if (sources.length === 0) continue;
      if (sources.some((s) => !shapes.has(s))) {
        failed.add(id); // upstream already reported; do not cascade
        return;
      }
      inputs[port] = sources.map((s) => ({ shape: shapes.get(s)!, from: s }));
    }
    const ctx = { inputs, params: r.params, nodeId: id };
    try {
      const shape = r.spec.shape(ctx);
      shapes.set(id, shape);
      if (r.spec.weights) weights.set(id, r.spec.weights(ctx));
      checkTensorSizes(r.spec, id, shape, weights.get(id) ?? [], diags);
    } catch (err) {
      failed.add(id);
      if (err instanceof ShapeError)
        diags.push(
          diagnostic('shape-mismatch', `${r.spec.op} node "${id}": ${err.message}`, {
            nodeId: id,
            ...(err.port ? { field: err.port } : {}),
          }),
        );
      else throw err;
    }
  };
  // Penalties that name a layer read that layer's weight, so they wait until every layer is shaped
  // (the named layer may come later in the order: the reference is not an edge).
  const deferred: string[] = [];
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    if (penalisedLayer(r.spec, r.params)) deferred.push(id);
    else shapeNode(id);
  }
  for (const id of deferred) {
    const weight = referencedWeight(graph, id, weights, failed, diags);
    if (weight) shapeNode(id, { [weight.port]: [{ shape: weight.shape, from: weight.layer }] });
    else failed.add(id);
  }
  return { ...graph, shapes, weights };
}

/** The weight a penalty node names through its layer param, or null after reporting why not. */
function referencedWeight(
  graph: ValidGraph,
  id: string,
  weights: Map<string, WeightDecl[]>,
  failed: Set<string>,
  diags: Diagnostic[],
): { port: string; layer: string; shape: Shape } | null {
  const r = graph.nodes.get(id)!;
  const { layerParam, port } = r.spec.penalty!;
  const layer = penalisedLayer(r.spec, r.params)!;
  const target = graph.nodes.get(layer);
  const where = { nodeId: id, field: layerParam };
  if (r.inputs[port]?.length) {
    diags.push(
      diagnostic(
        'bad-reference',
        `node "${id}" both has a "${port}" edge and names layer "${layer}"; keep one`,
        where,
      ),
    );
    return null;
  }
  if (!target) {
    diags.push(
      diagnostic(
        'bad-reference',
        `param "${layerParam}" names "${layer}", which is not a node in this graph`,
        where,
      ),
    );
    return null;
  }
  const weight = penalisedWeight(target.spec, weights.get(layer));
  if (!weight) {
    if (!failed.has(layer))
      diags.push(
        diagnostic(
          'bad-reference',
          `param "${layerParam}" names "${layer}" (${target.spec.op}), which has no weights to penalise`,
          where,
        ),
      );
    return null;
  }
  return { port, layer, shape: weight.shape };
}

/** The param that sizes a node's tensors (`units`, `shape`): its first integer face param, if any. */
export function sizeParam(spec: OpSpec): string | undefined {
  const sized = (p: OpSpec['params'][number]) => p.kind === 'int' || p.kind === 'ints';
  return (spec.params.find((p) => p.face && sized(p)) ?? spec.params.find(sized))?.name;
}

/**
 * Reports a weight, or one example of the output, with more elements than one tensor can hold: such
 * a graph would validate and then fail at allocation with an error that names no node.
 */
function checkTensorSizes(
  spec: OpSpec,
  nodeId: string,
  shape: Shape,
  weights: readonly WeightDecl[],
  diags: Diagnostic[],
): void {
  const tensors = [
    ...weights.map((w) => ({ what: `weight "${w.name}"`, shape: w.shape as Shape })),
    { what: shape.includes('N') ? 'one example of its output' : 'its output', shape },
  ];
  const big = tensors.find((t) => sizeWithoutBatch(t.shape) > MAX_TENSOR_ELEMENTS);
  if (!big) return;
  const field = sizeParam(spec);
  const message = `${spec.op} node "${nodeId}": ${big.what} ${formatShape(big.shape)} has ${sizeWithoutBatch(big.shape).toLocaleString('en-US')} values, more than the ${MAX_TENSOR_ELEMENTS.toLocaleString('en-US')} one tensor can hold${field ? `; lower ${field}` : ''}`;
  diags.push(
    field
      ? diagnostic('bad-param', message, { nodeId, field })
      : diagnostic('shape-mismatch', message, { nodeId }),
  );
}

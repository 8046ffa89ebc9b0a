/**
 * GraphDoc → ShapedGraph + diagnostics. Every check reports instead of throwing, and every
 * algorithm here is iterative so a hostile file (deep chains, huge fan-in) cannot blow the stack.
 */
import { getOp, isObjectiveOp, opNames } from '../ops/registry';
import { resolveParams } from '../ops/params';
import type { OpSpec, Params, ShapeInput, WeightDecl } from '../ops/spec';
import { OUT } from '../ops/spec';
import { formatShape, ShapeError } from '../shapes/shape';
import type { Shape } from '../shapes/shape';
import { diagnostic, hasErrors } from './diagnostics';
import type { Diagnostic } from './diagnostics';
import { edgeId } from './types';
import type { GraphDoc, GraphNode } from './types';

/** A node with its spec, resolved params and incoming edges. */
export interface ResolvedNode {
  node: GraphNode;
  spec: OpSpec;
  params: Params;
  /** Source node ids by input port, in edge order. */
  inputs: Record<string, string[]>;
  /** Ids of nodes consuming this node's output. */
  consumers: string[];
}

/** A graph whose structure is sound: known ops, valid params, edges to real ports, no cycles. */
export interface ValidGraph {
  doc: GraphDoc;
  nodes: Map<string, ResolvedNode>;
  /** Node ids in a topological order (every node after its inputs). */
  order: string[];
  /** Loss and penalty nodes, whose weighted sum is the objective. */
  objectives: string[];
}

/** A valid graph where every node has an output shape and its weights are declared. */
export interface ShapedGraph extends ValidGraph {
  shapes: Map<string, Shape>;
  weights: Map<string, WeightDecl[]>;
}

/** Result of checking a graph. `graph` is null when any error was found. */
export interface CheckResult {
  graph: ShapedGraph | null;
  diagnostics: Diagnostic[];
  /** Output shape of every node whose shape could be inferred, even when others failed. */
  shapes: Map<string, Shape>;
}

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(
        dp[j] + 1,
        dp[j - 1] + 1,
        prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return dp[b.length];
}

function suggestOp(name: string): string {
  const names = opNames();
  const best = names.map((n) => ({ n, d: distance(name.slice(0, 64), n) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? `did you mean "${best.n}"?` : `known ops: ${names.join(', ')}`;
}

/** Kahn's algorithm; returns the order and the nodes left on cycles. */
function topoSort(ids: string[], consumers: Map<string, string[]>, indegree: Map<string, number>) {
  const order: string[] = [];
  const queue = ids.filter((id) => (indegree.get(id) ?? 0) === 0);
  const remaining = new Map(indegree);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    order.push(id);
    for (const c of consumers.get(id) ?? []) {
      const left = (remaining.get(c) ?? 0) - 1;
      remaining.set(c, left);
      if (left === 0) queue.push(c);
    }
  }
  // Nodes left over are on a cycle or downstream of one. Peel off the downstream ones with a
  // reverse Kahn pass over the left-over subgraph (linear time), so only loops are reported.
  const placed = new Set(order);
  const left = new Set(ids.filter((id) => !placed.has(id)));
  const outdegree = new Map<string, number>();
  const producers = new Map<string, string[]>();
  for (const id of left) {
    let n = 0;
    for (const c of consumers.get(id) ?? []) {
      if (!left.has(c)) continue;
      n++;
      const list = producers.get(c);
      if (list) list.push(id);
      else producers.set(c, [id]);
    }
    outdegree.set(id, n);
  }
  const sinks = [...left].filter((id) => outdegree.get(id) === 0);
  for (let head = 0; head < sinks.length; head++) {
    const id = sinks[head];
    left.delete(id);
    for (const p of producers.get(id) ?? []) {
      const n = outdegree.get(p)! - 1;
      outdegree.set(p, n);
      if (n === 0) sinks.push(p);
    }
  }
  return { order, cyclic: [...left] };
}

/** Checks structure: ops, params, edges, ports, cycles, losses. */
function checkStructure(doc: GraphDoc, diags: Diagnostic[]): ValidGraph | null {
  const nodes = new Map<string, ResolvedNode>();
  doc.nodes.forEach((node, index) => {
    if (nodes.has(node.id)) {
      diags.push(
        diagnostic('duplicate-id', `another node already has id "${node.id}"; give each node its own id`, {
          nodeId: node.id,
          path: `nodes[${index}].id`,
        }),
      );
      return;
    }
    const spec = getOp(node.op);
    if (!spec) {
      diags.push(
        diagnostic('unknown-op', `unknown op "${node.op.slice(0, 64)}"; ${suggestOp(node.op)}`, {
          nodeId: node.id,
          field: 'op',
          path: `nodes[${index}].op`,
        }),
      );
      return;
    }
    const { params, problems } = resolveParams(spec, node.params);
    for (const p of problems)
      diags.push(
        diagnostic('bad-param', p.message, {
          nodeId: node.id,
          field: p.field,
          path: `nodes[${index}].params.${p.field}`,
        }),
      );
    const inputs: Record<string, string[]> = {};
    for (const port of spec.inputs) inputs[port.name] = [];
    nodes.set(node.id, { node, spec, params, inputs, consumers: [] });
  });
  const knownIds = new Set(doc.nodes.map((n) => n.id));

  const indegree = new Map<string, number>([...nodes.keys()].map((id) => [id, 0]));
  const consumers = new Map<string, string[]>();
  doc.edges.forEach((edge, index) => {
    const id = edgeId(edge);
    const where = { edgeId: id, path: `edges[${index}]` };
    for (const [end, nodeId] of [
      ['source', edge.source],
      ['target', edge.target],
    ] as const) {
      if (!knownIds.has(nodeId))
        diags.push(
          diagnostic(
            'dangling-edge',
            `edge ${end} "${nodeId}" is not a node in this graph; reconnect or delete the edge`,
            where,
          ),
        );
    }
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) return;
    if (edge.sourcePort !== OUT) {
      diags.push(
        diagnostic(
          'unknown-port',
          `node "${edge.source}" has no output port "${edge.sourcePort}"; its output is "out"`,
          {
            ...where,
            nodeId: edge.source,
          },
        ),
      );
      return;
    }
    const port = target.spec.inputs.find((p) => p.name === edge.targetPort);
    if (!port) {
      const ports = target.spec.inputs.map((p) => `"${p.name}"`).join(', ') || 'none';
      diags.push(
        diagnostic(
          'unknown-port',
          `${target.spec.op} node "${edge.target}" has no input port "${edge.targetPort}" (ports: ${ports})`,
          {
            ...where,
            nodeId: edge.target,
          },
        ),
      );
      return;
    }
    const taken = target.inputs[port.name];
    if (taken.length > 0 && !port.variadic) {
      diags.push(
        diagnostic(
          'port-taken',
          `input "${port.name}" of node "${edge.target}" already comes from "${taken[0]}"; a second edge from "${edge.source}" is not allowed`,
          { ...where, nodeId: edge.target, field: port.name },
        ),
      );
      return;
    }
    if (edge.source === edge.target) {
      diags.push(
        diagnostic('cycle', `node "${edge.source}" feeds itself; remove the edge`, {
          ...where,
          nodeId: edge.source,
        }),
      );
      return;
    }
    taken.push(edge.source);
    source.consumers.push(edge.target);
    const list = consumers.get(edge.source);
    if (list) list.push(edge.target);
    else consumers.set(edge.source, [edge.target]);
    indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  });

  for (const [id, r] of nodes) {
    for (const port of r.spec.inputs) {
      if (!port.optional && r.inputs[port.name].length === 0)
        diags.push(
          diagnostic(
            'unconnected-port',
            `input "${port.name}" of ${r.spec.op} node "${id}" is not connected (${port.doc})`,
            {
              nodeId: id,
              field: port.name,
            },
          ),
        );
    }
  }

  const ids = [...nodes.keys()];
  const { order, cyclic } = topoSort(ids, consumers, indegree);
  if (cyclic.length > 0) {
    const list = cyclic
      .slice(0, 8)
      .map((id) => `"${id}"`)
      .join(', ');
    for (const id of cyclic.slice(0, 20))
      diags.push(
        diagnostic(
          'cycle',
          `node "${id}" is on a cycle (${list}${cyclic.length > 8 ? ', …' : ''}); a computation graph must flow one way, remove one edge of the loop`,
          {
            nodeId: id,
          },
        ),
      );
  }

  const objectives = order.filter((id) => isObjectiveOp(nodes.get(id)!.spec));
  if (!ids.some((id) => nodes.get(id)!.spec.category === 'loss'))
    diags.push(
      diagnostic(
        'missing-loss',
        'the graph has no loss node; add one (e.g. L2Error or CategoricalCrossEntropy) and connect the prediction and the target',
      ),
    );
  if (!ids.some((id) => nodes.get(id)!.spec.role === 'input'))
    diags.push(diagnostic('no-input', 'the graph has no Input node, so it ignores the data set'));

  for (const key of Object.keys(doc.training.lossWeights)) {
    const r = nodes.get(key);
    if (!r || !isObjectiveOp(r.spec))
      diags.push(
        diagnostic(
          'bad-training',
          `training.lossWeights names "${key}", which is not a loss or penalty node`,
          {
            path: `training.lossWeights.${key}`,
            field: 'training.lossWeights',
          },
        ),
      );
  }
  for (const id of Object.keys(doc.layout.nodes))
    if (!knownIds.has(id))
      diags.push(
        diagnostic('layout-unknown-node', `layout places "${id}", which is not a node; it is ignored`, {
          path: `layout.nodes.${id}`,
        }),
      );

  if (cyclic.length > 0) return null;
  return { doc, nodes, order, objectives };
}

/** Marks nodes with no path to any objective (they compute nothing the loss uses). */
function checkReachability(graph: ValidGraph, diags: Diagnostic[]): void {
  const useful = new Set<string>();
  const stack = [...graph.objectives];
  for (const r of graph.nodes.values()) {
    const layer = r.spec.category === 'regularizer' ? r.params.optionalStr('layer') : null;
    if (layer) stack.push(layer);
  }
  while (stack.length) {
    const id = stack.pop()!;
    if (useful.has(id)) continue;
    useful.add(id);
    const r = graph.nodes.get(id);
    if (r) for (const sources of Object.values(r.inputs)) for (const s of sources) stack.push(s);
  }
  for (const id of graph.order)
    if (!useful.has(id))
      diags.push(
        diagnostic(
          'unreachable',
          `node "${id}" does not feed any loss, so it is computed but never trained; connect it or delete it`,
          { nodeId: id },
        ),
      );
}

/** Infers every node's output shape and weight declarations, in topological order. */
export function inferShapes(
  graph: ValidGraph,
  diags: Diagnostic[],
): { shapes: Map<string, Shape>; weights: Map<string, WeightDecl[]> } {
  const shapes = new Map<string, Shape>();
  const weights = new Map<string, WeightDecl[]>();
  const failed = new Set<string>();
  // Penalties that name a layer read that layer's kernel, so they wait until the layer is shaped.
  const deferred: string[] = [];
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
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    if (r.spec.category === 'regularizer' && r.params.optionalStr('layer')) deferred.push(id);
    else shapeNode(id);
  }
  for (const id of deferred) {
    const r = graph.nodes.get(id)!;
    const layer = r.params.optionalStr('layer')!;
    const target = graph.nodes.get(layer);
    const kernel = weights
      .get(layer)
      ?.find((w) => w.trainable && (w.name === 'kernel' || w.name === 'value' || w.name === 'embeddings'));
    if (r.inputs.weights?.length) {
      diags.push(
        diagnostic(
          'bad-reference',
          `node "${id}" both has a "weights" edge and names layer "${layer}"; keep one`,
          { nodeId: id, field: 'layer' },
        ),
      );
      failed.add(id);
    } else if (!target) {
      diags.push(
        diagnostic('bad-reference', `param "layer" names "${layer}", which is not a node in this graph`, {
          nodeId: id,
          field: 'layer',
        }),
      );
      failed.add(id);
    } else if (!kernel) {
      if (!failed.has(layer))
        diags.push(
          diagnostic(
            'bad-reference',
            `param "layer" names "${layer}" (${target.spec.op}), which has no weights to penalise`,
            { nodeId: id, field: 'layer' },
          ),
        );
      failed.add(id);
    } else shapeNode(id, { weights: [{ shape: kernel.shape, from: layer }] });
  }
  return { shapes, weights };
}

/** Checks stored weights against the declarations. */
function checkStoredWeights(graph: ShapedGraph, diags: Diagnostic[]): void {
  for (const [nodeId, byName] of Object.entries(graph.doc.weights ?? {})) {
    const decls = graph.weights.get(nodeId);
    if (!decls) {
      diags.push(
        diagnostic('bad-weights', `stored weights for "${nodeId}", which has no weights; they are ignored`, {
          path: `weights.${nodeId}`,
        }),
      );
      continue;
    }
    for (const [name, tensor] of Object.entries(byName)) {
      const decl = decls.find((d) => d.name === name);
      const path = `weights.${nodeId}.${name}`;
      if (!decl) {
        diags.push(
          diagnostic(
            'bad-weights',
            `node "${nodeId}" has no weight "${name}" (weights: ${decls.map((d) => d.name).join(', ')})`,
            { nodeId, path },
          ),
        );
        continue;
      }
      const size = tensor.shape.reduce((a, b) => a * b, 1);
      if (tensor.shape.length !== decl.shape.length || tensor.shape.some((d, i) => d !== decl.shape[i]))
        diags.push(
          diagnostic(
            'bad-weights',
            `stored "${name}" of node "${nodeId}" has shape ${formatShape(tensor.shape)}, the graph needs ${formatShape(decl.shape)}; retrain or remove the stored weights`,
            { nodeId, path },
          ),
        );
      else if (tensor.values.length !== size)
        diags.push(
          diagnostic(
            'bad-weights',
            `stored "${name}" of node "${nodeId}" has ${tensor.values.length} values, its shape holds ${size}`,
            { nodeId, path },
          ),
        );
    }
  }
}

/** Validates a graph and infers its shapes. Never throws on bad input. */
export function checkGraph(doc: GraphDoc): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const valid = checkStructure(doc, diagnostics);
  if (!valid) return { graph: null, diagnostics, shapes: new Map() };
  const { shapes, weights } = inferShapes(valid, diagnostics);
  checkReachability(valid, diagnostics);
  const shaped: ShapedGraph = { ...valid, shapes, weights };
  checkStoredWeights(shaped, diagnostics);
  return { graph: hasErrors(diagnostics) ? null : shaped, diagnostics, shapes };
}

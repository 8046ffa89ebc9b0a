/**
 * GraphDoc → ValidGraph + diagnostics: the structural checks (ops, params, edges, ports, cycles,
 * losses, reachability). Shapes are the next stage (`shapes/infer.ts`). Every check reports
 * instead of throwing, and every algorithm here is iterative so a hostile file (deep chains, huge
 * fan-in) cannot blow the stack.
 */
import { penalisedLayer } from '../ops/penalties';
import { resolveParams } from '../ops/params';
import { getOp, hasRole, isObjectiveOp } from '../ops/registry';
import type { OpSpec, Params } from '../ops/spec';
import { OUT } from '../ops/spec';
import { diagnostic } from './diagnostics';
import type { Diagnostic } from './diagnostics';
import { suggestOp } from './suggest-op';
import { topoSort } from './topo-sort';
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

/**
 * Checks structure: ops, params, edges, ports, cycles, losses. Problems go to `diags`; the graph
 * is null only when a cycle leaves no order to evaluate it in.
 */
export function checkStructure(doc: GraphDoc, diags: Diagnostic[]): ValidGraph | null {
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
  if (!ids.some((id) => hasRole(nodes.get(id)!.spec, 'loss')))
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

/** Ids of the nodes with no path to any objective (they compute nothing the loss uses). */
export function unreachableNodes(graph: ValidGraph): Set<string> {
  const useful = new Set<string>();
  const stack = [...graph.objectives];
  for (const r of graph.nodes.values()) {
    // A penalty naming a layer makes the layer useful without an edge.
    const layer = penalisedLayer(r.spec, r.params);
    if (layer) stack.push(layer);
  }
  while (stack.length) {
    const id = stack.pop()!;
    if (useful.has(id)) continue;
    useful.add(id);
    const r = graph.nodes.get(id);
    if (r) for (const sources of Object.values(r.inputs)) for (const s of sources) stack.push(s);
  }
  return new Set(graph.order.filter((id) => !useful.has(id)));
}

/** Marks nodes with no path to any objective (they compute nothing the loss uses). */
export function checkReachability(graph: ValidGraph, diags: Diagnostic[]): void {
  for (const id of unreachableNodes(graph))
    diags.push(
      diagnostic(
        'unreachable',
        `node "${id}" does not feed any loss, so it is computed but never trained; connect it or delete it`,
        { nodeId: id },
      ),
    );
}

/**
 * Errors that only make a node unusable, not the graph: on a node that feeds no loss (a scratch
 * node the user is still wiring) they do not stop training; the node is left out of the run.
 */
const SCRATCH_CODES: ReadonlySet<string> = new Set([
  'unconnected-port',
  'shape-mismatch',
  'bad-param',
  'bad-reference',
]);

/**
 * Sets scratch nodes aside: when every error is about a node that feeds no loss (and of a kind
 * that only makes that node unusable), those errors become that node's `unreachable` warning,
 * saying it is left out of training.
 *
 * @param unreachable - Ids of the nodes that feed no loss ({@link unreachableNodes}).
 * @param diags - Every diagnostic of the graph, `unreachable` warnings included.
 * @returns The nodes to leave out and the diagnostics to show, or null when some error is not a
 *   scratch node's (the graph cannot train as it is).
 */
export function setAsideScratch(
  unreachable: ReadonlySet<string>,
  diags: readonly Diagnostic[],
): { leftOut: Set<string>; diagnostics: Diagnostic[] } | null {
  const errors = diags.filter((d) => d.severity === 'error');
  const isScratch = (d: Diagnostic) =>
    d.nodeId !== undefined && unreachable.has(d.nodeId) && SCRATCH_CODES.has(d.code);
  if (errors.length === 0 || !errors.every(isScratch)) return null;
  const reasons = new Map<string, string[]>();
  for (const d of errors) {
    const list = reasons.get(d.nodeId!);
    if (list) list.push(d.message);
    else reasons.set(d.nodeId!, [d.message]);
  }
  const diagnostics: Diagnostic[] = [];
  for (const d of diags) {
    if (d.severity === 'error') continue;
    const why = d.code === 'unreachable' && d.nodeId ? reasons.get(d.nodeId) : undefined;
    diagnostics.push(
      why
        ? {
            ...d,
            message: `node "${d.nodeId}" does not feed any loss and is not complete (${why.join('; ')}), so training leaves it out; finish it or delete it`,
          }
        : d,
    );
  }
  return { leftOut: new Set(reasons.keys()), diagnostics };
}

/** The ids in `ids` with every node downstream of them (what cannot be computed without them). */
export function withDownstream(doc: GraphDoc, ids: Iterable<string>): Set<string> {
  const out = new Set(ids);
  const stack = [...out];
  const consumers = new Map<string, string[]>();
  // Pushed, not spread: copying the list per edge was quadratic in a node's fan-out.
  for (const e of doc.edges) {
    const list = consumers.get(e.source);
    if (list) list.push(e.target);
    else consumers.set(e.source, [e.target]);
  }
  while (stack.length)
    for (const next of consumers.get(stack.pop()!) ?? [])
      if (!out.has(next)) {
        out.add(next);
        stack.push(next);
      }
  return out;
}

/** The document without some nodes: their edges, positions and stored weights go with them. */
export function withoutNodes(doc: GraphDoc, drop: ReadonlySet<string>): GraphDoc {
  const keep = (id: string) => !drop.has(id);
  const out: GraphDoc = {
    ...doc,
    nodes: doc.nodes.filter((n) => keep(n.id)),
    edges: doc.edges.filter((e) => keep(e.source) && keep(e.target)),
    layout: { nodes: Object.fromEntries(Object.entries(doc.layout.nodes).filter(([id]) => keep(id))) },
  };
  if (doc.weights) out.weights = Object.fromEntries(Object.entries(doc.weights).filter(([id]) => keep(id)));
  return out;
}

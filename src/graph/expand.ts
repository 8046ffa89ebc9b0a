/**
 * Pure graph transforms between a Dense layer and its op-level subgraph, as the slides draw it:
 * x → MatMul(x, W) → Add(·, b) → activation. Stored weights move with the nodes, so the expanded
 * and the collapsed graph compute the same numbers.
 */
import { ACTIVATION_OPS, LeakyReLU } from '../ops/activations';
import type { ActivationName } from '../ops/activations';
import { LAYER_INITIALIZERS } from '../ops/dense';
import { checkGraph } from './validate';
import { edgeId } from './types';
import type { GraphDoc, GraphEdge, GraphNode, ParamValue } from './types';

/** Ids of the nodes a Dense layer `id` expands into. */
export function expandedIds(id: string) {
  return { W: `${id}.W`, b: `${id}.b`, matmul: `${id}.matmul`, add: `${id}.add`, act: `${id}.act` };
}

/** Slope a Dense layer's `leakyRelu` uses (`applyActivation`'s default; the LeakyReLU op defaults to 0.01). */
export const DENSE_LEAKY_ALPHA = 0.2;

/** Where the `index`-th node of an expansion sits relative to the Dense node it replaces. */
function expandedOffset(index: number, isParam: boolean): { x: number; y: number } {
  return { x: isParam ? index * 90 : index * 90 + 40, y: isParam ? 120 : 0 };
}
/** The MatMul is always the second node of an expansion; collapsing places the layer back from it. */
const MATMUL_OFFSET = expandedOffset(1, false);
const W_OFFSET = expandedOffset(0, true);

/**
 * An edge with new ends. A chosen id stays; one spelled in the generated `source:port->target:port`
 * form is dropped, since it would name the old ends.
 */
function rewire(edge: GraphEdge, ends: Partial<Omit<GraphEdge, 'id'>>): GraphEdge {
  const { id, ...rest } = edge;
  const next = { ...rest, ...ends };
  return id === undefined || id === edgeId(rest) ? next : { id, ...next };
}

/** Result of a transform: the new document, or why it cannot be applied. */
export type TransformResult = { ok: true; doc: GraphDoc } | { ok: false; message: string };

/** Replaces Dense node `id` by Parameter W, Parameter b, MatMul, Add and its activation. */
export function expandDense(doc: GraphDoc, id: string): TransformResult {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node || node.op !== 'Dense') return { ok: false, message: `"${id}" is not a Dense node` };
  const check = checkGraph(doc);
  const inEdge = doc.edges.find((e) => e.target === id && e.targetPort === 'in');
  const inShape = inEdge ? check.shapes.get(inEdge.source) : undefined;
  if (!inEdge || !inShape)
    return { ok: false, message: `Dense "${id}" needs a connected input with a known shape to expand` };
  const k = inShape[inShape.length - 1];
  if (typeof k !== 'number') return { ok: false, message: `the input of "${id}" has no feature dimension` };
  const ids = expandedIds(id);
  const taken = new Set(doc.nodes.map((n) => n.id));
  for (const newId of Object.values(ids))
    if (taken.has(newId))
      return { ok: false, message: `cannot expand "${id}": a node "${newId}" already exists` };

  const units = (node.params.units as number | undefined) ?? 8;
  const activation = ((node.params.activation as string | undefined) ?? 'linear') as ActivationName;
  const useBias = (node.params.useBias as boolean | undefined) ?? true;
  const kernelInit = (node.params.kernelInit as string | undefined) ?? 'glorotUniform';
  const label = node.label ?? id;
  const newNodes: GraphNode[] = [
    { id: ids.W, op: 'Parameter', label: `${label} W`, params: { shape: [k, units], init: kernelInit } },
    { id: ids.matmul, op: 'MatMul', label: `${label} x·W`, params: {} },
  ];
  // The layer's input edge becomes MatMul's `a` edge in place, so collapsing restores the edge order.
  const newEdges: GraphEdge[] = [{ source: ids.W, sourcePort: 'out', target: ids.matmul, targetPort: 'b' }];
  let last = ids.matmul;
  if (useBias) {
    newNodes.push(
      { id: ids.b, op: 'Parameter', label: `${label} b`, params: { shape: [units], init: 'zeros' } },
      { id: ids.add, op: 'Add', label: `${label} + b`, params: {} },
    );
    newEdges.push(
      { source: last, sourcePort: 'out', target: ids.add, targetPort: 'a' },
      { source: ids.b, sourcePort: 'out', target: ids.add, targetPort: 'b' },
    );
    last = ids.add;
  }
  if (activation !== 'linear') {
    newNodes.push({
      id: ids.act,
      op: ACTIVATION_OPS[activation],
      label: `${label} ${activation}`,
      params: activation === 'leakyRelu' ? { alpha: DENSE_LEAKY_ALPHA } : {},
    });
    newEdges.push({ source: last, sourcePort: 'out', target: ids.act, targetPort: 'in' });
    last = ids.act;
  }
  const edges = doc.edges.map((e) =>
    e === inEdge
      ? rewire(e, { target: ids.matmul, targetPort: 'a' })
      : e.source === id
        ? rewire(e, { source: last })
        : e,
  );
  const at = doc.layout.nodes[id] ?? { x: 0, y: 0 };
  const layout = { ...doc.layout.nodes };
  delete layout[id];
  newNodes.forEach((n, i) => {
    const offset = expandedOffset(i, n.op === 'Parameter');
    layout[n.id] = { x: at.x + offset.x, y: at.y + offset.y };
  });
  const weights = doc.weights ? { ...doc.weights } : undefined;
  if (weights?.[id]) {
    const { kernel, bias } = weights[id];
    delete weights[id];
    if (kernel) weights[ids.W] = { value: kernel };
    if (bias && useBias) weights[ids.b] = { value: bias };
  }
  const lossWeights = doc.training.lossWeights;
  const index = doc.nodes.indexOf(node);
  const nodes = [...doc.nodes.slice(0, index), ...newNodes, ...doc.nodes.slice(index + 1)];
  // Penalties that named the layer now point at its weight Parameter.
  const retargeted = nodes.map((n) =>
    (n.op === 'L1Penalty' || n.op === 'L2Penalty') && n.params.layer === id
      ? { ...n, params: { ...n.params, layer: ids.W } }
      : n,
  );
  return {
    ok: true,
    doc: {
      ...doc,
      nodes: retargeted,
      edges: [...edges, ...newEdges],
      layout: { nodes: layout },
      training: { ...doc.training, lossWeights },
      ...(weights ? { weights } : {}),
    },
  };
}

/** Expands every Dense node. */
export function expandAllDense(doc: GraphDoc): TransformResult {
  let current = doc;
  for (const n of doc.nodes.filter((x) => x.op === 'Dense')) {
    const r = expandDense(current, n.id);
    if (!r.ok) return r;
    current = r.doc;
  }
  return { ok: true, doc: current };
}

/** Activation name by the op an expanded activation node has. */
const ACTIVATION_BY_OP = new Map(
  (Object.entries(ACTIVATION_OPS) as [ActivationName, string][]).map(([name, op]) => [op, name]),
);

/** A node's role in an expanded group: the suffix of its id. */
type GroupRole = keyof ReturnType<typeof expandedIds>;

/** Whether a node has the op its role in an expanded group calls for. */
function fitsRole(node: GraphNode, role: GroupRole): boolean {
  switch (role) {
    case 'W':
    case 'b':
      return node.op === 'Parameter';
    case 'matmul':
      return node.op === 'MatMul';
    case 'add':
      return node.op === 'Add';
    case 'act':
      return ACTIVATION_BY_OP.has(node.op);
  }
}

const isPenalty = (n: GraphNode) => n.op === 'L1Penalty' || n.op === 'L2Penalty';

/**
 * The Dense id whose expanded group (`id.W`, `id.matmul`, `id.b`, `id.add`, `id.act`) contains
 * `nodeId`, or null. A group is recognised by its ids and ops (a MatMul `id.matmul` and a Parameter
 * `id.W`, no node `id`); whether it can still be collapsed is `collapseDense`'s question.
 */
export function expandedGroupOf(doc: GraphDoc, nodeId: string): string | null {
  const match = /^(.+)\.(W|matmul|b|add|act)$/.exec(nodeId);
  if (!match) return null;
  const [, prefix, role] = match as unknown as [string, string, GroupRole];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const node = byId.get(nodeId);
  if (!node || !fitsRole(node, role) || byId.has(prefix)) return null;
  const ids = expandedIds(prefix);
  if (byId.get(ids.matmul)?.op !== 'MatMul' || byId.get(ids.W)?.op !== 'Parameter') return null;
  return prefix;
}

/** What collapsing a group changes, worked out (and checked) before anything is built. */
interface CollapsePlan {
  dense: GraphNode;
  members: Set<string>;
  /** The edge into MatMul `a`: it becomes the layer's `in` edge. */
  inEdge: GraphEdge;
  /** The group node whose consumers the layer takes over. */
  last: string;
  /** Edges inside the group, and penalty `weights` edges from W (they become `layer` params). */
  dropped: Set<GraphEdge>;
  /** Penalties that become `layer: id`. */
  penalties: Set<string>;
}

type PlanResult = { ok: true; plan: CollapsePlan } | { ok: false; message: string };

const fail = (message: string): PlanResult => ({ ok: false, message });

function planCollapse(doc: GraphDoc, id: string): PlanResult {
  const ids = expandedIds(id);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const existing = byId.get(id);
  if (existing) return fail(`cannot collapse "${id}": a node "${id}" (${existing.op}) already exists`);
  const matmul = byId.get(ids.matmul);
  if (!matmul) return fail(`"${id}" is not an expanded Dense layer: there is no node "${ids.matmul}"`);
  if (matmul.op !== 'MatMul')
    return fail(`"${id}" is not an expanded Dense layer: "${ids.matmul}" is a ${matmul.op}, not a MatMul`);
  const W = byId.get(ids.W);
  if (!W) return fail(`cannot collapse "${id}": its weight Parameter "${ids.W}" is missing`);
  if (W.op !== 'Parameter')
    return fail(`cannot collapse "${id}": "${ids.W}" is a ${W.op}, not a weight Parameter`);

  const into = (target: string, port: string) =>
    doc.edges.filter((e) => e.target === target && e.targetPort === port);
  /** The single edge `source → target:port`, or why there is none. */
  const expectEdge = (source: string, target: string, port: string): GraphEdge | string => {
    const found = into(target, port);
    if (found.length === 0)
      return `port "${port}" of "${target}" is not connected; expected "${source}" there`;
    if (found.length > 1)
      return `port "${port}" of "${target}" has ${found.length} edges; expected one from "${source}"`;
    if (found[0].source !== source)
      return `port "${port}" of "${target}" is fed by "${found[0].source}", not by "${source}"`;
    return found[0];
  };
  const cannot = (why: string) => fail(`cannot collapse "${id}": ${why}`);

  // The kernel: a [k, units] Parameter with an initializer a Dense layer offers.
  const shape = W.params.shape ?? [1];
  if (
    !Array.isArray(shape) ||
    shape.length !== 2 ||
    !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)
  )
    return cannot(`"${ids.W}" has shape ${JSON.stringify(shape)}; a Dense kernel is a matrix [k, units]`);
  const units = shape[1] as number;
  const kernelInit = (W.params.init ?? 'glorotUniform') as ParamValue;
  if (!(LAYER_INITIALIZERS as readonly ParamValue[]).includes(kernelInit))
    return cannot(
      `"${ids.W}" starts from init ${JSON.stringify(kernelInit)}, which a Dense layer cannot express (its kernelInit is one of ${LAYER_INITIALIZERS.join(', ')})`,
    );

  const inEdges = into(ids.matmul, 'a');
  if (inEdges.length !== 1)
    return cannot(
      inEdges.length === 0
        ? `port "a" of "${ids.matmul}" is not connected; the layer needs an input`
        : `port "a" of "${ids.matmul}" has ${inEdges.length} edges`,
    );
  const inEdge = inEdges[0];
  const internal: GraphEdge[] = [];
  const wEdge = expectEdge(ids.W, ids.matmul, 'b');
  if (typeof wEdge === 'string') return cannot(wEdge);
  internal.push(wEdge);
  const members = new Set([ids.W, ids.matmul]);

  // The bias: Parameter b and Add come together.
  const b = byId.get(ids.b);
  const add = byId.get(ids.add);
  let last = ids.matmul;
  let useBias = false;
  if (b || add) {
    if (!add) return cannot(`"${ids.b}" exists but "${ids.add}" does not; a layer's bias needs both`);
    if (!b) return cannot(`"${ids.add}" exists but the bias Parameter "${ids.b}" does not`);
    if (add.op !== 'Add') return cannot(`"${ids.add}" is a ${add.op}, not an Add`);
    if (b.op !== 'Parameter') return cannot(`"${ids.b}" is a ${b.op}, not a bias Parameter`);
    const bShape = b.params.shape ?? [1];
    if (!Array.isArray(bShape) || bShape.length !== 1 || bShape[0] !== units)
      return cannot(
        `"${ids.b}" has shape ${JSON.stringify(bShape)}; the bias of ${units} units is [${units}]`,
      );
    const bInit = b.params.init ?? 'glorotUniform';
    if (bInit !== 'zeros')
      return cannot(
        `"${ids.b}" starts from init ${JSON.stringify(bInit)}; a Dense layer's bias always starts at zeros`,
      );
    for (const [source, port] of [
      [ids.matmul, 'a'],
      [ids.b, 'b'],
    ] as const) {
      const e = expectEdge(source, ids.add, port);
      if (typeof e === 'string') return cannot(e);
      internal.push(e);
    }
    members.add(ids.b).add(ids.add);
    last = ids.add;
    useBias = true;
  }

  // The activation.
  let activation: ActivationName = 'linear';
  const act = byId.get(ids.act);
  if (act) {
    const name = ACTIVATION_BY_OP.get(act.op);
    if (!name)
      return cannot(
        `"${ids.act}" is a ${act.op}, not an activation a Dense layer applies (${[...ACTIVATION_BY_OP.keys()].join(', ')})`,
      );
    if (name === 'leakyRelu') {
      const alpha = act.params.alpha ?? LeakyReLU.params.find((p) => p.name === 'alpha')?.default;
      if (alpha !== DENSE_LEAKY_ALPHA)
        return cannot(
          `"${ids.act}" has slope α = ${String(alpha)}; a Dense layer's leakyRelu uses α = ${DENSE_LEAKY_ALPHA}`,
        );
    }
    const e = expectEdge(last, ids.act, 'in');
    if (typeof e === 'string') return cannot(e);
    internal.push(e);
    members.add(ids.act);
    last = ids.act;
    activation = name;
  }

  if (members.has(inEdge.source))
    return cannot(`the input of "${ids.matmul}" comes from "${inEdge.source}", inside the group`);

  // Every other edge touching the group: only the output's consumers, and penalties on W.
  const dropped = new Set(internal);
  const penalties = new Set<string>();
  for (const e of doc.edges) {
    if (e === inEdge || dropped.has(e)) continue;
    if (members.has(e.target))
      return cannot(`"${e.target}" has an extra input from "${e.source}" (port "${e.targetPort}")`);
    if (!members.has(e.source) || e.source === last) continue;
    const target = byId.get(e.target);
    if (e.source === ids.W && target && isPenalty(target) && e.targetPort === 'weights') {
      if (target.params.layer != null)
        return cannot(
          `penalty "${target.id}" has a "weights" edge from "${ids.W}" and names layer "${String(target.params.layer)}"`,
        );
      dropped.add(e);
      penalties.add(target.id);
      continue;
    }
    const role =
      e.source === ids.W ? 'the kernel' : e.source === ids.b ? 'the bias' : 'an intermediate result';
    return cannot(
      `"${e.source}" (${role}) also feeds "${e.target}", outside the group; only the group's output "${last}" may feed other nodes`,
    );
  }
  for (const n of doc.nodes) {
    if (!isPenalty(n) || typeof n.params.layer !== 'string' || n.params.layer === ids.W) continue;
    if (members.has(n.params.layer))
      return cannot(
        `penalty "${n.id}" names "${n.params.layer}"; a Dense layer's penalty can only apply to its kernel "${ids.W}"`,
      );
  }

  // The label expandDense derived the inner labels from, when they still carry it.
  const fromLabel = (label: string | undefined, suffix: string) =>
    label?.endsWith(suffix) && label.length > suffix.length ? label.slice(0, -suffix.length) : undefined;
  const label = fromLabel(matmul.label, ' x·W') ?? fromLabel(W.label, ' W');
  const params: Record<string, ParamValue> = { units, activation };
  if (!useBias) params.useBias = false;
  if (kernelInit !== 'glorotUniform') params.kernelInit = kernelInit;
  const dense: GraphNode = {
    id,
    op: 'Dense',
    ...(label !== undefined && label !== id ? { label } : {}),
    params,
  };
  return { ok: true, plan: { dense, members, inEdge, last, dropped, penalties } };
}

/** Whether `id` names an expanded Dense group that `collapseDense` can turn back into the layer. */
export function isCollapsible(doc: GraphDoc, id: string): boolean {
  return planCollapse(doc, id).ok;
}

/**
 * The inverse of `expandDense`: replaces the group `id.W`, `id.matmul` (and `id.b`, `id.add`,
 * `id.act` when present) by the Dense node `id`. Stored weights, penalties naming `id.W` (or fed by
 * it) and the layout move back, so collapsing an expansion gives the original document. Refuses,
 * naming the node, when the group was edited into something a Dense layer cannot express.
 */
export function collapseDense(doc: GraphDoc, id: string): TransformResult {
  const planned = planCollapse(doc, id);
  if (!planned.ok) return planned;
  const { dense, members, inEdge, last, dropped, penalties } = planned.plan;
  const ids = expandedIds(id);

  const nodes: GraphNode[] = [];
  let placed = false;
  for (const n of doc.nodes) {
    if (members.has(n.id)) {
      if (!placed) nodes.push(dense);
      placed = true;
    } else if (isPenalty(n) && (n.params.layer === ids.W || penalties.has(n.id)))
      nodes.push({ ...n, params: { ...n.params, layer: id } });
    else nodes.push(n);
  }
  const edges = doc.edges
    .filter((e) => !dropped.has(e))
    .map((e) =>
      e === inEdge
        ? rewire(e, { target: id, targetPort: 'in' })
        : e.source === last
          ? rewire(e, { source: id, sourcePort: 'out' })
          : e,
    );

  const layout = { ...doc.layout.nodes };
  const matmulAt = layout[ids.matmul];
  const wAt = layout[ids.W];
  for (const m of members) delete layout[m];
  if (matmulAt) layout[id] = { x: matmulAt.x - MATMUL_OFFSET.x, y: matmulAt.y - MATMUL_OFFSET.y };
  else if (wAt) layout[id] = { x: wAt.x - W_OFFSET.x, y: wAt.y - W_OFFSET.y };

  const weights = doc.weights ? { ...doc.weights } : undefined;
  if (weights) {
    const kernel = weights[ids.W]?.value;
    const bias = members.has(ids.b) ? weights[ids.b]?.value : undefined;
    delete weights[ids.W];
    delete weights[ids.b];
    if (kernel || bias) weights[id] = { ...(kernel ? { kernel } : {}), ...(bias ? { bias } : {}) };
  }
  return {
    ok: true,
    doc: { ...doc, nodes, edges, layout: { nodes: layout }, ...(weights ? { weights } : {}) },
  };
}

/** Collapses every expanded Dense group in the document (see `collapseDense`). */
export function collapseAllDense(doc: GraphDoc): TransformResult {
  let current = doc;
  const groups = doc.nodes
    .filter((n) => n.id.endsWith('.matmul') && expandedGroupOf(doc, n.id) !== null)
    .map((n) => n.id.slice(0, -'.matmul'.length));
  for (const id of groups) {
    const r = collapseDense(current, id);
    if (!r.ok) return r;
    current = r.doc;
  }
  return { ok: true, doc: current };
}

/**
 * Pure graph transforms between a layer node and its op-level subgraph, for every layer whose spec
 * declares an expansion (`OpSpec.expansion`; Dense: x → MatMul(x, W) → Add(·, b) → activation).
 * The layer's knowledge lives in its spec; here is only what every expansion shares: ids, edges,
 * layout, stored weights and penalties move with the nodes, so the expanded and the collapsed
 * graph compute the same numbers.
 */
import type { ExpandedLayer, ExpansionPart } from '../ops/expansion';
import { resolveParams } from '../ops/params';
import { ALL_OPS, getOp } from '../ops/registry';
import { OUT } from '../ops/spec';
import type { OpSpec } from '../ops/spec';
import { checkGraph } from './check';
import { partId, penaltyOf, planCollapse, rewire } from './collapse-plan';
import type { TransformResult } from './collapse-plan';
import type { GraphDoc, GraphEdge, GraphNode } from './types';
import { ownValue, setOwn } from './own';

export type { TransformResult } from './collapse-plan';

/** Layer specs that declare an expansion (Dense). */
const EXPANDABLE: readonly OpSpec[] = ALL_OPS.filter((spec) => spec.expansion);

/** Ids of every node a layer `id` can expand into, by part (Dense: W, b, matmul, add, act). */
export function expandedIds(id: string, spec: OpSpec = EXPANDABLE[0]): Record<string, string> {
  return Object.fromEntries(Object.keys(spec.expansion!.parts).map((part) => [part, partId(id, part)]));
}

/**
 * Horizontal distance between the columns of an expansion, in canvas pixels: a node is 180 px wide
 * (renderer/canvas/canvas.css), so 220 leaves a gap an edge and its port labels fit in.
 */
export const EXPANDED_COLUMN = 220;
/** How far below its op a weight Parameter sits: below a node with its readout, never on it. */
export const EXPANDED_ROW = 150;

/**
 * Where the `index`-th part of an expansion sits relative to the layer node it replaces: the ops
 * in one row, one column each, and each weight under the op that consumes it (the next op).
 */
function expandedOffset(parts: readonly ExpansionPart[], index: number): { x: number; y: number } {
  const column = parts.slice(0, index).filter((p) => p.weight === undefined).length;
  return { x: column * EXPANDED_COLUMN, y: parts[index].weight === undefined ? 0 : EXPANDED_ROW };
}

/**
 * How much wider than the layer node its expansion is: the room made for it by moving everything
 * to its right (and given back on collapse), so no op lands on the next layer.
 */
function expansionWidth(parts: readonly ExpansionPart[]): number {
  return Math.max(0, parts.filter((p) => p.weight === undefined).length - 1) * EXPANDED_COLUMN;
}

/** A node's width on the canvas (renderer/canvas/canvas.css): what counts as the layer's column. */
const NODE_WIDTH = 180;

/**
 * Makes (or, with `sign` −1, gives back) the room an expansion at `at` needs: every node right of
 * the layer moves right by `width`, and every node below the layer in its column moves down by
 * EXPANDED_ROW, out of the weights' row. Strict comparisons against the layer's own position (on
 * collapse, against the position the moved nodes then have), so expanding then collapsing
 * restores every position exactly.
 */
function makeRoom(
  layout: GraphDoc['layout']['nodes'],
  at: { x: number; y: number },
  width: number,
  sign: 1 | -1,
): void {
  // After an expansion the moved nodes lie beyond the room made; that is how collapse finds them.
  const right = sign > 0 ? at.x : at.x + width;
  const below = sign > 0 ? at.y : at.y + EXPANDED_ROW;
  for (const [id, pos] of Object.entries(layout)) {
    if (width > 0 && pos.x > right) setOwn(layout, id, { x: pos.x + sign * width, y: pos.y });
    else if (pos.x > at.x - NODE_WIDTH && pos.x <= at.x && pos.y > below)
      setOwn(layout, id, { x: pos.x, y: pos.y + sign * EXPANDED_ROW });
  }
}

/** Whether a node is an instance of a layer that declares an expansion. */
const isExpandable = (node: GraphNode): boolean => getOp(node.op)?.expansion !== undefined;

/**
 * Replaces layer node `id` by the op-level nodes its spec's expansion describes (Dense: Parameter
 * W, Parameter b, MatMul, Add and its activation). Refuses, with a reason, anything else.
 */
export function expandDense(doc: GraphDoc, id: string): TransformResult {
  const node = doc.nodes.find((n) => n.id === id);
  const spec = node ? getOp(node.op) : undefined;
  if (!node || !spec?.expansion)
    return { ok: false, message: `"${id}" is not a ${EXPANDABLE.map((s) => s.title).join(' or ')} node` };
  const inEdge = doc.edges.find((e) => e.target === id && e.targetPort === spec.inputs[0].name);
  const inShape = inEdge ? checkGraph(doc).shapes.get(inEdge.source) : undefined;
  if (!inEdge || !inShape)
    return {
      ok: false,
      message: `${spec.title} "${id}" needs a connected input with a known shape to expand`,
    };
  const { params, problems } = resolveParams(spec, node.params);
  if (problems.length) return { ok: false, message: `cannot expand "${id}": ${problems[0].message}` };
  const layer = spec.expansion.expand({ id, spec }, params, inShape);
  if (typeof layer === 'string') return { ok: false, message: layer };
  const taken = new Set(doc.nodes.map((n) => n.id));
  for (const newId of Object.values(expandedIds(id, spec)))
    if (taken.has(newId))
      return { ok: false, message: `cannot expand "${id}": a node "${newId}" already exists` };

  const label = node.label ?? id;
  const newNodes: GraphNode[] = layer.parts.map((p) => ({
    id: partId(id, p.part),
    op: p.op,
    label: `${label} ${p.label}`,
    params: p.params,
  }));
  // The layer's input edge moves in place, so collapsing restores the edge order.
  const newEdges: GraphEdge[] = layer.edges.map((e) => ({
    source: partId(id, e.from),
    sourcePort: OUT,
    target: partId(id, e.to),
    targetPort: e.port,
  }));
  const output = partId(id, layer.output);
  const edges = doc.edges.map((e) =>
    e === inEdge
      ? rewire(e, { target: partId(id, layer.input.part), targetPort: layer.input.port })
      : e.source === id
        ? rewire(e, { source: output })
        : e,
  );
  const at = ownValue(doc.layout.nodes, id) ?? { x: 0, y: 0 };
  const layout = { ...doc.layout.nodes };
  delete layout[id];
  makeRoom(layout, at, expansionWidth(layer.parts), 1);
  layer.parts.forEach((p, i) => {
    const offset = expandedOffset(layer.parts, i);
    setOwn(layout, partId(id, p.part), { x: at.x + offset.x, y: at.y + offset.y });
  });
  const weights = doc.weights ? { ...doc.weights } : undefined;
  const stored = ownValue(weights, id);
  if (weights && stored) {
    delete weights[id];
    for (const p of layer.parts) {
      const value = p.weight ? ownValue(stored, p.weight) : undefined;
      if (value) setOwn(weights, partId(id, p.part), { value });
    }
  }
  const index = doc.nodes.indexOf(node);
  const nodes = [...doc.nodes.slice(0, index), ...newNodes, ...doc.nodes.slice(index + 1)];
  return {
    ok: true,
    doc: {
      ...doc,
      nodes: retargetPenalties(nodes, id, penalisedPart(spec, layer, id)),
      edges: [...edges, ...newEdges],
      layout: { nodes: layout },
      ...(weights ? { weights } : {}),
    },
  };
}

/** Id of the part holding the weight penalties on the layer apply to, or null. */
function penalisedPart(spec: OpSpec, layer: ExpandedLayer, id: string): string | null {
  const part = layer.parts.find((p) => p.weight !== undefined && p.weight === spec.penalisedWeight);
  return part ? partId(id, part.part) : null;
}

/** Penalties that named the layer now name the part holding its penalised weight. */
function retargetPenalties(nodes: GraphNode[], layerId: string, to: string | null): GraphNode[] {
  if (!to) return nodes;
  return nodes.map((n) => {
    const ref = penaltyOf(n);
    return ref && n.params[ref.layerParam] === layerId
      ? { ...n, params: { ...n.params, [ref.layerParam]: to } }
      : n;
  });
}

/** Expands every layer that declares an expansion. */
export function expandAllDense(doc: GraphDoc): TransformResult {
  let current = doc;
  for (const n of doc.nodes.filter(isExpandable)) {
    const r = expandDense(current, n.id);
    if (!r.ok) return r;
    current = r.doc;
  }
  return { ok: true, doc: current };
}

/**
 * The layer id whose expanded group (Dense: `id.W`, `id.matmul`, `id.b`, `id.add`, `id.act`)
 * contains `nodeId`, or null. A group is recognised by its ids and ops (its core parts, e.g. a
 * MatMul `id.matmul` and a Parameter `id.W`, and no node `id`); whether it can still be collapsed
 * is `collapseDense`'s question.
 */
export function expandedGroupOf(doc: GraphDoc, nodeId: string): string | null {
  const dot = nodeId.lastIndexOf('.');
  if (dot <= 0) return null;
  const prefix = nodeId.slice(0, dot);
  const part = nodeId.slice(dot + 1);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  if (byId.has(prefix)) return null;
  for (const spec of EXPANDABLE) {
    const parts = spec.expansion!.parts;
    const fits = (p: string) => {
      const n = byId.get(partId(prefix, p));
      return n !== undefined && Object.hasOwn(parts, p) && parts[p].includes(n.op);
    };
    if (fits(part) && spec.expansion!.core.every(fits)) return prefix;
  }
  return null;
}

/** Whether `id` names an expanded group that `collapseDense` can turn back into the layer. */
export function isCollapsible(doc: GraphDoc, id: string): boolean {
  return planCollapse(doc, id, EXPANDABLE).ok;
}

/**
 * The inverse of `expandDense`: replaces the group of nodes `id.<part>` by the layer node `id`.
 * Stored weights, penalties naming the penalised part (or fed by it) and the layout move back, so
 * collapsing an expansion gives the original document. Refuses, naming the node, when the group
 * was edited into something the layer cannot express.
 */
export function collapseDense(doc: GraphDoc, id: string): TransformResult {
  const planned = planCollapse(doc, id, EXPANDABLE);
  if (!planned.ok) return planned;
  const { layerNode, spec, layer, members, inEdge, last, dropped, penalties } = planned.plan;
  const penalised = penalisedPart(spec, layer, id);

  const nodes: GraphNode[] = [];
  let placed = false;
  for (const n of doc.nodes) {
    const ref = penaltyOf(n);
    if (members.has(n.id)) {
      if (!placed) nodes.push(layerNode);
      placed = true;
    } else if (ref && ((penalised && n.params[ref.layerParam] === penalised) || penalties.has(n.id)))
      nodes.push({ ...n, params: { ...n.params, [ref.layerParam]: id } });
    else nodes.push(n);
  }
  const edges = doc.edges
    .filter((e) => !dropped.has(e))
    .map((e) =>
      e === inEdge
        ? rewire(e, { target: id, targetPort: spec.inputs[0].name })
        : e.source === last
          ? rewire(e, { source: id, sourcePort: OUT })
          : e,
    );

  const layout = { ...doc.layout.nodes };
  // The layer goes back where its expansion was placed from, read off the first core part found.
  let at: { x: number; y: number } | undefined;
  for (const core of spec.expansion!.core) {
    const index = layer.parts.findIndex((p) => p.part === core);
    const pos = ownValue(layout, partId(id, core));
    if (!pos || index < 0 || at) continue;
    const offset = expandedOffset(layer.parts, index);
    at = { x: pos.x - offset.x, y: pos.y - offset.y };
  }
  for (const m of members) delete layout[m];
  if (at) {
    // Give back the room the expansion made (the members are gone from the layout already).
    makeRoom(layout, at, expansionWidth(layer.parts), -1);
    setOwn(layout, id, at);
  }

  const weights = doc.weights ? { ...doc.weights } : undefined;
  if (weights) {
    const back: NonNullable<GraphDoc['weights']>[string] = {};
    for (const p of layer.parts) {
      if (!p.weight) continue;
      const value = ownValue(ownValue(weights, partId(id, p.part)), 'value');
      delete weights[partId(id, p.part)];
      if (value) back[p.weight] = value;
    }
    if (Object.keys(back).length) setOwn(weights, id, back);
  }
  return {
    ok: true,
    doc: { ...doc, nodes, edges, layout: { nodes: layout }, ...(weights ? { weights } : {}) },
  };
}

/** Collapses every expanded group in the document (see `collapseDense`). */
export function collapseAllDense(doc: GraphDoc): TransformResult {
  let current = doc;
  const groups = doc.nodes.flatMap((n) => {
    const group = expandedGroupOf(doc, n.id);
    const anchor = EXPANDABLE.some((s) => n.id === partId(group ?? '', s.expansion!.core[0]));
    return group !== null && anchor ? [group] : [];
  });
  for (const id of groups) {
    const r = collapseDense(current, id);
    if (!r.ok) return r;
    current = r.doc;
  }
  return { ok: true, doc: current };
}

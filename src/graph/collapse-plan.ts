/**
 * What collapsing an expanded group into its layer changes, worked out and checked before anything
 * is built: the layer's own spec says what params the group's nodes express (`expansion.collapse`)
 * and what the group must look like (`expansion.expand` of those params); the edges are checked
 * here against that template, the same way for every layer.
 */
import type { ExpandedLayer } from '../ops/expansion';
import { resolveParams } from '../ops/params';
import { getOp } from '../ops/registry';
import type { OpSpec, PenaltyReference } from '../ops/spec';
import { edgeId } from './types';
import type { GraphDoc, GraphEdge, GraphNode } from './types';

/** Result of a transform: the new document, or why it cannot be applied. */
export type TransformResult = { ok: true; doc: GraphDoc } | { ok: false; message: string };

/** Id of the node playing `part` in the expansion of layer `id`. */
export const partId = (id: string, part: string): string => `${id}.${part}`;

/** The penalty capability of a node's op, when it has one. */
export function penaltyOf(node: GraphNode): PenaltyReference | undefined {
  return getOp(node.op)?.penalty;
}

/**
 * An edge with new ends. A chosen id stays; one spelled in the generated `source:port->target:port`
 * form is dropped, since it would name the old ends.
 */
export function rewire(edge: GraphEdge, ends: Partial<Omit<GraphEdge, 'id'>>): GraphEdge {
  const { id, ...rest } = edge;
  const next = { ...rest, ...ends };
  return id === undefined || id === edgeId(rest) ? next : { id, ...next };
}

/** A checked collapse. */
export interface CollapsePlan {
  /** The layer node that replaces the group. */
  layerNode: GraphNode;
  spec: OpSpec;
  /** The expansion of `layerNode`: the group as the layer would build it. */
  layer: ExpandedLayer;
  members: Set<string>;
  /** The edge into the template's input port: it becomes the layer's input edge. */
  inEdge: GraphEdge;
  /** The group node whose consumers the layer takes over. */
  last: string;
  /** Edges inside the group, and penalty edges from the penalised part (they become params). */
  dropped: Set<GraphEdge>;
  /** Penalties that will name the layer. */
  penalties: Set<string>;
}

type PlanResult = { ok: true; plan: CollapsePlan } | { ok: false; message: string };

const fail = (message: string): PlanResult => ({ ok: false, message });

/** Plans collapsing the group `id.<part>` into the layer `id`, for one of the `expandable` specs. */
export function planCollapse(doc: GraphDoc, id: string, expandable: readonly OpSpec[]): PlanResult {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const existing = byId.get(id);
  if (existing) return fail(`cannot collapse "${id}": a node "${id}" (${existing.op}) already exists`);
  const spec = expandable.find((s) => byId.has(partId(id, s.expansion!.core[0]))) ?? expandable[0];
  const expansion = spec.expansion!;
  const cannot = (why: string) => fail(`cannot collapse "${id}": ${why}`);

  const [anchor, ...others] = expansion.core;
  const anchorNode = byId.get(partId(id, anchor));
  const notA = `"${id}" is not an expanded ${spec.title} layer`;
  if (!anchorNode) return fail(`${notA}: there is no node "${partId(id, anchor)}"`);
  if (!expansion.parts[anchor].includes(anchorNode.op))
    return fail(
      `${notA}: "${partId(id, anchor)}" is a ${anchorNode.op}, not a ${expansion.parts[anchor].join(' or ')}`,
    );
  for (const part of others) {
    const n = byId.get(partId(id, part));
    if (!n) return cannot(`its ${part} "${partId(id, part)}" is missing`);
    if (!expansion.parts[part].includes(n.op))
      return cannot(`"${n.id}" is a ${n.op}, not a ${expansion.parts[part].join(' or ')}`);
  }

  const present = new Map<string, GraphNode>();
  for (const part of Object.keys(expansion.parts)) {
    const n = byId.get(partId(id, part));
    if (n) present.set(part, n);
  }
  const collapsed = expansion.collapse({ id, spec }, present);
  if (typeof collapsed === 'string') return cannot(collapsed);
  const { params, problems } = resolveParams(spec, collapsed.params);
  if (problems.length) return cannot(problems[0].message);
  const layer = expansion.expand({ id, spec }, params, collapsed.input);
  if (typeof layer === 'string') return cannot(layer);
  const members = new Set(layer.parts.map((p) => partId(id, p.part)));
  for (const [part, n] of present)
    if (!members.has(n.id)) return cannot(`"${n.id}" has no place in a ${spec.title} layer as ${part}`);

  const into = (target: string, port: string) =>
    doc.edges.filter((e) => e.target === target && e.targetPort === port);
  const input = partId(id, layer.input.part);
  const port = layer.input.port;
  const inEdges = into(input, port);
  if (inEdges.length !== 1)
    return cannot(
      inEdges.length === 0
        ? `port "${port}" of "${input}" is not connected; the layer needs an input`
        : `port "${port}" of "${input}" has ${inEdges.length} edges`,
    );
  const inEdge = inEdges[0];
  const dropped = new Set<GraphEdge>();
  for (const e of layer.edges) {
    const [source, target] = [partId(id, e.from), partId(id, e.to)];
    const found = into(target, e.port);
    if (found.length === 0)
      return cannot(`port "${e.port}" of "${target}" is not connected; expected "${source}" there`);
    if (found.length > 1)
      return cannot(
        `port "${e.port}" of "${target}" has ${found.length} edges; expected one from "${source}"`,
      );
    if (found[0].source !== source)
      return cannot(`port "${e.port}" of "${target}" is fed by "${found[0].source}", not by "${source}"`);
    dropped.add(found[0]);
  }
  if (members.has(inEdge.source))
    return cannot(`the input of "${input}" comes from "${inEdge.source}", inside the group`);

  // Every other edge touching the group: only the output's consumers, and penalties on the weight.
  const last = partId(id, layer.output);
  const penalisedPart = layer.parts.find((p) => p.weight !== undefined && p.weight === spec.penalisedWeight);
  const penalised = penalisedPart ? partId(id, penalisedPart.part) : null;
  const penalties = new Set<string>();
  for (const e of doc.edges) {
    if (e === inEdge || dropped.has(e)) continue;
    if (members.has(e.target))
      return cannot(`"${e.target}" has an extra input from "${e.source}" (port "${e.targetPort}")`);
    if (!members.has(e.source) || e.source === last) continue;
    const target = byId.get(e.target);
    const ref = target ? penaltyOf(target) : undefined;
    if (target && ref && e.source === penalised && e.targetPort === ref.port) {
      if (target.params[ref.layerParam] != null)
        return cannot(
          `penalty "${target.id}" has a "${ref.port}" edge from "${penalised}" and names layer "${String(target.params[ref.layerParam])}"`,
        );
      dropped.add(e);
      penalties.add(target.id);
      continue;
    }
    const weight = layer.parts.find((p) => partId(id, p.part) === e.source)?.weight;
    const role = weight ? `the ${weight}` : 'an intermediate result';
    return cannot(
      `"${e.source}" (${role}) also feeds "${e.target}", outside the group; only the group's output "${last}" may feed other nodes`,
    );
  }
  for (const n of doc.nodes) {
    const ref = penaltyOf(n);
    const named = ref ? n.params[ref.layerParam] : undefined;
    if (typeof named !== 'string' || named === penalised || !members.has(named)) continue;
    return cannot(
      `penalty "${n.id}" names "${named}"; a ${spec.title} layer's penalty can only apply to its ${spec.penalisedWeight ?? 'weight'} "${penalised ?? ''}"`,
    );
  }

  const label = layerLabel(id, layer, expansion.core, byId);
  const layerNode: GraphNode = {
    id,
    op: spec.op,
    ...(label !== undefined && label !== id ? { label } : {}),
    params: collapsed.params,
  };
  return { ok: true, plan: { layerNode, spec, layer, members, inEdge, last, dropped, penalties } };
}

/** The label `expandDense` derived the parts' labels from, when a core part still carries it. */
function layerLabel(
  id: string,
  layer: ExpandedLayer,
  core: readonly string[],
  byId: Map<string, GraphNode>,
): string | undefined {
  for (const part of core) {
    const suffix = ` ${layer.parts.find((p) => p.part === part)?.label ?? ''}`;
    const label = byId.get(partId(id, part))?.label;
    if (label?.endsWith(suffix) && label.length > suffix.length) return label.slice(0, -suffix.length);
  }
  return undefined;
}

/**
 * Pure graph transforms between a Dense layer and its op-level subgraph, as the slides draw it:
 * x → MatMul(x, W) → Add(·, b) → activation. Stored weights move with the nodes, so the expanded
 * and the collapsed graph compute the same numbers.
 */
import { ACTIVATION_OPS } from '../ops/activations';
import type { ActivationName } from '../ops/activations';
import { checkGraph } from './validate';
import type { GraphDoc, GraphEdge, GraphNode } from './types';

/** Ids of the nodes a Dense layer `id` expands into. */
export function expandedIds(id: string) {
  return { W: `${id}.W`, b: `${id}.b`, matmul: `${id}.matmul`, add: `${id}.add`, act: `${id}.act` };
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
  const newEdges: GraphEdge[] = [
    { source: inEdge.source, sourcePort: inEdge.sourcePort, target: ids.matmul, targetPort: 'a' },
    { source: ids.W, sourcePort: 'out', target: ids.matmul, targetPort: 'b' },
  ];
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
      params: {},
    });
    newEdges.push({ source: last, sourcePort: 'out', target: ids.act, targetPort: 'in' });
    last = ids.act;
  }
  const edges = doc.edges
    .filter((e) => e !== inEdge)
    .map((e) => (e.source === id ? { ...e, id: undefined, source: last } : e))
    .map(({ id: edgeIdValue, ...rest }) => (edgeIdValue === undefined ? rest : { id: edgeIdValue, ...rest }));
  const at = doc.layout.nodes[id] ?? { x: 0, y: 0 };
  const layout = { ...doc.layout.nodes };
  delete layout[id];
  newNodes.forEach((n, i) => {
    const isParam = n.op === 'Parameter';
    layout[n.id] = { x: at.x + (isParam ? i * 90 : i * 90 + 40), y: at.y + (isParam ? 120 : 0) };
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

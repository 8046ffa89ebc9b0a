/**
 * React Flow's nodes and edges, derived from the document, its check, the selection and the drag
 * in progress. Node data objects change only with the document, so a drag or a selection re-renders
 * the moved or selected nodes, never the other 299 memoized ones.
 */
import { useMemo } from 'react';
import { getOp } from '../../src/ops/registry';
import { formatShape } from '../../src/shapes/shape';
import { edgeId } from '../../src/graph/types';
import { hasOwnKey, ownValue } from '../../src/graph/own';
import type { GraphDoc } from '../../src/graph/types';
import type { CheckResult } from '../../src/graph/check';
import { CATEGORY_STYLE } from './categories';
import { nodeDepths } from './depth';
import { PULSE_EDGE_LIMIT } from './GradEdge';
import type { GradFlowEdge } from './GradEdge';
import type { OpFlowNode } from './OpNode';

type Point = { x: number; y: number };
type Size = { width: number; height: number };

/** Each node's diagnostics: messages and how many are errors. */
function problemsByNode(check: CheckResult) {
  const map = new Map<string, { messages: string[]; errors: number }>();
  for (const d of check.diagnostics) {
    if (!d.nodeId) continue;
    const entry = map.get(d.nodeId) ?? { messages: [], errors: 0 };
    entry.messages.push(d.message);
    if (d.severity === 'error') entry.errors++;
    map.set(d.nodeId, entry);
  }
  return map;
}

/**
 * The canvas's nodes and edges.
 *
 * @param dragging - Positions of the nodes being dragged (not yet in the document).
 * @param measured - Sizes React Flow measured; controlled nodes carry them back for the minimap and fitView.
 */
export function useFlowElements(
  doc: GraphDoc,
  check: CheckResult,
  selection: readonly string[],
  dragging: Record<string, Point>,
  measured: Record<string, Size>,
): { nodes: OpFlowNode[]; edges: GradFlowEdge[] } {
  const dataById = useMemo(() => {
    const problems = problemsByNode(check);
    const map = new Map<string, OpFlowNode['data']>();
    for (const n of doc.nodes) {
      const spec = getOp(n.op);
      if (!spec) continue;
      const shape = check.shapes.get(n.id);
      const p = problems.get(n.id);
      map.set(n.id, {
        label: n.label ?? n.id,
        spec,
        params: n.params,
        shape: shape ? formatShape(shape) : null,
        problems: p?.messages ?? [],
        errors: p?.errors ?? 0,
      });
    }
    return map;
  }, [doc, check]);

  const nodes = useMemo(() => {
    const selected = new Set(selection);
    return doc.nodes.flatMap((n): OpFlowNode[] => {
      const data = dataById.get(n.id);
      if (!data) return [];
      return [
        {
          id: n.id,
          type: 'op',
          position: ownValue(dragging, n.id) ?? ownValue(doc.layout.nodes, n.id) ?? { x: 0, y: 0 },
          selected: selected.has(n.id),
          ...(hasOwnKey(measured, n.id) ? { measured: measured[n.id] } : {}),
          data,
        },
      ];
    });
  }, [doc, dataById, selection, dragging, measured]);

  const edges = useMemo(() => {
    // One lookup table instead of a search per edge: a 300-node graph has hundreds of edges.
    const opOf = new Map(doc.nodes.map((n) => [n.id, n.op]));
    const depth = nodeDepths(doc);
    const deepest = Math.max(1, ...depth.values());
    return doc.edges.map((e): GradFlowEdge => ({
      id: edgeId(e),
      type: 'grad',
      source: e.source,
      sourceHandle: e.sourcePort,
      target: e.target,
      targetHandle: e.targetPort,
      data: {
        color: CATEGORY_STYLE[getOp(opOf.get(e.source) ?? '')?.category ?? 'operation'].color,
        from: (depth.get(e.source) ?? 0) / deepest,
        to: (depth.get(e.target) ?? 0) / deepest,
        pulses: doc.edges.length <= PULSE_EDGE_LIMIT,
      },
    }));
  }, [doc]);

  return { nodes, edges };
}

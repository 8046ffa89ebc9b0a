/** Automatic left-to-right layout of the network with dagre. */
import dagre from '@dagrejs/dagre';
import type { GraphDoc, GraphLayout } from '../../src/graph/types';

/** Approximate node box on the canvas, used for spacing. */
export const NODE_SIZE = { width: 190, height: 86 };

/** Positions for every node, flowing from inputs (left) to losses (right). */
export function autoLayout(doc: GraphDoc): GraphLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { ...NODE_SIZE });
  for (const e of doc.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const nodes: GraphLayout['nodes'] = {};
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; the canvas places nodes by their top-left corner.
    nodes[n.id] = { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - NODE_SIZE.height / 2) };
  }
  return { nodes };
}

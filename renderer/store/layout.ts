/** Automatic left-to-right layout of the network with dagre. */
import dagre from '@dagrejs/dagre';
import type { GraphDoc, GraphLayout } from '../../src/graph/types';
import { setOwn } from '../../src/graph/own';

/** Approximate node box on the canvas, used for spacing. */
export const NODE_SIZE = { width: 190, height: 86 };

/** Positions for every node, flowing from inputs (left) to losses (right). */
export function autoLayout(doc: GraphDoc): GraphLayout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  // dagre keys plain objects by node name, so a node called `__proto__` or `constructor` would
  // break it: it lays out the nodes by index instead.
  const key = new Map(doc.nodes.map((n, i) => [n.id, `n${i}`]));
  for (const n of doc.nodes) g.setNode(key.get(n.id)!, { ...NODE_SIZE });
  for (const e of doc.edges) {
    const source = key.get(e.source);
    const target = key.get(e.target);
    if (source && target) g.setEdge(source, target);
  }
  dagre.layout(g);
  const nodes: GraphLayout['nodes'] = {};
  for (const n of doc.nodes) {
    const p = g.node(key.get(n.id)!);
    // dagre gives centres; the canvas places nodes by their top-left corner. setOwn: a node called
    // `__proto__` gets a position, not a new prototype for the record.
    setOwn(nodes, n.id, {
      x: Math.round(p.x - NODE_SIZE.width / 2),
      y: Math.round(p.y - NODE_SIZE.height / 2),
    });
  }
  return { nodes };
}

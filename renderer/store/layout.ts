/** Automatic left-to-right layout of the network: dagre, or a linear layered layout for big graphs. */
import dagre from '@dagrejs/dagre';
import type { GraphDoc, GraphLayout } from '../../src/graph/types';
import { nodeDepths } from '../canvas/depth';
import { setOwn } from '../../src/graph/own';

/** Approximate node box on the canvas, used for spacing. */
export const NODE_SIZE = { width: 190, height: 86 };

/** Gaps dagre is given: between nodes of one rank, between ranks, and around the graph. */
const NODE_SEP = 40;
const RANK_SEP = 80;
const MARGIN = 20;

/**
 * Above this many nodes the layout is {@link layeredLayout}: dagre's crossing reduction is
 * superlinear and took seconds on the main thread for a few thousand nodes (the page froze).
 */
export const DAGRE_LIMIT = 500;

/** Positions for every node, flowing from inputs (left) to losses (right). */
export function autoLayout(doc: GraphDoc): GraphLayout {
  if (doc.nodes.length > DAGRE_LIMIT) return layeredLayout(doc);
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: MARGIN, marginy: MARGIN });
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

/**
 * A layered layout in linear time, for graphs too big for dagre: each node's column is its
 * longest path from a source (as dagre ranks them); within a column nodes are ordered by the mean
 * row of their producers (one barycentre pass, no further crossing reduction), and each column is
 * centred on the tallest one. Spacing is dagre's.
 */
export function layeredLayout(doc: GraphDoc): GraphLayout {
  const depth = nodeDepths(doc);
  const producers = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = producers.get(e.target);
    if (list) list.push(e.source);
    else producers.set(e.target, [e.source]);
  }
  const columns: string[][] = [];
  for (const n of doc.nodes) {
    const d = depth.get(n.id) ?? 0;
    (columns[d] ??= []).push(n.id);
  }
  const row = new Map<string, number>();
  for (const column of columns) {
    if (!column) continue;
    // Columns are visited left to right, so every producer of this column already has its row.
    const key = new Map<string, number>();
    column.forEach((id, i) => {
      const rows = (producers.get(id) ?? []).map((p) => row.get(p)).filter((r) => r !== undefined);
      key.set(id, rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : i);
    });
    column.sort((a, b) => key.get(a)! - key.get(b)!);
    column.forEach((id, i) => row.set(id, i));
  }
  let tallest = 1;
  for (const column of columns) if (column && column.length > tallest) tallest = column.length;
  const nodes: GraphLayout['nodes'] = {};
  columns.forEach((column, d) => {
    const offset = ((tallest - column.length) * (NODE_SIZE.height + NODE_SEP)) / 2;
    column.forEach((id, i) => {
      setOwn(nodes, id, {
        x: MARGIN + d * (NODE_SIZE.width + RANK_SEP),
        y: Math.round(MARGIN + offset + i * (NODE_SIZE.height + NODE_SEP)),
      });
    });
  });
  return { nodes };
}

/** A generated valid graph of a chosen size: a residual ladder of Dense, ReLU and Add nodes. */
import type { GraphDoc, GraphEdge, GraphNode } from '../src/graph/types';

/** Width of every hidden vector of the ladder. */
const WIDTH = 16;

/** The training section of the generated benchmark graphs: a linear data set of `width` features. */
export function generatedTraining(width: number): GraphDoc['training'] {
  return {
    dataset: { kind: 'linear', features: width },
    testSplit: 0,
    shuffle: true,
    lossWeights: {},
    optimizer: { type: 'sgd', learningRate: 0.01 },
    batchSize: 32,
    epochs: 1,
    seed: 1,
  };
}

/**
 * Builds `x → [Dense → ReLU → Add(·, skip)]×k → Dense → MSE ← t` with exactly `nodes` nodes (the
 * last rungs may stop after their Dense or ReLU node). Every Dense node has a kernel and a bias.
 *
 * @param nodes - Total node count, at least 5.
 */
export function ladderGraph(nodes: number): GraphDoc {
  if (nodes < 5) throw new RangeError('a ladder needs at least 5 nodes');
  const list: GraphNode[] = [
    { id: 'x', op: 'Input', params: { shape: [WIDTH] } },
    { id: 't', op: 'Target', params: { shape: [1] } },
  ];
  const edges: GraphEdge[] = [];
  const edge = (source: string, target: string, targetPort: string) =>
    edges.push({ source, sourcePort: 'out', target, targetPort });
  let skip = 'x';
  let last = 'x';
  for (let i = 0; list.length < nodes - 2; i++) {
    const kind = i % 3;
    const id = `n${i}`;
    if (kind === 0) list.push({ id, op: 'Dense', params: { units: WIDTH } });
    else if (kind === 1) list.push({ id, op: 'ReLU', params: {} });
    else list.push({ id, op: 'Add', params: {} });
    edge(last, id, kind === 2 ? 'a' : 'in');
    if (kind === 2) {
      edge(skip, id, 'b');
      skip = id;
    }
    last = id;
  }
  list.push({ id: 'y', op: 'Dense', params: { units: 1 } }, { id: 'loss', op: 'MSE', params: {} });
  edge(last, 'y', 'in');
  edge('y', 'loss', 'prediction');
  edge('t', 'loss', 'target');
  const layout: GraphDoc['layout'] = { nodes: {} };
  list.forEach((n, i) => (layout.nodes[n.id] = { x: (i % 40) * 200, y: Math.floor(i / 40) * 120 }));
  return {
    schemaVersion: 1,
    name: `Generated ladder of ${list.length} nodes`,
    nodes: list,
    edges,
    layout,
    training: generatedTraining(WIDTH),
  };
}

/**
 * The editor store with node ids named like `Object.prototype` members (`constructor`, `toString`,
 * `__proto__`…): every edit keeps their positions, weights and params as for any other id.
 */
import { describe, expect, it } from 'vitest';
import { createEditorStore, undo } from '../../renderer/store/store';
import { frameView, walkView } from '../../renderer/run/runStore';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText, serializeGraph } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import type { TraceFrame } from '../../src/trace/types';
import { PROTOTYPE_IDS, rawExample, renameIds, RENAMED } from '../helpers/renamed-ids';

const mlp = RENAMED.find((r) => r.name === 'xor-mlp')!;

/** xor-mlp with x, hidden, output, t, loss called constructor, toString, __proto__, hasOwnProperty, valueOf. */
function renamedMlp(): GraphDoc {
  return parseGraphText(JSON.stringify(renameIds(rawExample('xor-mlp'), mlp.mapping))).doc!;
}

/** The position the layout holds for `id` itself (never one inherited from Object.prototype). */
function ownPosition(doc: GraphDoc, id: string): { x: number; y: number } | undefined {
  return Object.hasOwn(doc.layout.nodes, id) ? doc.layout.nodes[id] : undefined;
}

function expectPlaced(doc: GraphDoc, ids: readonly string[]): void {
  for (const id of ids) {
    const p = ownPosition(doc, id);
    expect(p, id).toBeDefined();
    expect(Number.isFinite(p!.x) && Number.isFinite(p!.y), id).toBe(true);
  }
}

describe('the editor store with prototype-named ids', () => {
  it('loads, edits, connects and checks such a graph, and saves it back', () => {
    const store = createEditorStore();
    store.getState().load(renamedMlp(), 'renamed.json');
    expectPlaced(store.getState().doc, PROTOTYPE_IDS);
    const s = store.getState();
    s.setParam('toString', 'units', 3);
    s.setLabel('__proto__', 'out');
    s.moveNodes(Object.fromEntries([['__proto__', { x: 500, y: 120 }]]));
    expect(ownPosition(store.getState().doc, '__proto__')).toEqual({ x: 500, y: 120 });
    s.setTraining({ lossWeights: Object.fromEntries([['valueOf', 2]]) });
    // A second loss wired to the same prediction.
    const extra = s.addNode('L2Error', { x: 900, y: 300 })!;
    expect(s.connect({ source: '__proto__', target: extra, targetPort: 'prediction' }).ok).toBe(true);
    expect(s.connect({ source: 'hasOwnProperty', target: extra, targetPort: 'target' }).ok).toBe(true);
    const doc = store.getState().doc;
    expect(doc.nodes.find((n) => n.id === 'toString')!.params.units).toBe(3);
    const check = checkGraph(doc, { training: true });
    expect(check.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check.shapes.get('toString')).toEqual(['N', 3]);
    const back = parseGraphText(serializeGraph(doc)).doc!;
    expect(back.training.lossWeights).toEqual(Object.fromEntries([['valueOf', 2]]));
    expectPlaced(back, [...PROTOTYPE_IDS, extra]);
  });

  it('expands and collapses a layer called toString, with its weights', () => {
    const store = createEditorStore();
    const weights = Object.fromEntries([
      [
        'toString',
        {
          kernel: { shape: [2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8] },
          bias: { shape: [4], values: [1, 2, 3, 4] },
        },
      ],
      ['__proto__', { kernel: { shape: [4, 1], values: [1, 2, 3, 4] }, bias: { shape: [1], values: [9] } }],
    ]);
    store.getState().load({ ...renamedMlp(), weights }, null);
    // Both answer null when done, the reason when not.
    expect(store.getState().expandNode('toString')).toBeNull();
    const expanded = store.getState().doc;
    expect(expanded.nodes.some((n) => n.id === 'toString')).toBe(false);
    expectPlaced(
      expanded,
      expanded.nodes.map((n) => n.id),
    );
    expect(checkGraph(expanded, { training: true }).graph).not.toBeNull();
    expect(store.getState().collapseNode('toString')).toBeNull();
    const collapsed = store.getState().doc;
    expect(ownPosition(collapsed, 'toString')).toEqual(ownPosition(renamedMlp(), 'toString'));
    expect(collapsed.weights).toEqual(weights);
    // Expanding `__proto__` works the same.
    expect(store.getState().expandNode('__proto__')).toBeNull();
    expectPlaced(
      store.getState().doc,
      store.getState().doc.nodes.map((n) => n.id),
    );
    undo(store);
    expect(store.getState().doc.weights).toEqual(weights);
  });

  it('copies, pastes, lays out and deletes such nodes', () => {
    const store = createEditorStore();
    store.getState().load(renamedMlp(), null);
    const s = store.getState();
    s.select(['constructor', 'toString']);
    const clip = s.copySelection();
    expect(Object.hasOwn(clip.positions, 'constructor')).toBe(true);
    expect(clip.positions.constructor).toEqual(ownPosition(renamedMlp(), 'constructor'));
    const pasted = s.paste(clip);
    expect(pasted).toHaveLength(2);
    expectPlaced(store.getState().doc, pasted);
    s.layout();
    expectPlaced(store.getState().doc, [...PROTOTYPE_IDS, ...pasted]);
    s.removeNodes(['__proto__']);
    expect(ownPosition(store.getState().doc, '__proto__')).toBeUndefined();
    expect(store.getState().doc.edges.some((e) => e.source === '__proto__' || e.target === '__proto__')).toBe(
      false,
    );
  });

  it('shows trace values under those ids on the canvas', () => {
    const trace = {
      shape: [1],
      stats: { min: 1, max: 1, mean: 1, std: 0, norm: 1, nonFinite: 0 },
      values: [1],
    };
    const frame = JSON.parse(
      JSON.stringify({
        step: 1,
        epoch: 0,
        loss: 1,
        nodes: Object.fromEntries(PROTOTYPE_IDS.map((id) => [id, { value: trace, grad: trace }])),
        weights: {},
      }),
    ) as TraceFrame;
    const view = frameView(frame);
    for (const id of PROTOTYPE_IDS) expect(Object.hasOwn(view, id), id).toBe(true);
    const walk = walkView(
      {
        loss: 1,
        events: PROTOTYPE_IDS.flatMap((id) => [
          { phase: 'forward' as const, nodeId: id, op: 'Sigmoid', formula: '', value: trace, inputs: [] },
          { phase: 'backward' as const, nodeId: id, op: 'Sigmoid', formula: '', grad: trace, chain: [] },
        ]),
      },
      2 * PROTOTYPE_IDS.length - 1,
    );
    for (const id of PROTOTYPE_IDS) expect(Object.hasOwn(walk, id) && walk[id]!.grad, id).toBeTruthy();
  });
});

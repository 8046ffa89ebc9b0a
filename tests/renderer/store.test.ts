/** The editor store driven without rendering: edits, connection rules, undo/redo, paste, layout, round trip. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearHistory, createEditorStore, redo, undo } from '../../renderer/store/store';
import { parseGraphText, serializeGraph } from '../../src/graph/load';
import { checkGraph } from '../../src/graph/check';

const example = (name: string) => parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8')).doc!;

describe('editing', () => {
  it('adds nodes with fresh ids where they were dropped, and selects them', () => {
    const store = createEditorStore();
    const a = store.getState().addNode('Dense', { x: 100.4, y: 50.6 });
    const b = store.getState().addNode('Dense', { x: 300, y: 50 });
    expect([a, b]).toEqual(['dense1', 'dense2']);
    expect(store.getState().doc.layout.nodes.dense1).toEqual({ x: 100, y: 51 });
    expect(store.getState().selection).toEqual(['dense2']);
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().addNode('NoSuchOp', { x: 0, y: 0 })).toBeNull();
  });

  it('connects Input → Dense → Sigmoid → loss into a graph whose shapes check out', () => {
    const store = createEditorStore();
    const s = store.getState();
    const x = s.addNode('Input', { x: 0, y: 0 })!;
    const d = s.addNode('Dense', { x: 200, y: 0 })!;
    const act = s.addNode('Sigmoid', { x: 400, y: 0 })!;
    const t = s.addNode('Target', { x: 400, y: 200 })!;
    const loss = s.addNode('L2Error', { x: 600, y: 100 })!;
    s.setParam(d, 'units', 1);
    for (const [source, target, targetPort] of [
      [x, d, 'in'],
      [d, act, 'in'],
      [act, loss, 'prediction'],
      [t, loss, 'target'],
    ])
      expect(store.getState().connect({ source, target, targetPort }).ok).toBe(true);
    const check = checkGraph(store.getState().doc);
    expect(check.diagnostics.filter((dg) => dg.severity === 'error')).toEqual([]);
    expect(check.shapes.get(d)).toEqual(['N', 1]);
    expect(check.shapes.get(loss)).toEqual([]);
  });

  it('refuses cycles, taken ports and self loops with a reason', () => {
    const store = createEditorStore(example('xor-slides'));
    const s = store.getState();
    const cycle = s.connect({ source: 'y', target: 's1', targetPort: 'a' });
    expect(cycle).toEqual({
      ok: false,
      reason: expect.stringContaining('input "a" of "s1" is already fed by "x"'),
    });
    const loop = s.connect({ source: 'h', target: 'z1', targetPort: 'b' });
    expect(loop.ok).toBe(false);
    const self = s.connect({ source: 'h', target: 'h', targetPort: 'in' });
    expect(self).toEqual({ ok: false, reason: 'a node cannot feed itself' });
    const doc = store.getState().doc;
    s.removeEdges(['z1:out->h:in']);
    const back = store.getState().connect({ source: 'y', target: 'h', targetPort: 'in' });
    expect(back).toEqual({ ok: false, reason: expect.stringContaining('would make a cycle') });
    expect(store.getState().doc.edges.length).toBe(doc.edges.length - 1);
  });

  it('deletes the selection with its edges, layout and weights', () => {
    const store = createEditorStore(example('xor-slides'));
    store.getState().select(['h']);
    store.getState().removeSelected();
    const doc = store.getState().doc;
    expect(doc.nodes.some((n) => n.id === 'h')).toBe(false);
    expect(doc.edges.some((e) => e.source === 'h' || e.target === 'h')).toBe(false);
    expect(doc.layout.nodes.h).toBeUndefined();
    expect(checkGraph(doc).diagnostics.some((d) => d.code === 'unconnected-port')).toBe(true);
  });
});

describe('undo and redo', () => {
  it('walks back and forth through document edits, not selection changes', () => {
    const store = createEditorStore();
    const s = store.getState();
    s.addNode('Input', { x: 0, y: 0 });
    s.addNode('Dense', { x: 100, y: 0 });
    store.getState().setParam('dense1', 'units', 4);
    store.getState().select([]);
    expect(store.getState().doc.nodes[1].params.units).toBe(4);
    undo(store);
    expect(store.getState().doc.nodes[1].params.units).toBeUndefined();
    undo(store);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['input1']);
    redo(store);
    redo(store);
    expect(store.getState().doc.nodes[1].params.units).toBe(4);
  });

  it('history starts fresh after loading a file', () => {
    const store = createEditorStore();
    store.getState().addNode('Input', { x: 0, y: 0 });
    store.getState().load(example('xor-mlp'), 'xor-mlp.json');
    clearHistory(store);
    undo(store);
    expect(store.getState().doc.name).toBe(example('xor-mlp').name);
    expect(store.getState().dirty).toBe(false);
  });
});

describe('copy, paste, duplicate, layout', () => {
  it('pastes copies with new ids, internal edges and offset positions', () => {
    const store = createEditorStore(example('xor-slides'));
    store.getState().select(['W1', 's1', 'x']);
    const clip = store.getState().copySelection();
    expect(clip.edges).toHaveLength(2);
    const ids = store.getState().paste(clip, { x: 10, y: 20 });
    expect(ids).toEqual(['input1', 'parameter1', 'matmul1']);
    const doc = store.getState().doc;
    expect(doc.edges.filter((e) => ids.includes(e.target))).toEqual([
      { source: 'input1', sourcePort: 'out', target: 'matmul1', targetPort: 'a' },
      { source: 'parameter1', sourcePort: 'out', target: 'matmul1', targetPort: 'b' },
    ]);
    expect(doc.layout.nodes.matmul1).toEqual({
      x: doc.layout.nodes.s1.x + 10,
      y: doc.layout.nodes.s1.y + 20,
    });
    expect(store.getState().selection).toEqual(ids);
    expect(store.getState().duplicateSelection()).toHaveLength(3);
  });

  it('auto-layout places inputs left of what they feed', () => {
    const store = createEditorStore(example('spiral-mlp'));
    store.getState().layout();
    const p = store.getState().doc.layout.nodes;
    expect(p.x.x).toBeLessThan(p.hidden.x);
    expect(p.hidden.x).toBeLessThan(p.output.x);
    expect(p.output.x).toBeLessThan(p.loss.x);
    const keys = Object.keys(p).sort();
    expect(keys).toEqual(
      store
        .getState()
        .doc.nodes.map((n) => n.id)
        .sort(),
    );
  });
});

describe('save and reopen', () => {
  it('gives back the identical JSON for every example', () => {
    for (const name of ['xor-slides', 'spiral-mlp', 'mnist-mlp']) {
      const store = createEditorStore();
      store.getState().load(example(name), `${name}.json`);
      const saved = serializeGraph(store.getState().doc);
      const reopened = createEditorStore();
      reopened.getState().load(parseGraphText(saved).doc!, `${name}.json`);
      expect(serializeGraph(reopened.getState().doc)).toBe(saved);
    }
  });
});

describe('canvas changes', () => {
  it('adds to and takes from the selection as the canvas reports clicks and boxes', () => {
    const store = createEditorStore();
    const s = store.getState();
    for (const x of [0, 200, 400]) s.addNode('Dense', { x, y: 0 });
    s.select([]);
    s.changeSelection([
      { id: 'dense1', selected: true },
      { id: 'dense3', selected: true },
    ]);
    expect(store.getState().selection).toEqual(['dense1', 'dense3']);
    s.changeSelection([{ id: 'dense1', selected: false }]);
    expect(store.getState().selection).toEqual(['dense3']);
  });

  it('removes nodes with their edges in one undo step, and drops them from the selection', () => {
    const store = createEditorStore();
    const s = store.getState();
    const x = s.addNode('Input', { x: 0, y: 0 })!;
    const d = s.addNode('Dense', { x: 200, y: 0 })!;
    s.connect({ source: x, target: d });
    s.select([x, d]);
    s.removeNodes([x]);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual([d]);
    expect(store.getState().doc.edges).toEqual([]);
    expect(store.getState().selection).toEqual([d]);
    undo(store);
    expect(store.getState().doc.edges).toHaveLength(1);
  });
});

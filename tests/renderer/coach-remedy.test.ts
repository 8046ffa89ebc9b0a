/** A coach remedy applied in the editor: one undoable edit of training settings and node params. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import { createEditorStore, undo } from '../../renderer/store/store';

describe('applyChanges', () => {
  it('changes exactly the settings and params a remedy names, and one undo takes it back', () => {
    const doc = parseGraphText(readFileSync('graphs/spiral-mlp.json', 'utf8')).doc!;
    const store = createEditorStore(doc);
    store.getState().applyChanges({
      training: { seed: 9, optimizer: { type: 'adam', learningRate: 0.01 } },
      params: [{ nodeId: 'hidden', name: 'activation', value: 'leakyRelu' }],
    });
    const next = store.getState().doc;
    expect(next.training).toEqual({
      ...doc.training,
      seed: 9,
      optimizer: { type: 'adam', learningRate: 0.01 },
    });
    expect(next.nodes.find((n) => n.id === 'hidden')!.params).toEqual({
      ...doc.nodes.find((n) => n.id === 'hidden')!.params,
      activation: 'leakyRelu',
    });
    expect(next.nodes.filter((n) => n.id !== 'hidden')).toEqual(doc.nodes.filter((n) => n.id !== 'hidden'));
    expect(store.getState().dirty).toBe(true);
    undo(store);
    expect(store.getState().doc).toEqual(doc);
  });
});

/** The store's training edits: defaulted fields follow the data set until the user sets them. */
import { describe, expect, it } from 'vitest';
import { parseGraphValue, serializeGraph } from '../../src/graph/load';
import { createEditorStore, emptyDoc, undo } from '../../renderer/store/store';

describe('training defaults in the editor store', () => {
  it('a new graph trains on XOR with XOR’s defaults and saves only the data set', () => {
    const doc = emptyDoc();
    expect(doc.training).toMatchObject({ dataset: { kind: 'xor' }, batchSize: 4, epochs: 1000 });
    expect(JSON.parse(serializeGraph(doc)).training).toEqual({ dataset: { kind: 'xor' } });
  });

  it('switching the data set switches the defaulted fields, not the ones the user set', () => {
    const store = createEditorStore(emptyDoc());
    store.getState().setTraining({ epochs: 77 });
    store.getState().setTraining({ dataset: { kind: 'spiral' } });
    const { training } = store.getState().doc;
    expect(training).toMatchObject({
      epochs: 77,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.02 },
    });
    expect(JSON.parse(serializeGraph(store.getState().doc)).training).toEqual({
      dataset: { kind: 'spiral' },
      epochs: 77,
    });
    undo(store);
    expect(store.getState().doc.training).toMatchObject({
      dataset: { kind: 'xor' },
      epochs: 77,
      batchSize: 4,
    });
  });

  it('a loaded file’s explicit fields stay put when the data set changes', () => {
    const file = parseGraphValue({
      schemaVersion: 1,
      nodes: [],
      edges: [],
      training: { dataset: { kind: 'xor' }, optimizer: { type: 'sgd' } },
    }).doc!;
    const store = createEditorStore(file);
    store.getState().setTraining({ dataset: { kind: 'moons' } });
    // The type was the file's; its step size was a default and becomes plain SGD's.
    expect(store.getState().doc.training.optimizer).toEqual({ type: 'sgd', learningRate: 0.1 });
    expect(store.getState().doc.training.batchSize).toBe(32);
  });
});

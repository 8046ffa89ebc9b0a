/** CSV import's graph fit: Input shape, Target encoding and shape, ids kept as ids. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { checkData } from '../../src/run/check-data';
import { fitGraphToData, idInputs } from '../../src/run/fit-graph';
import type { ParamChange } from '../../src/run/fit-graph';
import { createEditorStore, redo, undo } from '../../renderer/store/store';

const example = (name: string): GraphDoc => parseGraphText(readFileSync(`graphs/${name}`, 'utf8')).doc!;

/** Four feature columns and three classes named by text. */
const IRIS_LIKE = 'a,b,c,d,species\n1,2,3,4,setosa\n2,3,4,5,versicolor\n3,4,5,6,virginica\n4,5,6,7,setosa\n';

describe('fitting a graph to imported data', () => {
  it('sets the Input shape and a one-hot Target for categorical cross-entropy', () => {
    const doc = example('spiral-mlp.json');
    const data = parseCsv(IRIS_LIKE);
    const fit = fitGraphToData(doc, data);
    expect(fit.summary).toEqual(['Input "x": shape [2] → [4]']);
    // spiral-mlp already has a one-hot Target of 3 classes: only the Input changes.
    const fitted = apply(doc, fit.changes);
    expect(checkData(checkGraph(fitted).graph!, data)).toEqual([]);
  });

  it('turns a value Target into one-hot of K classes for a categorical loss', () => {
    const doc = example('spiral-mlp.json');
    const t = doc.nodes.find((n) => n.op === 'Target')!;
    t.params = { shape: [1], encoding: 'value' };
    const data = parseCsv('a,b,label\n0,0,x\n1,1,y\n2,2,z\n3,3,w\n');
    const fit = fitGraphToData(doc, data);
    expect(fit.summary).toEqual([`Target "${t.id}": encoding value → onehot, shape [1] → [4]`]);
  });

  it('keeps a two-class label as a value for a binary loss, and says nothing when all fits', () => {
    const fit = fitGraphToData(example('xor-mlp.json'), parseCsv('a,b,label\n0,0,no\n1,1,yes\n'));
    expect(fit).toEqual({ changes: [], summary: [] });
  });

  it('gives real-valued labels a value Target', () => {
    const doc = example('spiral-mlp.json');
    const fit = fitGraphToData(doc, parseCsv('a,b,y\n0,0,0.5\n1,1,1.5\n', { labelEncoding: 'numeric' }));
    expect(fit.changes.filter((c) => c.name === 'encoding')).toEqual([
      { nodeId: expect.any(String), name: 'encoding', value: 'value' },
    ]);
  });

  it('applies as one undoable edit along with the data set', () => {
    const store = createEditorStore(example('spiral-mlp.json'));
    const data = parseCsv(IRIS_LIKE);
    const before = store.getState().doc;
    const fit = fitGraphToData(before, data);
    store.getState().applyDataset({ kind: 'csv', path: 'iris.csv' }, fit.changes);
    const after = store.getState().doc;
    expect(after.nodes.find((n) => n.id === 'x')!.params.shape).toEqual([4]);
    expect(after.training.dataset).toEqual({ kind: 'csv', path: 'iris.csv' });
    undo(store);
    expect(store.getState().doc).toBe(before);
    redo(store);
    expect(store.getState().doc.nodes.find((n) => n.id === 'x')!.params.shape).toEqual([4]);
  });

  it('finds the Inputs whose values are ids for an Embedding', () => {
    const doc = example('xor-mlp.json');
    expect(idInputs(doc)).toEqual([]);
    doc.nodes.push({ id: 'emb', op: 'Embedding', params: {} });
    doc.edges.push({ source: 'x', sourcePort: 'out', target: 'emb', targetPort: 'in' });
    expect(idInputs(doc)).toEqual([{ inputId: 'x', nodeId: 'emb' }]);
  });
});

function apply(doc: GraphDoc, changes: ParamChange[]): GraphDoc {
  const store = createEditorStore(doc);
  store.getState().applyDataset(doc.training.dataset, changes);
  return store.getState().doc;
}

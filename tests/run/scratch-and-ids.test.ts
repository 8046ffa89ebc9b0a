/**
 * Scratch nodes (not connected to the loss, not finished) are warnings and training leaves them
 * out; ids an Embedding reads are checked before the backend sees them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/backend/node';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText, parseGraphValue } from '../../src/graph/load';
import type { GraphDoc, GraphNode } from '../../src/graph/types';
import { prepareRun } from '../../src/run/prepare';
import type { PreparedRun } from '../../src/run/prepare';

const xorMlp = (): GraphDoc => parseGraphText(readFileSync('graphs/xor-mlp.json', 'utf8')).doc!;
const withNodes = (...nodes: GraphNode[]): GraphDoc => {
  const d = xorMlp();
  d.nodes.push(...nodes);
  return d;
};

const prepared: PreparedRun[] = [];
beforeAll(async () => {
  await startNodeBackend('cpu');
});
afterAll(() => prepared.forEach((p) => p.trainer.dispose()));

async function ready(doc: GraphDoc, files: Record<string, Uint8Array> = {}): Promise<PreparedRun> {
  const r = await prepareRun(doc, files);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  prepared.push(r);
  return r;
}

describe('a scratch node', () => {
  it('is one warning saying why, and the checked graph leaves it out', () => {
    const doc = withNodes(
      { id: 'scratch', op: 'Dense', params: {} },
      { id: 'act', op: 'Sigmoid', params: {} },
    );
    doc.edges.push({ source: 'scratch', sourcePort: 'out', target: 'act', targetPort: 'in' });
    const checked = checkGraph(doc);
    expect(checked.graph).not.toBeNull();
    expect(checked.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    const scratch = checked.diagnostics.find((d) => d.nodeId === 'scratch')!;
    expect(scratch.code).toBe('unreachable');
    expect(scratch.message).toMatch(/input "in" of Dense node "scratch" is not connected/);
    expect(scratch.message).toMatch(/training leaves it out/);
    expect(checked.graph!.nodes.has('scratch')).toBe(false);
    expect(checked.graph!.nodes.has('act')).toBe(false);
    expect(checked.graph!.nodes.has('hidden')).toBe(true);
  });

  it('does not hide the errors of the network itself', () => {
    const doc = withNodes({ id: 'scratch', op: 'Dense', params: {} });
    doc.edges = doc.edges.filter((e) => e.target !== 'hidden');
    const checked = checkGraph(doc);
    expect(checked.graph).toBeNull();
    expect(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.nodeId)).toEqual([
      'hidden',
      'scratch',
    ]);
  });

  it('trains, traces and steps with the network', async () => {
    const run = await ready(withNodes({ id: 'scratch', op: 'MatMul', params: {} }));
    run.trainer.stepFast().dispose();
    const frame = await run.trainer.stepTraced();
    expect(Object.keys(frame.nodes)).toContain('hidden');
    expect(Object.keys(frame.nodes)).not.toContain('scratch');
    const inspected = await run.trainer.inspectStep();
    expect(Object.keys(inspected.nodes)).toContain('loss');
  });

  it('an unconnected Input the data does not fit is left out too, with a warning', async () => {
    const run = await ready(withNodes({ id: 'x2', op: 'Input', params: { shape: [3] } }));
    expect(run.graph.nodes.has('x2')).toBe(false);
    const warning = run.warnings.filter((d) => d.nodeId === 'x2');
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({ code: 'unreachable', severity: 'warning' });
    expect(warning[0].message).toMatch(/set the Input shape to \[2\]/);
    run.trainer.stepFast().dispose();
  });

  it('a connected Input the data does not fit still stops training at the fit stage', async () => {
    const doc = xorMlp();
    doc.nodes.find((n) => n.id === 'x')!.params.shape = [3];
    const r = await prepareRun(doc, {});
    expect(r).toMatchObject({ ok: false, stage: 'fit' });
  });
});

/** Input[1] of ids → Embedding(16 ids) → Flatten → Dense(1, sigmoid) → BCE, on a CSV file. */
function embeddingDoc(normalize?: 'standard'): GraphDoc {
  return parseGraphValue({
    schemaVersion: 1,
    nodes: [
      { id: 'ids', op: 'Input', params: { shape: [1] } },
      { id: 'emb', op: 'Embedding', params: { inputDim: 16, outputDim: 2 } },
      { id: 'flat', op: 'Flatten', params: {} },
      { id: 'out', op: 'Dense', params: { units: 1, activation: 'sigmoid' } },
      { id: 't', op: 'Target', params: { shape: [1] } },
      { id: 'loss', op: 'BinaryCrossEntropy', params: {} },
    ],
    edges: [
      { source: 'ids', target: 'emb', targetPort: 'in' },
      { source: 'emb', target: 'flat', targetPort: 'in' },
      { source: 'flat', target: 'out', targetPort: 'in' },
      { source: 'out', target: 'loss', targetPort: 'prediction' },
      { source: 't', target: 'loss', targetPort: 'target' },
    ],
    training: {
      dataset: {
        kind: 'csv',
        path: 'users.csv',
        labelEncoding: 'numeric',
        ...(normalize ? { normalize } : {}),
      },
    },
  }).doc!;
}
const csv = (text: string) => ({ 'users.csv': new TextEncoder().encode(text) });

describe('ids read by an Embedding', () => {
  it('in range: trains', async () => {
    const run = await ready(embeddingDoc(), csv('user_id,clicked\n0,1\n15,0\n3,1\n'));
    run.trainer.stepFast().dispose();
  });

  it('a negative id names the node, the column, the value and the example', async () => {
    const r = await prepareRun(embeddingDoc(), csv('user_id,clicked\n0,1\n-1,0\n3,1\n'));
    expect(r).toMatchObject({ ok: false, stage: 'fit' });
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ nodeId: 'emb', field: 'inputDim', severity: 'error' });
    expect(r.diagnostics[0].message).toBe(
      'Embedding node "emb" looks up ids 0 … 15 from Input "ids", but data column "user_id" has −1 in example 2 of "users.csv"; ids start at 0; fix the data',
    );
  });

  it('an id past the table says how far to raise it', async () => {
    const r = await prepareRun(embeddingDoc(), csv('user_id,clicked\n0,1\n20,0\n'));
    if (r.ok) throw new Error('expected a fit failure');
    expect(r.diagnostics[0].message).toMatch(/has 20 in example 2 .*raise inputDim to at least 21/);
  });

  it('normalized ids are not ids', async () => {
    const r = await prepareRun(embeddingDoc('standard'), csv('user_id,clicked\n0,1\n15,0\n3,1\n'));
    if (r.ok) throw new Error('expected a fit failure');
    expect(r.diagnostics[0].message).toMatch(/ids must be whole numbers; do not normalize this column/);
  });
});

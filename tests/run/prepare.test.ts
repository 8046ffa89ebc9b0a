/** prepareRun: the stages from a graph document to a trainer, and what each failure reports. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/backend/node';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { prepareRun } from '../../src/run/prepare';
import type { PreparedRun } from '../../src/run/prepare';

function doc(edit: (d: GraphDoc) => void = () => {}): GraphDoc {
  const d = parseGraphText(readFileSync('graphs/xor-mlp.json', 'utf8')).doc!;
  edit(d);
  return d;
}

const prepared: PreparedRun[] = [];
beforeAll(async () => {
  await startNodeBackend('cpu');
});
afterAll(() => prepared.forEach((p) => p.trainer.dispose()));

describe('prepareRun', () => {
  it('builds a trainer for a good graph, after the hook', async () => {
    const calls: string[] = [];
    const r = await prepareRun(doc(), {}, { beforeTrainer: async () => calls.push('hook') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    prepared.push(r);
    expect(calls).toEqual(['hook']);
    expect(r.trainer.train.count).toBe(4);
    expect(r.dataset.name).toBe('xor');
  });

  it('applies the seed and overrides', async () => {
    const r = await prepareRun(doc(), {}, { seed: 9, overrides: { epochs: 3 } });
    if (!r.ok) throw new Error('expected a trainer');
    prepared.push(r);
    expect(r.trainer.spec).toMatchObject({ seed: 9, epochs: 3 });
  });

  it('stops at the graph stage without running the hook', async () => {
    let hooked = false;
    const broken = doc((d) => (d.edges = d.edges.slice(1)));
    const r = await prepareRun(broken, {}, { beforeTrainer: async () => (hooked = true) });
    expect(r).toMatchObject({ ok: false, stage: 'graph' });
    expect(hooked).toBe(false);
  });

  it('reports a data file that was not sent at the data stage, on training.dataset', async () => {
    const r = await prepareRun(
      doc((d) => (d.training.dataset = { kind: 'csv', path: 'x.csv' })),
      {},
    );
    expect(r).toMatchObject({ ok: false, stage: 'data' });
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: 'bad-training', field: 'training.dataset' });
    expect(r.diagnostics[0].message).toMatch(/^data set: the data file "x\.csv" was not sent/);
  });

  it('reports data that does not fit the Input node at the fit stage, naming the node', async () => {
    const r = await prepareRun(
      doc((d) => (d.training.dataset = { kind: 'linear', features: 3 })),
      {},
    );
    expect(r).toMatchObject({ ok: false, stage: 'fit' });
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: 'shape-mismatch', nodeId: 'x' });
  });

  it('reports a test split the data cannot give on training.testSplit', async () => {
    const r = await prepareRun(
      doc((d) => (d.training.dataset = { kind: 'inline', features: [[0, 0]], labels: [[0]] })),
      {},
      { overrides: { testSplit: 0.5 } },
    );
    expect(r).toMatchObject({ ok: false, stage: 'data' });
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ field: 'training.testSplit' });
  });
});

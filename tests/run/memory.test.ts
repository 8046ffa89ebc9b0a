/**
 * Runs too big to train are refused before anything is allocated: a tensor no backend can hold is a
 * validation error on its node, and a run whose estimate exceeds the memory limit is refused by
 * prepareRun with the figure, its parts and the node or data set to shrink.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { DEFAULT_MEMORY_LIMIT, estimateRunMemory, formatBytes, GB, MB } from '../../src/run/memory';
import { prepareRun } from '../../src/run/prepare';

function doc(file: string, edit: (d: GraphDoc) => void = () => {}): GraphDoc {
  const d = parseGraphText(readFileSync(`graphs/${file}`, 'utf8')).doc!;
  edit(d);
  return d;
}

const node = (d: GraphDoc, id: string) => d.nodes.find((n) => n.id === id)!;

/** xor-mlp with an extra Parameter that feeds nothing. */
const withParameter = (shape: number[]) =>
  doc('xor-mlp.json', (d) =>
    d.nodes.push({
      id: 'big',
      op: 'Parameter',
      params: { shape, init: 'zeros' },
    } as GraphDoc['nodes'][number]),
  );

describe('tensors no backend can hold are validation errors on their node', () => {
  it('Dense 65536 → 65536 (a kernel of 2³² values) names the node and units', () => {
    const d = doc('xor-mlp.json', (g) => {
      node(g, 'x').params.shape = [65536];
      node(g, 'hidden').params.units = 65536;
    });
    const r = checkGraph(d);
    expect(r.graph).toBeNull();
    const e = r.diagnostics.find((x) => x.nodeId === 'hidden' && x.severity === 'error');
    expect(e).toMatchObject({ code: 'bad-param', field: 'units' });
    expect(e!.message).toMatch(/weight "kernel" \[65536,65536\] has 4,294,967,296 values/);
  });

  it('a Parameter of 2³² values is not "valid"', () => {
    const d = doc('xor-mlp.json', (g) => {
      node(g, 'hidden').params.units = 65536;
      g.nodes.push({
        id: 'big',
        op: 'Parameter',
        params: { shape: [65536, 65536], init: 'zeros' },
      } as GraphDoc['nodes'][number]);
      // Used, so that it is not a scratch node training would leave out.
      g.nodes.push({ id: 'mm', op: 'MatMul', params: {} } as GraphDoc['nodes'][number]);
      g.nodes.push({ id: 'pen', op: 'L2Penalty', params: { lambda: 0.1 } } as GraphDoc['nodes'][number]);
      g.edges.push(
        { source: 'hidden', sourcePort: 'out', target: 'mm', targetPort: 'a' },
        { source: 'big', sourcePort: 'out', target: 'mm', targetPort: 'b' },
        { source: 'mm', sourcePort: 'out', target: 'pen', targetPort: 'weight' },
      );
    });
    const r = checkGraph(d);
    expect(r.graph).toBeNull();
    const e = r.diagnostics.find((x) => x.nodeId === 'big');
    expect(e).toMatchObject({ code: 'bad-param', field: 'shape', severity: 'error' });
    expect(e!.message).toMatch(/more than the 2,147,483,647 one tensor can hold; lower shape/);
  });
});

describe('estimateRunMemory', () => {
  it('counts weights, gradients, optimizer slots, traced copies, activations and data', () => {
    const d = doc('spiral-mlp.json');
    const graph = checkGraph(d).graph!;
    const data = { name: 'spiral', count: 300, featureSize: 2, labelSize: 1 };
    const adam = estimateRunMemory(graph, data, { batchSize: 32, optimizer: 'adam', testSplit: 0 });
    // hidden 2×100 + 100, output 100×3 + 3: 603 float32 values.
    const weights = (2 * 100 + 100 + 100 * 3 + 3) * 4;
    expect(adam.parts.weights).toBe(weights);
    expect(adam.parts.gradients).toBe(weights);
    expect(adam.parts.optimizer).toBe(2 * weights);
    expect(adam.parts.traced).toBe(2 * weights);
    // 300 examples of 2 features, one-hot labels of 3 on the backend; features and indices on the host.
    expect(adam.parts.deviceData).toBe(300 * (2 + 3) * 4);
    expect(adam.parts.hostData).toBe(300 * (2 + 1) * 4);
    expect(adam.nodes[0].nodeId).toBe('hidden');
    const sgd = estimateRunMemory(graph, data, { batchSize: 32, optimizer: 'sgd', testSplit: 0 });
    expect(sgd.parts.optimizer).toBe(0);
    expect(sgd.total).toBe(adam.total - 2 * weights);
  });

  it('counts the per-epoch shuffled copy of a small training split, not of a big one', () => {
    const graph = checkGraph(doc('spiral-mlp.json')).graph!;
    const small = { name: 'spiral', count: 300, featureSize: 2, labelSize: 1 };
    const plan = { batchSize: 32, optimizer: 'sgd' as const, testSplit: 0 };
    const shuffled = estimateRunMemory(graph, small, { ...plan, shuffle: true });
    expect(shuffled.parts.deviceData).toBe(2 * 300 * (2 + 3) * 4);
    expect(estimateRunMemory(graph, small, { ...plan, shuffle: false }).parts.deviceData).toBe(
      300 * (2 + 3) * 4,
    );
    // 20 M examples × 5 floats = 400 MB: over the copy limit, batches are gathered instead.
    const big = { ...small, count: 20_000_000 };
    expect(estimateRunMemory(graph, big, { ...plan, shuffle: true }).parts.deviceData).toBe(
      20_000_000 * 5 * 4,
    );
  });

  it('formats sizes in 1024s', () => {
    expect(formatBytes(2 * GB)).toBe('2 GB');
    expect(formatBytes(512 * MB)).toBe('512 MB');
    expect(formatBytes(1.5 * GB)).toBe('1.5 GB');
    expect(formatBytes(80)).toBe('80 bytes');
  });
});

describe('prepareRun refuses a run over the memory limit', () => {
  it('an unused Parameter of [30000, 30000]: names the node, the figure and the Adam slots', async () => {
    const r = await prepareRun(withParameter([30000, 30000]), {});
    expect(r).toMatchObject({ ok: false, stage: 'memory' });
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: 'bad-param', nodeId: 'big', field: 'shape' });
    expect(r.diagnostics[0].message).toMatch(
      /^node "big": the run needs about 20\.1 GB \(Adam slots 6\.7 GB, traced copies 6\.7 GB, weights 3\.4 GB, …\), over the 2 GB limit; make it smaller \(shape\) or raise the limit \(the memory limit setting\)$/,
    );
  });

  it('the spiral at 100 classes × 100,000 points, refused before it is generated', async () => {
    const d = doc('spiral-mlp.json', (g) => {
      g.training.dataset = { kind: 'spiral', classes: 100, pointsPerClass: 100_000 };
      node(g, 'output').params.units = 100;
      node(g, 't').params.shape = [100];
    });
    const started = performance.now();
    const r = await prepareRun(d, {});
    // Generating 10,000,000 points alone takes seconds.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, stage: 'memory' });
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: 'bad-training', field: 'training.dataset' });
    expect(r.diagnostics[0].message).toMatch(
      /^data set "spiral \(100 classes × 100000\)" \(10000000 examples\): the run needs about [\d.]+ GB \(data on the backend 3\.\d GB/,
    );
  });

  it('takes a raised limit, and a lower one refuses a graph that fits the default', async () => {
    const d = doc('spiral-mlp.json');
    const small = await prepareRun(
      d,
      {},
      { limits: { memoryBytes: 64 * 1024 }, raiseHints: { memory: '--memory-limit', file: '--file-limit' } },
    );
    expect(small).toMatchObject({ ok: false, stage: 'memory' });
    if (!small.ok)
      expect(small.diagnostics[0].message).toMatch(
        /over the 64 KB limit; .*raise the limit \(--memory-limit\)$/,
      );
    const fits = await prepareRun(d, {}, { limits: { memoryBytes: DEFAULT_MEMORY_LIMIT } });
    expect(fits.ok).toBe(true);
    if (fits.ok) fits.trainer.dispose();
  });

  it('refuses weights too big before reading a data file', async () => {
    const d = withParameter([30000, 30000]);
    d.training.dataset = { kind: 'csv', path: 'never-read.csv' };
    const read: string[] = [];
    const r = await prepareRun(d, (p) => {
      read.push(p);
      return new Uint8Array();
    });
    expect(r).toMatchObject({ ok: false, stage: 'memory' });
    expect(read).toEqual([]);
  });

  it('refuses a data file sent with the graph over the file size limit', async () => {
    const d = doc('xor-mlp.json', (g) => (g.training.dataset = { kind: 'csv', path: 'x.csv' }));
    const r = await prepareRun(d, { 'x.csv': new Uint8Array(2048) }, { limits: { fileBytes: 1024 } });
    expect(r).toMatchObject({ ok: false, stage: 'data' });
    if (!r.ok)
      expect(r.diagnostics[0].message).toMatch(
        /"x\.csv" is 2 KB, over the 1 KB limit; raise it with the file size limit setting/,
      );
  });
});

/**
 * A graph whose losses depend on no trainable weight is an error of validation naming the loss,
 * not a tfjs failure ("Cannot find a connection between any variable…") at the first step.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/backend/node';
import { runCli } from '../../src/cli/main';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { prepareRun } from '../../src/run/prepare';

const slides = (): GraphDoc => parseGraphText(readFileSync('graphs/xor-slides.json', 'utf8')).doc!;

/** x → Sigmoid → L2Error "E" ← t: an activation and a loss, no weight anywhere. */
function noWeights(): GraphDoc {
  const doc = slides();
  doc.nodes = [
    { id: 'x', op: 'Input', params: { shape: [2] } },
    { id: 'y', op: 'Sigmoid', params: {} },
    { id: 't', op: 'Target', params: { shape: [2], encoding: 'value' } },
    { id: 'E', op: 'L2Error', params: {} },
  ];
  doc.edges = [
    { source: 'x', sourcePort: 'out', target: 'y', targetPort: 'in' },
    { source: 'y', sourcePort: 'out', target: 'E', targetPort: 'prediction' },
    { source: 't', sourcePort: 'out', target: 'E', targetPort: 'target' },
  ];
  doc.layout = { nodes: {} };
  doc.training = {
    ...doc.training,
    dataset: { kind: 'inline', features: [[1, 0]], labels: [[1, 0]] },
  } as GraphDoc['training'];
  return doc;
}

/** What the CLI, the worker and the editor ask for. */
const TRAINING = { training: true } as const;

const MESSAGE =
  'loss "E" depends on no trainable weight: nothing to train; add a layer or a Parameter before it';

beforeAll(async () => {
  await startNodeBackend('cpu');
});

describe('a loss that depends on no trainable weight', () => {
  it('fails `backprop-studio validate` with the error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bps-untrainable-')), 'g.json');
    writeFileSync(path, JSON.stringify(noWeights()));
    const out: string[] = [];
    const code = await runCli(['validate', path], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      isTTY: false,
    });
    expect(code).toBe(1);
    expect(out.join('\n')).toContain(MESSAGE);
  });

  it('is an error naming the loss: Input → Sigmoid → loss', () => {
    const checked = checkGraph(noWeights(), TRAINING);
    expect(checked.graph).toBeNull();
    expect(checked.diagnostics).toEqual([
      expect.objectContaining({ code: 'nothing-to-train', severity: 'error', nodeId: 'E', message: MESSAGE }),
    ]);
  });

  it('is an error when the only weights feed no loss', () => {
    const doc = noWeights();
    doc.nodes.push({ id: 'side', op: 'Dense', params: { units: 3 } });
    doc.edges.push({ source: 'x', sourcePort: 'out', target: 'side', targetPort: 'in' });
    const checked = checkGraph(doc, TRAINING);
    expect(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.nodeId)).toEqual(['E']);
  });

  it('stops prepareRun at the graph stage instead of failing in tfjs', async () => {
    const r = await prepareRun(noWeights(), {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.stage).toBe('graph');
      expect(r.diagnostics.map((d) => d.message)).toEqual([MESSAGE]);
    }
  });

  it('is not checked for a graph only computed (shapes, export), which needs no weights', () => {
    expect(checkGraph(noWeights()).diagnostics).toEqual([]);
  });

  it('is no error with a layer before the loss', () => {
    const doc = noWeights();
    doc.nodes.push({ id: 'd', op: 'Dense', params: { units: 2 } });
    doc.edges = doc.edges.map((e) => (e.source === 'x' ? { ...e, target: 'd' } : e));
    doc.edges.push({ source: 'd', sourcePort: 'out', target: 'y', targetPort: 'in' });
    expect(checkGraph(doc, TRAINING).diagnostics).toEqual([]);
    expect(checkGraph(slides(), TRAINING).diagnostics).toEqual([]);
  });
});

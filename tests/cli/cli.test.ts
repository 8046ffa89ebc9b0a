/**
 * The `backprop-studio` CLI: commands, output formats and exit codes, in-process through `runCli`
 * and once through the real bin script.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { parseGraphText } from '../../src/graph/load';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out, err, stdout: out.join('\n'), stderr: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'bps-cli-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const slides = readFileSync('graphs/xor-slides.json', 'utf8');

describe('validate', () => {
  it('exits 0 and says valid for a good graph', async () => {
    const r = await cli('validate', 'graphs/xor-slides.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid (13 nodes, 12 edges)');
  });

  it('exits 1 with one line per problem naming the node', async () => {
    const doc = JSON.parse(slides);
    doc.nodes.find((n: { id: string }) => n.id === 'W1').params.shape = [3, 2];
    doc.nodes.find((n: { id: string }) => n.id === 'W1').params.values = [1, 2, 3, 4, 5, 6];
    doc.edges.push({ source: 'E', sourcePort: 'out', target: 'ghost', targetPort: 'in' });
    const r = await cli('validate', write('bad.json', JSON.stringify(doc)));
    expect(r.code).toBe(1);
    expect(r.out.some((l) => l.includes('[dangling-edge]') && l.includes('ghost'))).toBe(true);
    const shape = r.out.find((l) => l.includes('[shape-mismatch]'));
    expect(shape).toContain('node "s1"');
    expect(shape).toContain('[N,2]');
    expect(shape).toContain('[3,2]');
    expect(r.out.every((l) => !l.includes('    at '))).toBe(true);
  });

  it('exits 2 for a missing file, a file that is not JSON, and JSON that is not a graph', async () => {
    expect((await cli('validate', join(dir, 'nope.json'))).code).toBe(2);
    const notJson = await cli('validate', write('broken.json', '{\n  "schemaVersion": 1,\n  "nodes": [\n'));
    expect(notJson.code).toBe(2);
    expect(notJson.stdout).toMatch(/line \d+/);
    const notGraph = await cli('validate', write('list.json', '[1, 2, 3]'));
    expect(notGraph.code).toBe(2);
    expect(notGraph.stdout).toContain('not-a-graph');
  });

  it('reports schema errors with their path and exits 1', async () => {
    const doc = JSON.parse(slides);
    doc.training.batchSize = 'big';
    doc.nodes[0].colour = 'red';
    const r = await cli('validate', write('schema.json', JSON.stringify(doc)));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('training.batchSize');
    expect(r.stdout).toContain('nodes[0]');
    expect(r.stdout).toContain('"colour"');
  });
});

describe('step', () => {
  it('--json gives loss, forward, backward and params of the slides example', async () => {
    const r = await cli('step', 'graphs/xor-slides.json', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const y = sig(sig(2.2) * 4.5 + sig(-1.6) * -5.2 - 2);
    expect(j.forward.y[0][0]).toBeCloseTo(y, 6);
    expect(j.loss).toBeCloseTo(0.5 * (1 - y) ** 2, 6);
    expect(j.backward.y[0][0]).toBeCloseTo(-(1 - y), 6);
    expect(j.params.b2.grad[0]).toBeCloseTo(-(1 - y) * y * (1 - y), 6);
    expect(j.params.b2.update[0]).toBeCloseTo(10 * (1 - y) * y * (1 - y), 5);
    expect(Object.keys(j.params).sort()).toEqual(['W1', 'W2', 'b1', 'b2']);
  });

  it('--input, --target and --lr replace the graph’s own', async () => {
    const r = await cli(
      'step',
      'graphs/xor-slides.json',
      '--input',
      '0,1',
      '--target',
      '0',
      '--lr',
      '1',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.forward.x).toEqual([[0, 1]]);
    expect(j.forward.t).toEqual([[0]]);
    const ratio = j.params.b2.update[0] / j.params.b2.grad[0];
    expect(ratio).toBeCloseTo(-1, 5);
  });

  it('prints a readable table in visiting order without --json', async () => {
    const r = await cli('step', 'graphs/xor-slides.json');
    expect(r.code).toBe(0);
    const lines = r.out.join('\n').split('\n');
    const firstBackward = lines.findIndex((l) => l.startsWith('backward'));
    const firstUpdate = lines.findIndex((l) => l.startsWith('update'));
    expect(lines[0].startsWith('forward')).toBe(true);
    expect(firstBackward).toBeGreaterThan(0);
    expect(firstUpdate).toBeGreaterThan(firstBackward);
    expect(r.stdout).toContain('via y.in');
  });

  it('rejects an input of the wrong size with one clear line and exit 1', async () => {
    const r = await cli('step', 'graphs/xor-slides.json', '--input', '1,2,3', '--target', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--input has 3 values but Input "x" has shape [2]');
    expect((await cli('step', 'graphs/xor-slides.json', '--input', '1,abc')).code).toBe(2);
  });
});

describe('train', () => {
  it('--json prints one object per epoch and a final done line with accuracy', async () => {
    const r = await cli('train', 'graphs/perceptron-or.json', '--epochs', '5', '--json', '--backend', 'cpu');
    expect(r.code).toBe(0);
    const lines = r.out.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5]);
    const done = lines[5];
    expect(done.done).toBe(true);
    expect(done.epochs).toBe(5);
    expect(typeof done.loss).toBe('number');
    expect(done.accuracy).toBeGreaterThanOrEqual(0);
    expect(done.backend).toBe('cpu');
  });

  it('is reproducible: the same seed gives the same loss', async () => {
    const a = await cli('train', 'graphs/xor-mlp.json', '--epochs', '20', '--seed', '3', '--json');
    const b = await cli('train', 'graphs/xor-mlp.json', '--epochs', '20', '--seed', '3', '--json');
    const c = await cli('train', 'graphs/xor-mlp.json', '--epochs', '20', '--seed', '4', '--json');
    const last = (r: { out: string[] }) => JSON.parse(r.out[r.out.length - 1]).loss;
    expect(last(a)).toBe(last(b));
    expect(last(a)).not.toBe(last(c));
  });

  it('omits accuracy for regression and --save writes a valid graph with trained weights atomically', async () => {
    const out = join(dir, 'trained.json');
    const r = await cli('train', 'graphs/sine-regression.json', '--epochs', '3', '--json', '--save', out);
    expect(r.code).toBe(0);
    const done = JSON.parse(r.out[r.out.length - 1]);
    expect(done.accuracy).toBeUndefined();
    const saved = parseGraphText(readFileSync(out, 'utf8'));
    expect(saved.diagnostics).toEqual([]);
    expect(Object.keys(saved.doc!.weights!).sort()).toEqual(['hidden', 'output']);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('a graph whose Input does not fit the data set fails with exit 1 and names the node', async () => {
    const doc = JSON.parse(readFileSync('graphs/xor-mlp.json', 'utf8'));
    doc.nodes[0].params.shape = [3];
    const r = await cli('train', write('wrong-input.json', JSON.stringify(doc)), '--epochs', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Input node "x" has shape [3]');
  });

  it('a NaN loss stops training with exit 1 and says at which step', async () => {
    const doc = JSON.parse(readFileSync('graphs/sine-regression.json', 'utf8'));
    doc.training.optimizer = { type: 'sgd', learningRate: 1e6 };
    const r = await cli('train', write('explode.json', JSON.stringify(doc)), '--epochs', '50');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/loss became (NaN|Infinity) at step \d+/);
  });

  it('mnist-mlp without MNIST downloaded says how to get it', async () => {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'bps-xdg-'));
    try {
      const r = await cli('train', 'graphs/mnist-mlp.json', '--epochs', '1');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('MNIST digits is not on this machine yet');
      expect(r.stderr).toContain('--download');
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });

  it('usage errors exit 2', async () => {
    expect((await cli('train', 'graphs/xor-mlp.json', '--epochs', '0')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('the installed bin', () => {
  it('runs through node with the documented exit codes', () => {
    const bin = 'bin/backprop-studio.mjs';
    expect(existsSync(bin)).toBe(true);
    const ok = execFileSync(process.execPath, [bin, 'validate', 'graphs/xor-keras.json'], {
      encoding: 'utf8',
    });
    expect(ok).toContain('valid');
    const missing = spawnSync(process.execPath, [bin, 'validate', 'nope.json'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});

/**
 * The PyTorch export without Python: every example graph gives a model.py with one attribute or
 * line per node (named after its id, commented with its op and shape), a weights.safetensors that
 * an independent reader written here reads back to the app's initial weights (Dense kernels
 * transposed to nn.Linear's [out, in]), and a graph with an op PyTorch code cannot express is
 * refused, naming the node, with nothing written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { exportGraph } from '../../src/export/registry';
import { PyNames } from '../../src/export/python-text';
import { compile } from '../../src/compile/program';

const examples = readdirSync('graphs')
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, parseGraphText(readFileSync(`graphs/${f}`, 'utf8')).doc!] as const);

const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : new TextDecoder().decode(c));

/** An independent safetensors reader: header length, JSON header, little-endian float32 data. */
function readSafetensors(bytes: Uint8Array): Map<string, { shape: number[]; values: number[] }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const out = new Map<string, { shape: number[]; values: number[] }>();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    expect(t.dtype).toBe('F32');
    const [a, b] = t.data_offsets;
    const values: number[] = [];
    for (let i = 8 + n + a; i < 8 + n + b; i += 4) values.push(view.getFloat32(i, true));
    out.set(name, { shape: t.shape, values });
  }
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('PyTorch export', () => {
  // The negative-sampling loss has no PyTorch code yet: its refusal is what the export gives.
  console.log(
    'PyTorch export: word2vec-negsampling.json left out (NegativeSamplingLoss has no PyTorch code)',
  );
  it.each(examples.filter(([f]) => !f.startsWith('mnist') && f !== 'word2vec-negsampling.json'))(
    '%s: model.py names every model node and comments its op and shape',
    async (_, doc) => {
      const r = await exportGraph('pytorch', doc);
      if (!r.ok) return expect.fail(r.message);
      const files = new Map(r.files.map((f) => [f.path, f.contents]));
      expect([...files.keys()].sort()).toEqual(['data.py', 'model.py', 'train.py', 'weights.safetensors']);
      const model = text(files.get('model.py')!);
      const { graph } = checkGraph(doc);
      const names = new PyNames();
      for (const n of doc.nodes) {
        const spec = graph!.nodes.get(n.id)!.spec;
        if (spec.role === 'loss' || spec.role === 'penalty' || spec.role === 'target') continue;
        expect(model).toMatch(new RegExp(`# ${n.id.replace(/[.]/g, '\\.')}\\b.*: ${n.op} → \\[`));
        expect(model).toMatch(new RegExp(`^        ${names.of(n.id)} = `, 'm'));
      }
      // Python blocks are indented by 4s, no tabs: a cheap syntax sanity check without Python.
      for (const line of model.slice(model.indexOf('\nimport ')).split('\n'))
        expect(line.match(/^ */)![0].length % 4).toBe(0);
      expect(text(files.get('train.py')!)).toContain('WORLD_SIZE');
    },
  );

  it('writes the app’s initial weights, Dense kernels transposed to [out, in], readable by an independent reader', async () => {
    const doc = examples.find(([f]) => f === 'spiral-mlp.json')![1];
    const r = await exportGraph('pytorch', doc);
    if (!r.ok) return expect.fail(r.message);
    const tensors = readSafetensors(
      r.files.find((f) => f.path === 'weights.safetensors')!.contents as Uint8Array,
    );
    const program = compile(checkGraph(doc).graph!, { seed: doc.training.seed });
    const kernel = program.weight('hidden', 'kernel')!.variable;
    const [k, units] = kernel.shape;
    const values = Array.from(await kernel.data());
    const w = tensors.get('hidden.weight')!;
    expect(w.shape).toEqual([units, k]);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < units; j++) expect(w.values[j * k + i]).toBe(values[i * units + j]);
    expect(tensors.get('hidden.bias')!.values).toEqual(new Array(units).fill(0));
    expect([...tensors.keys()].sort()).toEqual([
      'hidden.bias',
      'hidden.weight',
      'output.bias',
      'output.weight',
    ]);
    program.dispose();
  });

  it('refuses a graph with an op it cannot write, naming the node, with no files', async () => {
    const doc = examples.find(([f]) => f === 'spiral-mlp.json')![1];
    // A loss whose target is computed (not straight from a Target node) cannot be fed by train.py.
    const bad: GraphDoc = {
      ...doc,
      nodes: [...doc.nodes, { id: 'twice', op: 'Add', params: {} }],
      edges: [
        ...doc.edges.filter((e) => !(e.target === 'loss' && e.targetPort === 'target')),
        { source: 't', sourcePort: 'out', target: 'twice', targetPort: 'a' },
        { source: 't', sourcePort: 'out', target: 'twice', targetPort: 'b' },
        { source: 'twice', sourcePort: 'out', target: 'loss', targetPort: 'target' },
      ],
    };
    const r = await exportGraph('pytorch', bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('node "loss"');
      expect(r.message).toContain('"twice"');
    }
  });

  it('with --no-weights writes no weights file and says so', async () => {
    const doc = examples.find(([f]) => f === 'xor-slides.json')![1];
    const r = await exportGraph('pytorch', doc, { noWeights: true });
    if (!r.ok) return expect.fail(r.message);
    expect(r.files.map((f) => f.path)).not.toContain('weights.safetensors');
    expect(r.limitations.map((l) => l.message).join('\n')).toContain('no weights.safetensors');
    // Parameters with explicit values keep them in the PyTorch initializer.
    expect(text(r.files.find((f) => f.path === 'model.py')!.contents)).toContain('[3.7, 2.9, 3.7, 2.9]');
  });
});

describe('Python identifiers', () => {
  it('sanitises ids, avoids keywords and resolves collisions', () => {
    const names = new PyNames();
    expect(names.of('hidden-1')).toBe('hidden_1');
    expect(names.of('hidden.1')).toBe('hidden_1_2');
    expect(names.of('class')).toBe('class_');
    expect(names.of('2nd')).toBe('n_2nd');
    expect(names.of('x')).toBe('x_');
    expect(names.of('hidden-1')).toBe('hidden_1');
  });
});

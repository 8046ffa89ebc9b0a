/**
 * The Keras code export without Python: build_model() has one commented line per model node named
 * after its id, weights.safetensors holds each layer's weights in the app's layout under
 * `<layer>.<weight>` in get_weights() order (read back here by an independent reader), and a graph
 * Keras's compile cannot express (two losses on one output) is refused naming the node.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { exportGraph } from '../../src/export/registry';
import { compile } from '../../src/compile/program';

const load = (f: string) => parseGraphText(readFileSync(`graphs/${f}`, 'utf8')).doc!;
const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : new TextDecoder().decode(c));

/** Tensor names and float32 values of a safetensors file, read independently of the writer. */
function readSafetensors(bytes: Uint8Array): Record<string, number[]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
    string,
    { data_offsets: [number, number] }
  >;
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    out[name] = [];
    for (let i = t.data_offsets[0]; i < t.data_offsets[1]; i += 4)
      out[name].push(view.getFloat32(8 + n + i, true));
  }
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Keras code export', () => {
  it.each(['spiral-mlp.json', 'xor-slides.json', 'xor-keras.json', 'sine-regression.json'])(
    '%s: one commented line per model node, weights in the app layout',
    async (file) => {
      const doc = load(file);
      const r = await exportGraph('keras-py', doc);
      if (!r.ok) return expect.fail(r.message);
      const model = text(r.files.find((f) => f.path === 'model.py')!.contents);
      const { graph } = checkGraph(doc);
      for (const n of doc.nodes) {
        const role = graph!.nodes.get(n.id)!.spec.role;
        if (role === 'loss' || role === 'penalty' || role === 'target') continue;
        expect(model).toMatch(new RegExp(`# ${n.id}\\b.*: ${n.op} → \\[`));
      }
      const tensors = readSafetensors(
        r.files.find((f) => f.path === 'weights.safetensors')!.contents as Uint8Array,
      );
      const program = compile(graph!, { seed: doc.training.seed });
      for (const w of program.weights) {
        const key = Object.keys(tensors).find(
          (k) => k.endsWith(`.${w.name}`) && k.startsWith(w.nodeId.replace(/[^A-Za-z0-9_]/g, '_')),
        );
        expect(key, `${w.nodeId}/${w.name}`).toBeDefined();
        expect(tensors[key!]).toEqual(Array.from(await w.variable.data()));
      }
      program.dispose();
      expect(text(r.files.find((f) => f.path === 'train.py')!.contents)).toContain('model.compile(');
    },
  );

  it('refuses two losses on one output, naming the second loss', async () => {
    const doc = load('spiral-mlp.json');
    const bad: GraphDoc = {
      ...doc,
      nodes: [...doc.nodes, { id: 'loss2', op: 'MSE', params: {} }],
      edges: [
        ...doc.edges,
        { source: 'output', sourcePort: 'out', target: 'loss2', targetPort: 'prediction' },
        { source: 't', sourcePort: 'out', target: 'loss2', targetPort: 'target' },
      ],
    };
    const r = await exportGraph('keras-py', bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/node "loss2?": a second loss on output "output"/);
  });
});

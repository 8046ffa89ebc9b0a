/**
 * ONNX import of models written by PyTorch's own exporter (fixtures made by `onnx-fixtures/make.py`
 * with PyTorch's outputs for a batch of inputs): the imported graph computes what PyTorch computed
 * (NCHW images fed as NHWC), its layers fold their activations, and it gets a loss matching its
 * output. Bad files (truncated, garbage, unsupported operators, several inputs, deep nesting) give
 * clear problems naming the node, never a throw. The codec needs no `new Function` (the editor's CSP).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import seedrandom from 'seedrandom';
import { onnxImporter } from '../../src/import/onnx';
import { importModel } from '../../src/import/registry';
import { decodeModel, encodeModel } from '../../src/interop/onnx-codec';
import { AttributeType, DataType, onnxType } from '../../src/interop/onnx-proto';
import type { ModelProto, NodeProto } from '../../src/interop/onnx-proto';
import { floatTensor } from '../../src/interop/onnx-tensor';
import { maxAbsDiff, ourPredictions } from '../export/onnx-helpers';
import { tf } from '../helpers/tf';

const fixture = (name: string) => ({
  bytes: new Uint8Array(readFileSync(`tests/import/onnx-fixtures/${name}.onnx`)),
  io: JSON.parse(readFileSync(`tests/import/onnx-fixtures/${name}.json`, 'utf8')) as {
    input: { shape: number[]; values: number[] };
    output: { shape: number[]; values: number[] };
  },
});

const load = (name: string, bytes: Uint8Array) => importModel({ name, bytes, siblings: new Map() });

describe('models exported by PyTorch', () => {
  it.each([
    ['torch-cnn', ['Input', 'Conv2D', 'MaxPool2D', 'Conv2D', 'AvgPool2D', 'Flatten', 'Dense', 'Dense']],
    ['torch-mlp', ['Input', 'Dense', 'Dropout', 'Dense', 'Dense'].filter((op) => op !== 'Dropout')],
    ['torch-wide', ['Input', 'Conv2D', 'Flatten', 'Dense', 'AvgPool2D', 'Flatten', 'Dense', 'Add']],
    // x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat folded into one Reshape.
    ['torch-view', ['Input', 'Conv2D', 'Reshape', 'Dense']],
  ])('%s imports as layers and predicts what PyTorch predicted', async (name, ops) => {
    const { bytes, io } = fixture(name);
    const r = await load(`${name}.onnx`, bytes);
    if (!r.ok) return expect.fail(r.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
    const { graph, diagnostics } = checkGraph(r.doc, { training: true });
    if (!graph) return expect.fail(diagnostics.map((d) => d.message).join('\n'));
    const loss = r.doc.nodes.find((n) => graph.nodes.get(n.id)!.spec.role === 'loss')!;
    expect(r.doc.nodes.filter((n) => !['Target', loss.op].includes(n.op)).map((n) => n.op)).toEqual(ops);
    const prediction = r.doc.edges.find((e) => e.target === loss.id && e.targetPort === 'prediction')!.source;
    // PyTorch takes NCHW images; the imported graph takes NHWC ones.
    let x = tf.tensor(io.input.values, io.input.shape);
    if (io.input.shape.length === 4) x = tf.transpose(x, [0, 2, 3, 1]);
    const [ours] = await ourPredictions(graph, r.doc.weights, x, [prediction]);
    x.dispose();
    expect(maxAbsDiff(ours, io.output.values)).toBeLessThan(1e-5);
    expect(r.notes.join('\n')).toMatch(/Target .* loss/);
  });

  it('folds activations into the layers and picks the loss from the output', async () => {
    const cnn = await load('cnn.onnx', fixture('torch-cnn').bytes);
    const mlp = await load('mlp.onnx', fixture('torch-mlp').bytes);
    if (!cnn.ok || !mlp.ok) return expect.fail('fixtures do not import');
    const acts = (doc: typeof cnn.doc) =>
      doc.nodes.filter((n) => 'activation' in n.params).map((n) => n.params.activation);
    expect(acts(cnn.doc)).toEqual(['relu', 'leakyRelu', 'tanh', 'softmax']);
    expect(acts(mlp.doc)).toEqual(['elu', 'swish', 'sigmoid']);
    expect(cnn.doc.nodes.some((n) => n.op === 'CategoricalCrossEntropy')).toBe(true);
    expect(mlp.doc.nodes.some((n) => n.op === 'BinaryCrossEntropy')).toBe(true);
    expect(cnn.notes.some((n) => n.includes('[N, H, W, C]'))).toBe(true);
  });
});

/** A small model: x [N, 2] → `nodes` → y; initializers W [2, 2]. */
function model(nodes: NodeProto[], extra: Partial<ModelProto['graph']> = {}): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'g',
      node: nodes,
      initializer: [floatTensor('W', [2, 2], [1, 2, 3, 4])],
      input: [
        {
          name: 'x',
          type: {
            tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: 2 }] } },
          },
        },
      ],
      output: [{ name: 'y', type: { tensorType: { elemType: DataType.FLOAT } } }],
      ...extra,
    },
  });
}

describe('files that cannot be imported', () => {
  const good = fixture('torch-cnn').bytes;

  it('a truncated model gives one clear problem at every cut, and never throws', async () => {
    for (const cut of [0, 1, 2, 5, 17, 100, 400, 1000, good.length - 300, good.length - 1]) {
      const r = await load('cnn.onnx', good.slice(0, cut));
      expect(r.ok, `cut at ${cut}`).toBe(false);
      if (!r.ok) {
        expect(r.problems).toHaveLength(1);
        expect(r.problems[0].message).toMatch(/not (a readable )?(an )?ONNX model/);
      }
    }
  });

  it('garbage bytes and other files are refused with one line', async () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    for (const bytes of [noise, new TextEncoder().encode('{"format": "layers-model"}'), new Uint8Array(0)]) {
      const r = await load('model.onnx', bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems).toHaveLength(1);
    }
  });

  it('names each unsupported node with its position, name and what we would need', async () => {
    const bytes = model([
      { opType: 'MatMul', input: ['x', 'W'], output: ['h'], name: 'mm' },
      { opType: 'Erf', input: ['h'], output: ['e'], name: 'erf_1' },
      { opType: 'Relu', input: ['e'], output: ['r'], name: 'after' },
      { opType: 'Conv', input: ['x', 'W'], output: ['c'], name: 'conv_0' },
      { opType: 'Add', input: ['r', 'c'], output: ['y'], name: 'sum' },
    ]);
    const r = await load('m.onnx', bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // Only the causes: the Relu and Add downstream of them are not reported again.
    expect(r.problems.map((p) => p.where)).toEqual(['node 1 "erf_1" (Erf)', 'node 3 "conv_0" (Conv)']);
    expect(r.problems[0].message).toContain('we would need');
  });

  it('refuses a model with two inputs', async () => {
    const two = model([{ opType: 'Add', input: ['x', 'z'], output: ['y'] }], {
      input: [
        {
          name: 'x',
          type: {
            tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: 2 }] } },
          },
        },
        {
          name: 'z',
          type: {
            tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: 2 }] } },
          },
        },
      ],
    });
    const r = await load('two.onnx', two);
    expect(r.ok ? [] : r.problems.map((p) => p.where)).toEqual(['graph inputs']);
  });

  it('refuses messages nested without end (graphs in attributes in graphs…)', async () => {
    // GraphProto.node[0].attribute[0].g = GraphProto … 200 levels deep, written by hand.
    let inner: ModelProto['graph'] = { name: 'leaf' };
    for (let i = 0; i < 200; i++)
      inner = {
        node: [{ opType: 'If', attribute: [{ name: 'then_branch', type: AttributeType.GRAPH, g: inner }] }],
      };
    const bytes = encodeModel({ irVersion: 8, graph: inner });
    const r = await load('deep.onnx', bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toContain('nested deeper');
  });
});

describe('the protobuf codec', () => {
  it('round-trips a model and needs no code generation (the editor forbids eval)', () => {
    const original = globalThis.Function;
    const forbid = new Proxy(original, {
      apply: () => {
        throw new EvalError('Function() is forbidden');
      },
      construct: () => {
        throw new EvalError('Function() is forbidden');
      },
    });
    globalThis.Function = forbid;
    try {
      // protobufjs's generated codecs would hit the forbidden constructor:
      expect(() => onnxType('OperatorSetIdProto').encode({ version: 3 })).toThrow(/forbidden/);
      const bytes = model([{ opType: 'MatMul', input: ['x', 'W'], output: ['y'], name: 'mm' }]);
      const back = decodeModel(bytes);
      expect(back.graph?.node?.[0].opType).toBe('MatMul');
      expect(back.graph?.input?.[0].type?.tensorType?.shape?.dim?.[0].dimParam).toBe('N');
    } finally {
      globalThis.Function = original;
    }
  });
});

describe('damaged models', () => {
  it('500 byte-level mutations of real models never make the importer throw', async () => {
    const rng = seedrandom('onnx-fuzz');
    let refused = 0;
    for (const name of ['torch-cnn', 'torch-mlp', 'torch-view']) {
      const good = fixture(name).bytes;
      for (let i = 0; i < 500 / 3; i++) {
        const bytes = good.slice();
        for (let k = 1 + Math.floor(rng() * 4); k > 0; k--)
          bytes[Math.floor(rng() * bytes.length)] = Math.floor(rng() * 256);
        const r = await onnxImporter.read({ name: `${name}.onnx`, bytes, siblings: new Map() });
        if (!r.ok) {
          refused++;
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) expect(p.message.length).toBeGreaterThan(5);
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
});

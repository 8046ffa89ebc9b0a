/**
 * Keras import: models saved by Keras itself (tests/fixtures/keras, written by
 * scripts/interop/make_keras_fixtures.py) predict what Keras predicted; graphs exported to
 * `.keras` come back computing the same function; hand-written `model.to_json()` files
 * (Sequential and functional) import and train; bad files get one clear problem each.
 */
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/export/registry';
import { checkGraph } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';
import { planKerasModel } from '../../src/interop/keras-from-graph';
import { graphWeights } from '../../src/interop/keras-weights';
import { importModel } from '../../src/import/registry';
import type { ImportResult } from '../../src/import/types';
import { compile } from '../../src/compile/program';
import { tf } from '../helpers/tf';
import {
  exampleDocs,
  generatedDocs,
  kerasOnlyDoc,
  maxAbsDiff,
  ourPrediction,
  perturbed,
  randomFeatures,
  shaped,
} from '../export/keras-fixtures';

const importFile = (name: string, bytes: Uint8Array, siblings = new Map<string, Uint8Array>()) =>
  importModel({ name, bytes, siblings });

function imported(r: ImportResult): { doc: GraphDoc; notes: string[] } {
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
  return r;
}

/** The node the graph's (single) loss scores. */
function predictionNode(doc: GraphDoc): string {
  const edge = doc.edges.find((e) => e.targetPort === 'prediction');
  return edge!.source;
}

describe('models saved by Keras', () => {
  it.each(['functional-cnn', 'sequential-embedding'])(
    '%s.keras predicts what Keras predicted',
    async (name) => {
      const bytes = readFileSync(`tests/fixtures/keras/${name}.keras`);
      const { doc } = imported(await importFile(`${name}.keras`, bytes));
      const expected = JSON.parse(readFileSync(`tests/fixtures/keras/${name}.expected.json`, 'utf8')) as {
        inputs: number[];
        predictions: number[];
      };
      const graph = shaped(doc);
      const x = tf.tensor(expected.inputs);
      const ours = ourPrediction(graph, doc.weights, x, predictionNode(doc));
      expect(maxAbsDiff(ours, expected.predictions.flat(3) as number[])).toBeLessThan(1e-5);
      x.dispose();
    },
  );

  it('keeps the compile settings and the regularizer of the functional model', async () => {
    const { doc } = imported(
      await importFile('m.keras', readFileSync('tests/fixtures/keras/functional-cnn.keras')),
    );
    expect(doc.training.optimizer.type).toBe('adam');
    expect(doc.training.optimizer.learningRate).toBeCloseTo(0.005, 7);
    expect(doc.nodes.find((n) => n.op === 'CategoricalCrossEntropy')).toBeTruthy();
    expect(doc.nodes.find((n) => n.op === 'L2Penalty')?.params).toEqual({ lambda: 0.01, layer: 'a' });
  });
});

const layerGraphs = [...exampleDocs(), ...generatedDocs(), ['keras-only', kerasOnlyDoc()] as const].filter(
  ([, doc]) => planKerasModel(shaped(doc), 'keras3').model !== null,
);

describe('graph → .keras → graph', () => {
  it.each(layerGraphs)('%s computes the same function after the round trip', async (_, doc) => {
    const graph = shaped(doc);
    const weights = perturbed(await graphWeights(graph));
    const r = await exportGraph('keras', { ...doc, weights });
    if (!r.ok) return expect.fail(r.message);
    const back = imported(await importFile(r.files[0].path, r.files[0].contents as Uint8Array)).doc;
    const x = randomFeatures(graph, 4, 9);
    const output = planKerasModel(graph, 'keras3').model!.outputs[0];
    const theirs = ourPrediction(shaped(back), back.weights, x, predictionNode(back));
    expect(maxAbsDiff(theirs, ourPrediction(graph, weights, x, output))).toBeLessThan(1e-6);
    // The optimizer comes back when the loss is a Keras loss (L2Error is not), its rate as float32.
    if (planKerasModel(graph, 'keras3').model!.training) {
      expect(back.training.optimizer.type).toBe(doc.training.optimizer.type);
      expect(back.training.optimizer.learningRate).toBeCloseTo(doc.training.optimizer.learningRate, 6);
    }
    x.dispose();
  });
});

/** A Keras 3 `model.to_json()` of a small functional model, written by hand. */
const tensor = (from: string, shape: (number | null)[]) => ({
  class_name: '__keras_tensor__',
  config: { shape, dtype: 'float32', keras_history: [from, 0, 0] },
});
const functionalJson = {
  module: 'keras.src.models.functional',
  class_name: 'Functional',
  config: {
    name: 'hand_functional',
    layers: [
      {
        module: 'keras.layers',
        class_name: 'InputLayer',
        config: { batch_shape: [null, 3], name: 'x' },
        name: 'x',
        inbound_nodes: [],
      },
      {
        module: 'keras.layers',
        class_name: 'Dense',
        config: { name: 'h', units: 5, activation: 'relu' },
        name: 'h',
        inbound_nodes: [{ args: [tensor('x', [null, 3])], kwargs: {} }],
      },
      {
        module: 'keras.layers',
        class_name: 'Dense',
        config: { name: 'g', units: 5, activation: 'tanh' },
        name: 'g',
        inbound_nodes: [{ args: [tensor('x', [null, 3])], kwargs: {} }],
      },
      {
        module: 'keras.layers',
        class_name: 'Multiply',
        config: { name: 'm' },
        name: 'm',
        inbound_nodes: [{ args: [[tensor('h', [null, 5]), tensor('g', [null, 5])]], kwargs: {} }],
      },
      {
        module: 'keras.layers',
        class_name: 'Dense',
        config: { name: 'y', units: 2, activation: 'linear' },
        name: 'y',
        inbound_nodes: [{ args: [tensor('m', [null, 5])], kwargs: {} }],
      },
    ],
    input_layers: [['x', 0, 0]],
    output_layers: [['y', 0, 0]],
  },
};
/** A Keras 2 `model.to_json()` of a Sequential model, written by hand. */
const sequentialJson = {
  class_name: 'Sequential',
  config: {
    name: 'hand_sequential',
    layers: [
      {
        class_name: 'Dense',
        config: { name: 'd1', units: 4, activation: 'sigmoid', batch_input_shape: [null, 3], use_bias: true },
      },
      { class_name: 'Dropout', config: { name: 'drop', rate: 0.1 } },
      { class_name: 'Dense', config: { name: 'd2', units: 2, activation: 'linear' } },
    ],
  },
  keras_version: '2.15.0',
  backend: 'tensorflow',
};

describe('hand-written model.to_json() files', () => {
  it.each([
    ['functional (Keras 3)', functionalJson, ['x', 'h', 'g', 'm', 'y']],
    ['sequential (Keras 2)', sequentialJson, ['input', 'd1', 'drop', 'd2']],
  ] as const)('%s imports and its loss falls in a few training steps', async (_, json, ids) => {
    const r = imported(await importFile('model.json', strToU8(JSON.stringify(json))));
    for (const id of ids) expect(r.doc.nodes.map((n) => n.id)).toContain(id);
    expect(r.notes.join('\n')).toContain('no weights');
    const checked = checkGraph(r.doc, { training: true });
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const graph = checked.graph!;
    const program = compile(graph);
    const x = tf.randomNormal([8, 3], 0, 1, 'float32', 1);
    const t = tf.randomNormal([8, 2], 0, 1, 'float32', 2);
    const target = r.doc.nodes.find((n) => n.op === 'Target')!.id;
    const objective = () =>
      program.forward({ features: x, labels: { [target]: t } }, { training: false, seed: 1 }).objective;
    const before = tf.tidy(() => objective().dataSync()[0]);
    const optimizer = tf.train.sgd(0.05);
    for (let i = 0; i < 5; i++) optimizer.minimize(objective, false, program.trainableVariables());
    const after = tf.tidy(() => objective().dataSync()[0]);
    expect(after).toBeLessThan(before);
    program.dispose();
    optimizer.dispose();
  });
});

describe('a model.to_json() written by Keras', () => {
  it('imports without weights, with its layers and compile settings', async () => {
    const bytes = readFileSync('tests/fixtures/keras/sequential-embedding.to_json.json');
    const r = imported(await importFile('model.json', bytes));
    expect(r.doc.nodes.map((n) => n.op)).toEqual([
      'Input',
      'Embedding',
      'Flatten',
      'Dropout',
      'Dense',
      'Target',
      'BinaryCrossEntropy',
    ]);
    expect(r.doc.weights).toBeUndefined();
    expect(checkGraph(r.doc, { training: true }).graph).not.toBeNull();
  });
});

describe('bad Keras files', () => {
  it('names an unknown layer with its position and what we read', async () => {
    const json = structuredClone(functionalJson) as { config: { layers: object[] } };
    json.config.layers[2] = {
      ...json.config.layers[2],
      class_name: 'LSTM',
      config: { name: 'g', units: 5 },
    };
    const r = await importFile('model.json', strToU8(JSON.stringify(json)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems, JSON.stringify(r.problems)).toHaveLength(1);
    expect(r.problems[0].where, r.problems[0].message).toBe('layer 2 "g" (LSTM)');
    expect(r.problems[0].message).toContain('Keras layer LSTM has no op here; we read Dense');
  });

  it('refuses a truncated .keras archive in one line', async () => {
    const bytes = readFileSync('tests/fixtures/keras/functional-cnn.keras');
    const r = await importFile('m.keras', bytes.subarray(0, bytes.length - 200));
    expect(r).toEqual({
      ok: false,
      problems: [{ where: 'm.keras', message: expect.stringContaining('truncated') }],
    });
  });

  it('refuses a zip bomb before inflating it', async () => {
    const bomb = zipSync({ 'config.json': new Uint8Array(30 * 2 ** 20) });
    expect(bomb.length).toBeLessThan(2 ** 20);
    const r = await importFile('bomb.keras', bomb);
    expect(r).toEqual({
      ok: false,
      problems: [{ where: 'bomb.keras', message: expect.stringContaining('a zip bomb') }],
    });
  });

  it('refuses a weight file that is not HDF5', async () => {
    const archive = zipSync(
      { 'config.json': strToU8(JSON.stringify(functionalJson)), 'model.weights.h5': strToU8('not hdf5') },
      { level: 0 },
    );
    const r = await importFile('m.keras', archive);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        { where: 'm.keras: model.weights.h5', message: expect.stringContaining('not a readable HDF5 file') },
      ]);
  });
});

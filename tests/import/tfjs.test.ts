/**
 * TensorFlow.js LayersModel import: models built and saved by stock tfjs predict after import
 * what tfjs predicts; graphs exported to tfjs come back computing the same function; a missing
 * or truncated weight file and a GraphModel get one clear problem each.
 */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/export/registry';
import type { ExportFile } from '../../src/export/types';
import type { GraphDoc } from '../../src/graph/types';
import { planKerasModel } from '../../src/interop/keras-from-graph';
import { graphWeights } from '../../src/interop/keras-weights';
import { importModel } from '../../src/import/registry';
import { tfjsImporter } from '../../src/import/tfjs';
import type { ImportResult } from '../../src/import/types';
import { tf } from '../helpers/tf';
import {
  exampleDocs,
  generatedDocs,
  maxAbsDiff,
  ourPrediction,
  perturbed,
  randomFeatures,
  shaped,
} from '../export/keras-fixtures';

function imported(r: ImportResult): GraphDoc {
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
  return r.doc;
}

const predictionNode = (doc: GraphDoc) => doc.edges.find((e) => e.targetPort === 'prediction')!.source;

/** Imports written files: model.json with every other file as a sibling. */
function importFiles(files: ExportFile[]): Promise<ImportResult> {
  const json = files.find((f) => f.path === 'model.json')!;
  const siblings = new Map(
    files.filter((f) => f !== json).map((f) => [f.path, f.contents as Uint8Array] as const),
  );
  return importModel({ name: 'model.json', bytes: strToU8(String(json.contents)), siblings });
}

/** What `model.save` writes, as files. */
async function saved(model: tf.LayersModel): Promise<ExportFile[]> {
  let files: ExportFile[] = [];
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const json = {
        modelTopology: a.modelTopology,
        format: a.format,
        trainingConfig: a.trainingConfig,
        weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs }],
      };
      const data = a.weightData as ArrayBuffer;
      files = [
        { path: 'model.json', contents: JSON.stringify(json) },
        { path: 'weights.bin', contents: new Uint8Array(data) },
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  return files;
}

describe('models saved by stock tfjs', () => {
  it('a functional CNN predicts what tfjs predicts', async () => {
    const input = tf.input({ shape: [6, 6, 2] });
    let h = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input);
    h = tf.layers.batchNormalization().apply(h);
    h = tf.layers.averagePooling2d({ poolSize: 2 }).apply(h);
    const f = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const a = tf.layers.dense({ units: 4, activation: 'tanh' }).apply(f) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 4, activation: 'sigmoid' }).apply(f) as tf.SymbolicTensor;
    const c = tf.layers.concatenate().apply([tf.layers.add().apply([a, b]) as tf.SymbolicTensor, b]);
    const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(c) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy' });
    // Non-trivial batch-norm statistics and γ, β.
    const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    bn.setWeights(bn.getWeights().map((w, i) => tf.add(w, tf.scalar(0.1 * (i + 1)))));
    const doc = imported(await importFiles(await saved(model)));
    expect(doc.training.optimizer.type).toBe('adam');
    expect(doc.training.optimizer.learningRate).toBeCloseTo(0.003, 7);
    const x = tf.randomNormal([4, 6, 6, 2], 0, 1, 'float32', 4);
    const theirs = (model.predict(x) as tf.Tensor).dataSync();
    expect(maxAbsDiff(ourPrediction(shaped(doc), doc.weights, x, predictionNode(doc)), theirs)).toBeLessThan(
      1e-5,
    );
  });

  it('a Sequential MLP with an embedding predicts what tfjs predicts', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 9, outputDim: 3, inputShape: [4] }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: 'elu' }),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const doc = imported(await importFiles(await saved(model)));
    const x = tf.tensor([
      [0, 3, 8, 1],
      [5, 5, 2, 7],
    ]);
    const theirs = (model.predict(x) as tf.Tensor).dataSync();
    expect(maxAbsDiff(ourPrediction(shaped(doc), doc.weights, x, predictionNode(doc)), theirs)).toBeLessThan(
      1e-6,
    );
  });
});

const layerGraphs = [...exampleDocs(), ...generatedDocs()].filter(
  ([, doc]) => planKerasModel(shaped(doc), 'tfjs').model !== null,
);

describe('graph → tfjs → graph', () => {
  it.each(layerGraphs)('%s computes the same function after the round trip', async (_, doc) => {
    const graph = shaped(doc);
    const weights = perturbed(await graphWeights(graph));
    const r = await exportGraph('tfjs', { ...doc, weights });
    if (!r.ok) return expect.fail(r.message);
    const back = imported(await importFiles(r.files));
    const x = randomFeatures(graph, 4, 2);
    const output = planKerasModel(graph, 'tfjs').model!.outputs[0];
    const ours = ourPrediction(graph, weights, x, output);
    expect(maxAbsDiff(ourPrediction(shaped(back), back.weights, x, predictionNode(back)), ours)).toBeLessThan(
      1e-6,
    );
    x.dispose();
  });
});

describe('bad TensorFlow.js files', () => {
  const files = async () => {
    const [, doc] = exampleDocs().find(([n]) => n === 'xor-mlp.json')!;
    const r = await exportGraph('tfjs', doc);
    if (!r.ok) throw new Error(r.message);
    return r.files;
  };

  it('names a missing weight file', async () => {
    const r = await importFiles((await files()).filter((f) => f.path === 'model.json'));
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          where: 'weights manifest',
          message: 'weight file group1-shard1of1.bin is missing: open it together with model.json',
        },
      ],
    });
  });

  it('names a truncated weight file', async () => {
    const cut = (await files()).map((f) =>
      f.path === 'model.json' ? f : { ...f, contents: (f.contents as Uint8Array).subarray(0, 12) },
    );
    const r = await importFiles(cut);
    expect(r).toEqual({
      ok: false,
      problems: [{ where: 'weights manifest', message: expect.stringContaining('truncated') }],
    });
  });

  it('lists the weight files the manifest names, for the CLI to read from the model folder', async () => {
    const [json] = (await files()).filter((f) => f.path === 'model.json');
    const input = { name: 'model.json', bytes: strToU8(String(json.contents)), siblings: new Map() };
    expect(tfjsImporter.siblingNames!(input)).toEqual(['group1-shard1of1.bin']);
  });

  it('says a GraphModel is not a LayersModel', async () => {
    const json = { format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] };
    const r = await importModel({
      name: 'model.json',
      bytes: strToU8(JSON.stringify(json)),
      siblings: new Map(),
    });
    expect(r).toEqual({
      ok: false,
      problems: [{ where: 'model.json', message: expect.stringContaining('GraphModel') }],
    });
  });
});

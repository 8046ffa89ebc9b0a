/**
 * TensorFlow.js LayersModel export, checked against stock tfjs: every example graph made of layers
 * and a few generated ones are written, loaded with `tf.loadLayersModel` from the written files,
 * and must predict what our compiled graph predicts on the same random inputs. Op-level graphs
 * are refused with each node named, and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/export/registry';
import type { ExportFile } from '../../src/export/types';
import { graphWeights } from '../../src/interop/keras-weights';
import { planKerasModel } from '../../src/interop/keras-from-graph';
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
} from './keras-fixtures';

/** An IOHandler reading what a browser would fetch: model.json, then the shards it names. */
export function filesHandler(files: ExportFile[]): tf.io.IOHandler {
  const byPath = new Map(files.map((f) => [f.path, f.contents]));
  return {
    load: async () => {
      const json = JSON.parse(String(byPath.get('model.json'))) as {
        modelTopology: object;
        trainingConfig?: tf.io.TrainingConfig;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      };
      const parts = json.weightsManifest.flatMap((g) => g.paths.map((p) => byPath.get(p) as Uint8Array));
      const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const p of parts) {
        data.set(p, offset);
        offset += p.length;
      }
      return {
        modelTopology: json.modelTopology,
        trainingConfig: json.trainingConfig,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: data.buffer,
      };
    },
  };
}

const layerGraphs = [...exampleDocs(), ...generatedDocs()].filter(
  ([, doc]) => planKerasModel(shaped(doc), 'tfjs').model !== null,
);

describe('TensorFlow.js LayersModel export', () => {
  it('covers every example graph but the op-level one, and the generated graphs', () => {
    const names = layerGraphs.map(([n]) => n);
    const left = exampleDocs()
      .map(([n]) => n)
      .filter((n) => !names.includes(n));
    expect(left).toEqual(['xor-slides.json']);
    for (const n of ['cnn', 'embedding', 'merge']) expect(names).toContain(n);
  });

  it.each(layerGraphs)('%s loads in stock tfjs and predicts what our graph predicts', async (_, doc) => {
    const graph = shaped(doc);
    const weights = perturbed(await graphWeights(graph));
    const r = await exportGraph('tfjs', { ...doc, weights });
    if (!r.ok) return expect.fail(r.message);
    expect(r.files.map((f) => f.path).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const model = await tf.loadLayersModel(filesHandler(r.files));
    const output = planKerasModel(graph, 'tfjs').model!.outputs[0];
    const x = randomFeatures(graph, 5, 3);
    const theirs = (model.predict(x) as tf.Tensor).dataSync();
    const ours = ourPrediction(graph, weights, x, output);
    expect(maxAbsDiff(theirs, ours)).toBeLessThan(1e-5);
    x.dispose();
    model.dispose();
  });

  it('writes the loss and optimizer as a training config that tfjs compiles', async () => {
    const [, doc] = exampleDocs().find(([n]) => n === 'spiral-mlp.json')!;
    const r = await exportGraph('tfjs', doc);
    if (!r.ok) return expect.fail(r.message);
    const json = JSON.parse(String(r.files.find((f) => f.path === 'model.json')!.contents));
    expect(json.trainingConfig.loss).toBe('categorical_crossentropy');
    expect(json.trainingConfig.optimizer_config).toEqual({
      class_name: 'Adam',
      config: { learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    });
    // The L2 penalty naming the hidden layer becomes its kernel regularizer.
    const hidden = json.modelTopology.config.layers.find((l: { name: string }) => l.name === 'hidden');
    expect(hidden.config.kernel_regularizer).toEqual({ class_name: 'L1L2', config: { l1: 0, l2: 0.0005 } });
    const model = await tf.loadLayersModel(filesHandler(r.files));
    expect(model.optimizer).toBeInstanceOf(tf.AdamOptimizer);
    model.dispose();
  });

  it('refuses what tfjs Layers cannot load: a fused leaky ReLU, an ELU with α ≠ 1', async () => {
    const r = await exportGraph('tfjs', kerasOnlyDoc());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('node "l0": Dense: activation "leakyRelu" has no TensorFlow.js Layers name');
    expect(r.message).toContain(
      'node "l1": ELU: TensorFlow.js Layers\' ELU layer has α = 1 only (this one has 0.6)',
    );
  });

  it('refuses an op-level graph, naming every node without a layer, and writes nothing', async () => {
    const [, doc] = exampleDocs().find(([n]) => n === 'xor-slides.json')!;
    const r = await exportGraph('tfjs', doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // The Parameters and MatMuls have no layer; the Adds would be Add layers but for their inputs.
    for (const id of ['W1', 'b1', 's1', 'W2', 'b2', 's2']) expect(r.message).toContain(`"${id}"`);
    expect(r.message.split('\n').length).toBe(7);
  });
});

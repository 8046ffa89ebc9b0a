/**
 * TensorFlow.js LayersModel: `model.json` (the Keras functional topology TensorFlow.js writes,
 * the training settings as `trainingConfig`, and the weights manifest) plus one binary weight
 * shard, which stock `tf.loadLayersModel` loads. Graphs with nodes that have no Layers
 * equivalent (op-level Parameter/MatMul graphs) are refused, each such node named.
 */
import { planKerasModel } from '../interop/keras-from-graph';
import type { KerasModel } from '../interop/keras-model';
import { graphWeights, weightsNote } from '../interop/keras-weights';
import type { ExportFile, ExportFormat, ExportSource } from './types';

/** Name of the single weight shard. */
export const TFJS_SHARD = 'group1-shard1of1.bin';

/** The `modelTopology` of a model, as tfjs-layers 4 writes it (Keras 2 spelling). */
export function tfjsTopology(model: KerasModel): Record<string, unknown> {
  const layers = model.layers.map((l) => {
    const input = l.className === 'InputLayer';
    const config = input
      ? { batch_input_shape: l.config.batch_shape, dtype: 'float32', sparse: false, name: l.name }
      : { ...l.config, name: l.name, trainable: true };
    return {
      name: l.name,
      class_name: l.className,
      config,
      inbound_nodes: l.inbound.length ? [l.inbound.map((from) => [from, 0, 0, {}])] : [],
    };
  });
  return {
    class_name: 'Model',
    config: {
      name: model.name,
      layers,
      input_layers: model.inputs.map((n) => [n, 0, 0]),
      output_layers: model.outputs.map((n) => [n, 0, 0]),
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}

/** `model.json` and the shard of a planned model (whose weights hold values). */
export function tfjsFiles(model: KerasModel, shard = TFJS_SHARD): ExportFile[] {
  const specs = model.layers.flatMap((l) =>
    l.weights.map((w) => ({
      name: `${l.name}/${w.name}`,
      shape: w.shape,
      dtype: 'float32',
      values: w.values,
    })),
  );
  const total = specs.reduce((n, s) => n + s.values.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const s of specs) {
    data.set(Array.from(s.values), offset);
    offset += s.values.length;
  }
  const json = {
    format: 'layers-model',
    generatedBy: 'Backprop Studio',
    convertedBy: null,
    modelTopology: tfjsTopology(model),
    ...(model.training
      ? {
          trainingConfig: {
            loss: model.training.loss,
            metrics: null,
            optimizer_config: {
              class_name: model.training.optimizer.className,
              config: model.training.optimizer.config,
            },
          },
        }
      : {}),
    weightsManifest: [
      { paths: [shard], weights: specs.map(({ name, shape, dtype }) => ({ name, shape, dtype })) },
    ],
  };
  return [
    { path: 'model.json', contents: `${JSON.stringify(json, null, 1)}\n` },
    { path: shard, contents: new Uint8Array(data.buffer) },
  ];
}

function limitations({ graph, doc }: ExportSource, { noWeights }: { noWeights?: boolean }) {
  if (!graph) return [];
  const plan = planKerasModel(graph, 'tfjs');
  const note = weightsNote(doc, noWeights === true);
  return [
    ...plan.problems.map((p) => ({ ...p, fatal: true })),
    ...plan.notes,
    ...(note ? [{ message: note }] : []),
  ];
}

export const tfjsFormat: ExportFormat = {
  id: 'tfjs',
  title: 'TensorFlow.js LayersModel',
  description:
    'model.json and a weight shard that tf.loadLayersModel loads, for graphs made of layers; the loss and optimizer as its training config.',
  needsValidGraph: true,
  limitations,
  write: async ({ graph }, { noWeights }) => {
    if (!graph) throw new Error('TensorFlow.js export needs a valid graph');
    const plan = planKerasModel(graph, 'tfjs', await graphWeights(graph, noWeights === true));
    if (!plan.model) throw new Error(plan.problems.map((p) => p.message).join('; '));
    return tfjsFiles(plan.model);
  },
};

/**
 * Keras 3 `.keras` archive: a zip of `config.json` (the functional model and its compile
 * settings), `metadata.json` and `model.weights.h5` (HDF5, written with h5wasm), which
 * `keras.saving.load_model` opens directly. Members are stored uncompressed, as Keras writes them.
 */
import { zipSync, strToU8 } from 'fflate';
import { planKerasModel } from '../interop/keras-from-graph';
import { writeKerasWeights } from '../interop/keras-h5';
import type { KerasModel } from '../interop/keras-model';
import { kerasLayerOrder, weightGroups } from '../interop/keras-order';
import { keras3Config, keras3Json } from '../interop/keras-v3-config';
import { graphWeights, weightsNote } from '../interop/keras-weights';
import { baseName } from './json';
import type { ExportFormat, ExportSource } from './types';

/** The Keras version the archive says wrote it (the format is Keras 3's). */
export const KERAS_VERSION = '3.15.1';

/** The bytes of a `.keras` archive of a planned model (whose weights hold values). */
export async function kerasArchive(model: KerasModel, date = new Date()): Promise<Uint8Array> {
  const ordered: KerasModel = { ...model, layers: kerasLayerOrder(model) };
  const groups = weightGroups(ordered.layers);
  const weights = await writeKerasWeights(
    model.name,
    ordered.layers
      .filter((l) => l.weights.length)
      .map((l) => ({ group: groups.get(l.name)!, name: l.name, weights: l.weights })),
  );
  const stamp = date.toISOString().replace('T', '@').slice(0, 19);
  const metadata = { keras_version: KERAS_VERSION, date_saved: stamp };
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify(metadata)),
      'config.json': strToU8(keras3Json(keras3Config(ordered))),
      'model.weights.h5': weights,
    },
    { level: 0 },
  );
}

function limitations({ graph, doc }: ExportSource, { noWeights }: { noWeights?: boolean }) {
  if (!graph) return [];
  const plan = planKerasModel(graph, 'keras3');
  const note = weightsNote(doc, noWeights === true);
  return [
    ...plan.problems.map((p) => ({ ...p, fatal: true })),
    ...plan.notes,
    ...(note ? [{ message: note }] : []),
  ];
}

export const kerasArchiveFormat: ExportFormat = {
  id: 'keras',
  title: 'Keras 3 model (.keras)',
  description:
    'A .keras archive (config, weights as HDF5) that keras.saving.load_model opens, for graphs made of layers; the loss and optimizer as its compile settings.',
  needsValidGraph: true,
  limitations,
  write: async ({ graph, doc }, { noWeights }) => {
    if (!graph) throw new Error('Keras export needs a valid graph');
    const plan = planKerasModel(graph, 'keras3', await graphWeights(graph, noWeights === true));
    if (!plan.model) throw new Error(plan.problems.map((p) => p.message).join('; '));
    return [{ path: `${baseName(doc.name, 'model')}.keras`, contents: await kerasArchive(plan.model) }];
  },
};

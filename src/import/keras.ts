/**
 * Keras models: `.keras` archives (Keras 3: config and HDF5 weights) and `model.to_json()` files
 * (Keras 3 or Keras 2 spelling, no weights). Sequential and functional models become graphs with
 * their weights; an unsupported layer is named with its position in the file.
 */
import { strFromU8 } from 'fflate';
import type { WeightTensor } from '../graph/types';
import type { H5Group } from '../interop/keras-h5';
import { readKerasWeights } from '../interop/keras-h5';
import type { KerasLayer } from '../interop/keras-model';
import { kerasLayerOrder, weightGroups } from '../interop/keras-order';
import type { ParsedModel } from '../interop/keras-parse';
import { parseKerasModel } from '../interop/keras-parse';
import type { WeightSource } from '../interop/keras-to-graph';
import { kerasToGraph } from '../interop/keras-to-graph';
import { isZip, readKerasArchive } from './keras-archive-read';
import type { ImportInput, ImportResult, ModelImporter } from './types';

/** The JSON of a text file, or null when it is not JSON. */
export function jsonOf(bytes: Uint8Array): unknown {
  if (bytes.length > 64 * 2 ** 20) return null;
  try {
    return JSON.parse(strFromU8(bytes)) as unknown;
  } catch {
    return null;
  }
}

/** Whether a JSON value is a Keras model config (and not a TensorFlow.js model.json). */
function isKerasJson(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || 'modelTopology' in json) return false;
  const o = json as { class_name?: unknown; model_config?: unknown };
  return (
    ['Sequential', 'Functional', 'Model'].includes(String(o.class_name)) || typeof o.model_config === 'object'
  );
}

/** Weights from a `.keras` weight file: each layer's group found by its stored name, else by position. */
function archiveWeights(parsed: ParsedModel, groups: Map<string, H5Group>): WeightSource {
  const byName = new Map([...groups.values()].filter((g) => g.name !== null).map((g) => [g.name!, g]));
  const layers = parsed.sequential
    ? parsed.model.layers.filter((l) => l.className !== 'InputLayer')
    : kerasLayerOrder(parsed.model);
  const paths = weightGroups(layers);
  return (layer: KerasLayer, names: string[]): WeightTensor[] | string => {
    const group = byName.get(layer.name) ?? groups.get(paths.get(layer.name) ?? '');
    const found = group?.weights ?? [];
    if (found.length !== names.length)
      return `the weight file has ${found.length} variables for it, expected ${names.length} (${names.join(', ')})`;
    return found;
  };
}

async function read(input: ImportInput): Promise<ImportResult> {
  const fail = (message: string, where = input.name): ImportResult => ({
    ok: false,
    problems: [{ where, message }],
  });
  let config: unknown;
  let weightBytes: Uint8Array | null = null;
  if (isZip(input.bytes)) {
    const archive = readKerasArchive(input.bytes);
    if ('problem' in archive) return fail(archive.problem);
    config = archive.config;
    weightBytes = archive.weights;
  } else {
    config = jsonOf(input.bytes);
    if (config === null) return fail('not a .keras archive and not valid JSON');
  }
  const parsed = parseKerasModel(config, input.name);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  let weights: WeightSource = () => null;
  if (weightBytes) {
    const groups = await readKerasWeights(weightBytes);
    if (typeof groups === 'string') return fail(groups, `${input.name}: model.weights.h5`);
    weights = archiveWeights(parsed, groups);
  }
  const result = kerasToGraph(parsed, weights);
  if (!result.ok) return result;
  return { ok: true, doc: { ...result.doc, name: result.doc.name ?? input.name }, notes: result.notes };
}

export const kerasImporter: ModelImporter = {
  id: 'keras',
  title: 'Keras model (.keras, model.to_json())',
  extensions: ['.keras', '.json'],
  sniff: (input) =>
    (isZip(input.bytes) && input.name.toLowerCase().endsWith('.keras')) ||
    (!isZip(input.bytes) && input.bytes[0] === 0x7b && isKerasJson(jsonOf(input.bytes))),
  read,
};

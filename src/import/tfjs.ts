/**
 * TensorFlow.js LayersModel: `model.json` (a Keras 2 topology and a weights manifest) with its
 * binary weight shards, which come as siblings (the files chosen or dropped with it, or found
 * next to it by the CLI). A missing or short shard is named; nothing is half-imported.
 */
import type { WeightTensor } from '../graph/types';
import type { KerasLayer } from '../interop/keras-model';
import { parseKerasModel } from '../interop/keras-parse';
import { kerasToGraph } from '../interop/keras-to-graph';
import type { WeightSource } from '../interop/keras-to-graph';
import { jsonOf } from './keras';
import type { ImportInput, ImportProblem, ImportResult, ModelImporter } from './types';

interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[];
}

/** Bytes per value of the dtypes a manifest may list. */
const BYTES: Record<string, number> = { float32: 4, int32: 4, uint16: 2, float16: 2, uint8: 1, bool: 1 };

/** Base name of a shard path (`./group1-shard1of1.bin` → `group1-shard1of1.bin`). */
const base = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** Every float32 weight of the manifest by name, read from the shards (others say why not); or the problems. */
function readShards(
  manifest: unknown,
  siblings: ReadonlyMap<string, Uint8Array>,
): { weights: Map<string, WeightTensor>; unreadable: Map<string, string> } | ImportProblem[] {
  const where = 'weights manifest';
  if (!Array.isArray(manifest)) return [{ where, message: 'weightsManifest is not a list' }];
  const out = new Map<string, WeightTensor>();
  const problems: ImportProblem[] = [];
  const unreadable = new Map<string, string>();
  for (const group of manifest as ManifestGroup[]) {
    const parts = (group.paths ?? []).map((p) => [p, siblings.get(p) ?? siblings.get(base(p))] as const);
    const missing = parts.filter(([, bytes]) => !bytes).map(([p]) => base(p));
    if (missing.length) {
      problems.push({
        where,
        message: `weight file ${missing.join(', ')} is missing: open it together with model.json`,
      });
      continue;
    }
    const size = parts.reduce((n, [, b]) => n + b!.length, 0);
    const data = new Uint8Array(size);
    let offset = 0;
    for (const [, b] of parts) {
      data.set(b!, offset);
      offset += b!.length;
    }
    let at = 0;
    for (const w of group.weights ?? []) {
      const count = (w.shape ?? []).reduce((x, y) => x * y, 1);
      const stored = (w.quantization as { dtype?: string } | undefined)?.dtype ?? w.dtype;
      const bytes = count * (BYTES[stored] ?? NaN);
      if (!Number.isFinite(bytes))
        return [
          {
            where: `weight "${w.name}"`,
            message: `${stored} weights cannot be read (their size is unknown)`,
          },
        ];
      if (at + bytes > size)
        return [
          {
            where,
            message: `the weight files hold ${size} bytes, fewer than the manifest lists: a shard is truncated`,
          },
        ];
      // Optimizer state (tfjs saves its step count as int32) is skipped; layers need float32.
      if (w.dtype === 'float32' && !w.quantization)
        out.set(w.name, {
          shape: w.shape,
          values: Array.from(new Float32Array(data.slice(at, at + bytes).buffer)),
        });
      else
        unreadable.set(
          w.name,
          `${w.quantization ? 'quantized ' : ''}${w.dtype} weights: we read float32 only`,
        );
      at += bytes;
    }
  }
  return problems.length ? problems : { weights: out, unreadable };
}

async function read(input: ImportInput): Promise<ImportResult> {
  const json = jsonOf(input.bytes) as {
    modelTopology?: unknown;
    format?: unknown;
    weightsManifest?: unknown;
    trainingConfig?: unknown;
  } | null;
  if (!json || typeof json !== 'object')
    return { ok: false, problems: [{ where: input.name, message: 'not valid JSON' }] };
  if (json.format === 'graph-model')
    return {
      ok: false,
      problems: [
        {
          where: input.name,
          message:
            'a TensorFlow.js GraphModel (a frozen TensorFlow graph): we read LayersModels, whose layers map to our nodes',
        },
      ],
    };
  const topology = json.modelTopology as Record<string, unknown>;
  const parsed = parseKerasModel(topology, input.name);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  if (json.trainingConfig && typeof json.trainingConfig === 'object')
    parsed.compile = json.trainingConfig as Record<string, unknown>;
  const shards = readShards(json.weightsManifest ?? [], input.siblings);
  if (Array.isArray(shards)) return { ok: false, problems: shards };
  const { weights, unreadable } = shards;
  // Weights are found by name, `<layer>/<weight>`, as tfjs writes them (a converter may prefix a scope).
  const source: WeightSource = (layer: KerasLayer, names: string[]) => {
    if (weights.size === 0 && unreadable.size === 0) return null;
    const find = (n: string) =>
      weights.get(`${layer.name}/${n}`) ?? [...weights].find(([k]) => k.endsWith(`/${layer.name}/${n}`))?.[1];
    const found = names.map(find);
    const missing = names.filter((_, i) => !found[i]).map((n) => `${layer.name}/${n}`);
    const why = missing.map((n) => unreadable.get(n)).find(Boolean);
    if (why) return why;
    return missing.length
      ? `the weights manifest has no ${missing.map((n) => `"${n}"`).join(', ')}`
      : (found as WeightTensor[]);
  };
  const result = kerasToGraph(parsed, source);
  if (!result.ok) return result;
  return { ok: true, doc: result.doc, notes: result.notes };
}

export const tfjsImporter: ModelImporter = {
  id: 'tfjs',
  title: 'TensorFlow.js LayersModel (model.json + .bin)',
  extensions: ['.json'],
  sniff: (input) => {
    if (input.bytes[0] !== 0x7b) return false;
    const json = jsonOf(input.bytes);
    return typeof json === 'object' && json !== null && 'modelTopology' in json;
  },
  siblingNames: (input) => {
    const json = jsonOf(input.bytes) as { weightsManifest?: unknown } | null;
    const groups = Array.isArray(json?.weightsManifest) ? (json.weightsManifest as ManifestGroup[]) : [];
    return groups.flatMap((g) =>
      Array.isArray(g?.paths) ? g.paths.filter((p) => typeof p === 'string') : [],
    );
  },
  read,
};

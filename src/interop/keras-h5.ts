/**
 * `model.weights.h5` of a `.keras` archive, written and read with h5wasm (the HDF5 C library as
 * WebAssembly, in memory, the same in Node and the browser). Keras 3's layout: one group per
 * layer, `layers/<group>/vars`, holding its variables as datasets `0`, `1`, … in Keras's order,
 * with the layer's name as the `name` attribute of `vars`.
 */
import type { WeightTensor } from '../graph/types';

import type h5wasm from 'h5wasm';

type H5 = typeof h5wasm;

let loaded: Promise<H5> | null = null;
let fileCounter = 0;

/** h5wasm, loaded once on first use (its WebAssembly is large; only these formats need it). */
async function h5(): Promise<H5> {
  loaded ??= import('h5wasm').then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return loaded;
}

/** One layer's variables for the weight file. */
export interface H5Layer {
  /** Group path, `layers/dense_1`. */
  group: string;
  /** The layer's name, stored as metadata. */
  name: string;
  weights: { shape: number[]; values: ArrayLike<number> }[];
}

/** Writes a Keras 3 weight file holding these layers' variables. */
export async function writeKerasWeights(modelName: string, layers: H5Layer[]): Promise<Uint8Array> {
  const lib = await h5();
  const { FS } = await lib.ready;
  const path = `/keras-weights-${++fileCounter}.h5`;
  const file = new lib.File(path, 'w');
  try {
    const root = file.create_group('layers');
    for (const layer of layers) {
      const vars = root.create_group(layer.group.replace(/^layers\//, '')).create_group('vars');
      vars.create_attribute('name', layer.name);
      layer.weights.forEach((w, i) =>
        vars.create_dataset({
          name: String(i),
          data: Float32Array.from(w.values),
          shape: w.shape,
          dtype: '<f',
        }),
      );
    }
    file.create_group('vars').create_attribute('name', modelName);
  } finally {
    file.close();
  }
  try {
    return FS!.readFile(path);
  } finally {
    FS!.unlink(path);
  }
}

/** The variables of one layer group of a weight file. */
export interface H5Group {
  /** The layer name Keras stored with it, if any. */
  name: string | null;
  weights: WeightTensor[];
}

/** Largest weight file this reads (HDF5 parsing happens in memory). */
const MAX_BYTES = 2 ** 30;

/**
 * Reads every layer group of a Keras 3 weight file, by group path. A dataset may not declare more
 * values than the file could hold, so a crafted file cannot make it allocate without bound.
 */
export async function readKerasWeights(bytes: Uint8Array): Promise<Map<string, H5Group> | string> {
  if (bytes.length > MAX_BYTES) return `model.weights.h5 is ${bytes.length} bytes; the limit is ${MAX_BYTES}`;
  const lib = await h5();
  const { FS } = await lib.ready;
  const path = `/keras-read-${++fileCounter}.h5`;
  FS!.writeFile(path, bytes);
  let file: InstanceType<H5['File']> | null = null;
  try {
    file = new lib.File(path, 'r');
    const out = new Map<string, H5Group>();
    const layers = file.get('layers');
    if (!(layers instanceof lib.Group)) return out;
    for (const key of layers.keys()) {
      const vars = file.get(`layers/${key}/vars`);
      if (!(vars instanceof lib.Group)) continue;
      const nameAttr = vars.attrs.name?.value;
      const names = vars
        .keys()
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b));
      const weights: WeightTensor[] = [];
      for (const k of names) {
        const ds = vars.get(k);
        if (!(ds instanceof lib.Dataset)) return `layers/${key}/vars/${k} is not a dataset`;
        const shape = ds.shape ?? [];
        const count = shape.reduce((a, b) => a * b, 1);
        if (!String(ds.dtype).includes('f'))
          return `layers/${key}/vars/${k} holds ${String(ds.dtype)}, not floats`;
        if (count * 4 > bytes.length * 1000)
          return `layers/${key}/vars/${k} declares ${count} values in a ${bytes.length}-byte file`;
        weights.push({ shape, values: Array.from(ds.value as ArrayLike<number>) });
      }
      out.set(`layers/${key}`, { name: typeof nameAttr === 'string' ? nameAttr : null, weights });
    }
    return out;
  } catch (e) {
    return `model.weights.h5 is not a readable HDF5 file (${e instanceof Error ? e.message : String(e)})`;
  } finally {
    try {
      file?.close();
    } catch {
      // A file that failed to open has nothing to close.
    }
    FS!.unlink(path);
  }
}

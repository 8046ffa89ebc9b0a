/**
 * The IDX binary format MNIST ships in: two zero bytes, a type byte, the number of dimensions, then
 * one big-endian uint32 size per dimension, then the values, big-endian, row-major.
 */
import { fitsFloat32, shapeSize } from './checks';
import { DatasetError } from './dataset';
import type { Dataset } from './dataset';

/** Element types an IDX file can hold. */
export type IdxType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

/** Type byte and element size of each type. */
const TYPES: Record<IdxType, { code: number; bytes: number }> = {
  ubyte: { code: 0x08, bytes: 1 },
  byte: { code: 0x09, bytes: 1 },
  short: { code: 0x0b, bytes: 2 },
  int: { code: 0x0c, bytes: 4 },
  float: { code: 0x0d, bytes: 4 },
  double: { code: 0x0e, bytes: 8 },
};

/** A decoded IDX file. */
export interface IdxArray {
  /** Sizes of the dimensions (`[60000, 28, 28]`); after `limit`, the first one is the number kept. */
  shape: number[];
  /** The values as float32, row-major. */
  data: Float32Array;
}

function typeOfCode(code: number): IdxType | undefined {
  return (Object.keys(TYPES) as IdxType[]).find((t) => TYPES[t].code === code);
}

/**
 * An IDX file to decode: its size and a way to read part of it. Decoding reads the header first and
 * checks the sizes it declares against the file's size before reading the body, then reads only the
 * examples it keeps (`limit`).
 */
export interface IdxFile {
  /** The file's size in bytes. */
  size: number;
  /** Bytes `[start, start + length)`, fewer at the end of the file. */
  read(start: number, length: number): Uint8Array;
}

/** An IDX file already in memory. */
export function idxBytes(bytes: Uint8Array): IdxFile {
  return { size: bytes.length, read: (start, length) => bytes.subarray(start, start + length) };
}

/**
 * Decodes an IDX file, reading its header before its body.
 *
 * @param file - The file (not gzip-compressed); see {@link idxBytes} for bytes in memory.
 * @param options - `limit`: decode only the first `limit` entries along the first dimension (MNIST
 *   with `limit: 1000` then reads and converts 1000 images, not 60000).
 * @returns The array, and the first dimension's size as the header declares it (before `limit`).
 * @throws DatasetError for a bad magic number, an unknown type, a truncated file, a file whose
 *   length does not match the sizes in its header, or a `double` value float32 cannot hold.
 */
export function readIdx(file: IdxFile, options: { limit?: number } = {}): IdxArray & { declared: number } {
  const length = file.size;
  // The largest header: 4 bytes, then 255 dimensions of 4 bytes.
  const bytes = file.read(0, Math.min(length, 4 + 4 * 255));
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DatasetError('the IDX file is gzip-compressed (.gz); decompress it first');
  }
  if (length < 4) throw new DatasetError(`the IDX file is truncated: ${length} bytes, no header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetError(
      `not an IDX file: bad magic number (first bytes ${bytes[0]}, ${bytes[1]}; expected 0, 0)`,
    );
  }
  const type = typeOfCode(bytes[2]);
  if (type === undefined) {
    throw new DatasetError(`not an IDX file: unknown type byte 0x${bytes[2].toString(16).padStart(2, '0')}`);
  }
  const ndims = bytes[3];
  if (ndims === 0) throw new DatasetError('the IDX file declares 0 dimensions');
  const headerBytes = 4 + 4 * ndims;
  if (length < headerBytes) {
    throw new DatasetError(
      `the IDX file is truncated: header needs ${headerBytes} bytes, file has ${length}`,
    );
  }
  const head = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndims }, (_, d) => head.getUint32(4 + 4 * d, false));
  const { bytes: size } = TYPES[type];
  const expected = headerBytes + shapeSize(shape) * size;
  if (length < expected) {
    throw new DatasetError(
      `the IDX file is truncated: shape [${shape.join(', ')}] of ${type} needs ${expected} bytes, file has ${length}`,
    );
  }
  if (length > expected) {
    throw new DatasetError(
      `IDX size mismatch: shape [${shape.join(', ')}] of ${type} needs ${expected} bytes, file has ${length}`,
    );
  }

  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new DatasetError(`limit must be an integer ≥ 1, got ${limit}`);
  }
  const kept = [Math.min(shape[0], limit ?? shape[0]), ...shape.slice(1)];
  const n = shapeSize(kept);
  const body = file.read(headerBytes, n * size);
  if (body.length < n * size) {
    throw new DatasetError(
      `the IDX file is truncated: it ended while being read (${headerBytes + body.length} bytes)`,
    );
  }
  if (type === 'ubyte') {
    // The common case (MNIST pixels and labels): a typed-array copy, no per-value DataView call.
    return { shape: kept, data: Float32Array.from(body), declared: shape[0] };
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const read: (offset: number) => number = {
    byte: (o: number) => view.getInt8(o),
    short: (o: number) => view.getInt16(o, false),
    int: (o: number) => view.getInt32(o, false),
    float: (o: number) => view.getFloat32(o, false),
    double: (o: number) => view.getFloat64(o, false),
  }[type];
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = read(i * size);
    // float32 would turn it into an infinity, and the run would blame the learning rate.
    if (type === 'double' && Number.isFinite(v) && !fitsFloat32(v))
      throw new DatasetError(`value ${i} is ${v}, outside the float32 range (±3.4e38) training computes in`);
    data[i] = v;
  }
  return { shape: kept, data, declared: shape[0] };
}

/**
 * Decodes an IDX file held in memory (see {@link readIdx}).
 *
 * @param bytes - The whole file (not gzip-compressed).
 * @param options - `limit`: decode only the first `limit` entries along the first dimension.
 * @throws DatasetError for a bad magic number, an unknown type, a truncated file, or a file whose
 *   length does not match the sizes in its header.
 */
export function parseIdx(bytes: Uint8Array, options: { limit?: number } = {}): IdxArray {
  const { shape, data } = readIdx(idxBytes(bytes), options);
  return { shape, data };
}

/**
 * Encodes values as an IDX file (tests and tools use it to make small files).
 *
 * @param shape - Sizes of the dimensions; their product must equal `data.length`.
 * @param data - Values in row-major order.
 * @param type - Element type; integer types require integers within range.
 */
export function writeIdx(
  shape: readonly number[],
  data: ArrayLike<number>,
  type: IdxType = 'ubyte',
): Uint8Array {
  const { code, bytes: size } = TYPES[type];
  if (
    shape.length === 0 ||
    shape.length > 255 ||
    shape.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff)
  ) {
    throw new DatasetError(`writeIdx: invalid shape [${shape.join(', ')}]`);
  }
  if (shapeSize(shape) !== data.length) {
    throw new DatasetError(
      `writeIdx: shape [${shape.join(', ')}] holds ${shapeSize(shape)} values, got ${data.length}`,
    );
  }
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + data.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const ranges: Partial<Record<IdxType, [number, number]>> = {
    ubyte: [0, 255],
    byte: [-128, 127],
    short: [-32768, 32767],
    int: [-2147483648, 2147483647],
  };
  const range = ranges[type];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const o = headerBytes + i * size;
    if (range && (!Number.isInteger(v) || v < range[0] || v > range[1])) {
      throw new DatasetError(`writeIdx: value ${v} at ${i} does not fit type ${type}`);
    }
    if (type === 'ubyte') out[o] = v;
    else if (type === 'byte') view.setInt8(o, v);
    else if (type === 'short') view.setInt16(o, v, false);
    else if (type === 'int') view.setInt32(o, v, false);
    else if (type === 'float') view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  }
  return out;
}

/** Options of {@link idxDataset}. */
export interface IdxDatasetOptions {
  /** Use only the first `limit` examples. */
  limit?: number;
  /** Divide pixel values by 255 (default true). */
  scale?: boolean;
  /** Flatten each image to a vector (default true); otherwise keep `[h, w, 1]`. */
  flatten?: boolean;
  /** Name of the data set; default `idx`. */
  name?: string;
}

/**
 * Builds a classification data set from an IDX images file (`[n, h, w]`) and an IDX labels file
 * (`[n]`, non-negative integers). `numClasses` is the largest label + 1.
 *
 * @param imagesFile - The images file: its bytes, or an {@link IdxFile} read header first.
 * @param labelsFile - The labels file, likewise.
 * @throws DatasetError when the files do not parse, the counts differ or a label is not a class index.
 */
export function idxDataset(
  imagesFile: Uint8Array | IdxFile,
  labelsFile: Uint8Array | IdxFile,
  options: IdxDatasetOptions = {},
): Dataset {
  const file = (f: Uint8Array | IdxFile) => (f instanceof Uint8Array ? idxBytes(f) : f);
  const images = withFile('images', () => readIdx(file(imagesFile), { limit: options.limit }));
  const labels = withFile('labels', () => readIdx(file(labelsFile), { limit: options.limit }));
  if (images.shape.length < 2) {
    throw new DatasetError(
      `IDX images: expected at least 2 dimensions ([n, h, w]), got [${images.shape.join(', ')}]`,
    );
  }
  if (labels.shape.length !== 1) {
    throw new DatasetError(`IDX labels: expected 1 dimension ([n]), got [${labels.shape.join(', ')}]`);
  }
  // Compare the counts in the headers, so that `limit` cannot hide mismatched files.
  const imageCount = images.declared;
  const labelCount = labels.declared;
  if (imageCount !== labelCount) {
    throw new DatasetError(`IDX files disagree: ${imageCount} images but ${labelCount} labels`);
  }
  const count = images.shape[0];
  if (count === 0) throw new DatasetError('IDX files hold no examples');
  let maxLabel = -1;
  labels.data.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0)
      throw new DatasetError(`IDX labels: label ${i} is ${v}, not a class index`);
    maxLabel = Math.max(maxLabel, v);
  });

  const example = images.shape.slice(1);
  const size = shapeSize(example);
  const featureShape = (options.flatten ?? true) ? [size] : example.length === 2 ? [...example, 1] : example;
  const features = images.data;
  if (options.scale ?? true) {
    for (let i = 0; i < features.length; i++) features[i] /= 255;
  }
  return {
    name: options.name ?? 'idx',
    count,
    featureShape,
    features,
    labels: labels.data,
    labelShape: [],
    task: 'classification',
    numClasses: maxLabel + 1,
  };
}

/** Prefixes errors with which of the two files they concern. */
function withFile<T>(which: 'images' | 'labels', parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof DatasetError) throw new DatasetError(`IDX ${which}: ${err.message}`);
    throw err;
  }
}

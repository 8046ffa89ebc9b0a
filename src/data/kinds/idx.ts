/** A pair of IDX files (the format MNIST ships in); the parser is `../idx.ts`. */
import { z } from 'zod';
import { idxDataset } from '../idx';
import type { IdxFile } from '../idx';
import type { FileReader } from '../kind';
import { defineDataset } from '../kind';
import { boolOption } from '../options';
import { needReader, orFail, readOrFail } from './files';

/**
 * A data file as IDX decoding reads it: part by part when the reader can (the header is checked
 * against the file's size before the body is read, and `limit` reads only the examples kept),
 * otherwise whole.
 */
function idxFile(reader: FileReader, path: string): Uint8Array | IdxFile {
  const { size, readRange } = reader;
  if (!size || !readRange) return readOrFail(reader, path);
  return {
    size: orFail(path, () => size(path)),
    read: (start, length) => orFail(path, () => readRange(path, start, length)),
  };
}

const path = (doc: string) => z.string().min(1).max(4096).describe(doc);

/** Registry entry of IDX image/label pairs. */
export const idxKind = defineDataset({
  kind: 'idx',
  title: 'IDX files (MNIST format)',
  description: 'A pair of IDX files (the format MNIST ships in): images and their class labels.',
  offer: 'file-only',
  // MNIST-sized: larger batches and Adam's usual step size.
  training: { optimizer: { type: 'adam', learningRate: 0.001 }, batchSize: 128, epochs: 10 },
  options: {
    scale: boolOption('scale pixels to [0, 1]', 'Divide pixel values by 255.', true),
    flatten: boolOption(
      'flatten images',
      'Flatten each image into a vector (for MLPs) instead of keeping [h, w, 1].',
      true,
    ),
  },
  fields: {
    images: path('Path of the images file (`train-images-idx3-ubyte`), relative to the graph file.'),
    labels: path('Path of the labels file (`train-labels-idx1-ubyte`), relative to the graph file.'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .optional()
      .describe('Use only the first `limit` examples.'),
  },
  load(spec, { readFile }) {
    const reader = needReader(readFile);
    const images = idxFile(reader, spec.images);
    const labels = idxFile(reader, spec.labels);
    return idxDataset(images, labels, { ...spec, name: spec.images });
  },
});

/**
 * MNIST digits and Fashion-MNIST: the four IDX files downloaded once (`../download/`) and read from
 * the cache under `cache:<set>/<file>`. Until they are there, loading says how to get them
 * ({@link DataNeededError}), which the editor shows as a "Get MNIST" prompt rather than an error.
 */
import { z } from 'zod';
import { IMAGE_SETS, cachePath } from '../download/catalog';
import { DataNeededError } from '../download/needed';
import { idxBytes, idxDataset } from '../idx';
import type { IdxFile } from '../idx';
import type { FileReader } from '../kind';
import { defineDataset } from '../kind';
import { boolOption, intOption, resolveOptions } from '../options';
import { orFail } from './files';

const OPTIONS = {
  limit: intOption(
    'examples',
    'Use only the first N examples of the split (fewer trains faster).',
    1,
    60000,
    60000,
  ),
  scale: boolOption('scale pixels to [0, 1]', 'Divide pixel values by 255.', true),
  flatten: boolOption(
    'flatten images',
    'Flatten each 28×28 image into 784 values (for MLPs) instead of keeping [28, 28, 1] (for CNNs).',
    true,
  ),
};

/** Examples in each split of both sets. */
const SPLIT_SIZE = { train: 60000, test: 10000 } as const;

/** A cached file, read header first where the reader can (see `idx.ts`). */
function cachedFile(reader: FileReader, path: string): IdxFile {
  const { size, readRange } = reader;
  if (size && readRange)
    return {
      size: orFail(path, () => size(path)),
      read: (start, length) => orFail(path, () => readRange(path, start, length)),
    };
  return idxBytes(orFail(path, () => reader(path)));
}

/** Registry entry of the downloadable image sets. */
export const mnistKind = defineDataset({
  kind: 'mnist',
  title: 'MNIST digits / Fashion-MNIST (download once)',
  description:
    'MNIST handwritten digits or Fashion-MNIST (28×28 grey images, 10 classes), downloaded once with "Get MNIST" (CLI: --download), checked by SHA-256 and cached.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.001 }, batchSize: 128, epochs: 5, testSplit: 0.1 },
  options: OPTIONS,
  fields: {
    set: z
      .enum(['mnist', 'fashion'])
      .optional()
      .describe('`mnist` (handwritten digits, default) or `fashion` (Fashion-MNIST clothing).'),
    split: z
      .enum(['train', 'test'])
      .optional()
      .describe('`train` (60,000 images, default) or `test` (the 10,000 official test images).'),
  },
  size(spec) {
    const o = resolveOptions('mnist', OPTIONS, spec);
    const set = IMAGE_SETS[spec.set ?? 'mnist'];
    return {
      name: set.title,
      count: Math.min(o.limit, SPLIT_SIZE[spec.split ?? 'train']),
      featureSize: 784,
      labelSize: 1,
    };
  },
  load(spec, { readFile }) {
    const o = resolveOptions('mnist', OPTIONS, spec);
    const set = IMAGE_SETS[spec.set ?? 'mnist'];
    const split = spec.split ?? 'train';
    const { images, labels } =
      split === 'train'
        ? { images: set.files.trainImages, labels: set.files.trainLabels }
        : { images: set.files.testImages, labels: set.files.testLabels };
    const paths = [cachePath(set.id, images.name), cachePath(set.id, labels.name)];
    if (!readFile || (readFile.has && !paths.every((p) => readFile.has!(p))))
      throw new DataNeededError(set.id);
    const ds = idxDataset(cachedFile(readFile, paths[0]), cachedFile(readFile, paths[1]), {
      limit: o.limit,
      scale: o.scale,
      flatten: o.flatten,
      name: `${set.title} (${split}${o.limit < SPLIT_SIZE[split] ? `, first ${o.limit}` : ''})`,
    });
    return { ...ds, numClasses: set.classNames.length, classNames: set.classNames };
  },
});

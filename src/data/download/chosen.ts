/**
 * IDX files the user already has, chosen in the app: gzip-compressed or not, named as MNIST names
 * them or not. Each is recognised by its header (images have 3 dimensions, labels 1) and by `t10k`
 * or `test` in its name for the test split.
 */
import { gunzipSync } from 'fflate';
import { DatasetError } from '../dataset';
import { idxBytes, readIdx } from '../idx';
import { IMAGE_SETS, cachePath } from './catalog';
import type { ImageSetId } from './catalog';

/** A file as chosen: its name and bytes. */
export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

/** The decompressed bytes of a chosen file (gzip recognised by its magic bytes, not its name). */
function decompressed(file: ChosenFile): Uint8Array {
  const { bytes } = file;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (err) {
      throw new DatasetError(
        `${file.name}: not a valid gzip file (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  return bytes;
}

/**
 * Sorts chosen IDX files into the set's files, by the path the `mnist` kind reads each under.
 *
 * @throws DatasetError naming the file that is not IDX, not 28×28 images or labels, or a role two files claim.
 */
export function sortChosenIdx(set: ImageSetId, chosen: readonly ChosenFile[]): Record<string, Uint8Array> {
  const { files } = IMAGE_SETS[set];
  const out: Record<string, Uint8Array> = {};
  const from: Record<string, string> = {};
  for (const file of chosen) {
    const bytes = decompressed(file);
    let shape: number[];
    try {
      shape = readIdx(idxBytes(bytes), { limit: 1 }).shape;
    } catch (err) {
      throw new DatasetError(`${file.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const test = /t10k|test/i.test(file.name);
    let role;
    if (shape.length === 3 && shape[1] === 28 && shape[2] === 28)
      role = test ? files.testImages : files.trainImages;
    else if (shape.length === 1) role = test ? files.testLabels : files.trainLabels;
    else
      throw new DatasetError(
        `${file.name}: an IDX file of shape [${shape.join(', ')}] per entry is neither 28×28 images nor labels`,
      );
    const path = cachePath(set, role.name);
    if (from[path]) throw new DatasetError(`${file.name} and ${from[path]} are both ${role.name}`);
    from[path] = file.name;
    out[path] = bytes;
  }
  return out;
}

/** Reading files the user picked or dropped, their sizes checked before a byte is read. */
import type { PickedFile } from '../host';
import { sizeProblems } from './chosen';

/** Files over the size limit; `lines` say which, one each. */
export class FilesTooBigError extends Error {
  override readonly name = 'FilesTooBigError';
  constructor(readonly lines: string[]) {
    super(lines.join('; '));
  }
}

/**
 * Reads browser `File`s (from a file input or a drop) into bytes.
 *
 * @throws FilesTooBigError when a file or the total is over {@link MAX_FILE_BYTES}, before reading.
 */
export async function readChosen(files: readonly File[]): Promise<PickedFile[]> {
  const problems = sizeProblems(files);
  if (problems.length) throw new FilesTooBigError(problems);
  return Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}

/** The file chooser both hosts use for data files and web mode's Open: the platform's own dialog behind an `<input type="file">`. */
import type { PickedFile } from '../host';
import { readChosen } from '../import/readChosen';

/** Asks for files of the given types (extensions or media types), several when `multiple`; null when cancelled. */
function chooseFiles(accept: readonly string[], multiple: boolean): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept.join(',');
    input.multiple = multiple;
    input.onchange = () => resolve(input.files?.length ? Array.from(input.files) : null);
    input.oncancel = () => resolve(null);
    input.click();
  });
}

/** Asks for one file of the given types (extensions or media types); null when cancelled. */
export async function pickFile(accept: readonly string[]): Promise<PickedFile | null> {
  const files = await chooseFiles(accept, false);
  const file = files?.[0];
  return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
}

/**
 * Asks for one or more files (a model with its weight files); null when cancelled.
 *
 * @throws FilesTooBigError before reading any when a file, or all together, are over the limit.
 */
export async function pickFiles(accept: readonly string[]): Promise<PickedFile[] | null> {
  const files = await chooseFiles(accept, true);
  return files ? readChosen(files) : null;
}

/** The file chooser both hosts use for data files: the platform's own dialog behind an `<input type="file">`. */
import type { PickedFile } from '../host';

/** Asks for one file of the given types (extensions or media types); null when cancelled. */
export function pickFile(accept: readonly string[]): Promise<PickedFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept.join(',');
    input.onchange = async () => {
      const file = input.files?.[0];
      resolve(file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null);
    };
    input.oncancel = () => resolve(null);
    input.click();
  });
}

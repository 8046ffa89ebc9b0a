/** A chooser for several data files at once (the IDX files of a data set), behind an `<input type="file" multiple>`. */
import type { PickedFile } from '../host';

/** Asks for files of the given types; an empty list when cancelled. */
export function pickFiles(accept: readonly string[]): Promise<PickedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = accept.join(',');
    input.onchange = async () => {
      const files = Array.from(input.files ?? []);
      resolve(
        await Promise.all(
          files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
        ),
      );
    };
    input.oncancel = () => resolve([]);
    input.click();
  });
}

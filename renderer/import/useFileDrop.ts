/**
 * Files dragged onto the window from the desktop: while they hover, the window says it will open
 * them; dropped, they are read (sizes checked first) and handed on, several together (a model.json
 * with its weight shards). Drags from inside the page (the palette's ops) are left alone.
 */
import { useEffect, useState } from 'react';
import type { PickedFile } from '../host';
import { FilesTooBigError, readChosen } from './readChosen';

/** Whether a drag carries files from outside the page. */
const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Listens for file drops on the window; returns whether files are being dragged over it.
 *
 * @param onFiles - Gets the dropped files, read.
 * @param onTooBig - Gets one line per file over the size limit (nothing was read).
 */
export function useFileDrop(
  onFiles: (files: PickedFile[]) => void,
  onTooBig: (lines: string[]) => void,
): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; counting them tells when the window is left.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth += 1;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const dragOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      // Without this the browser (or Electron) would navigate to the file.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (!files.length) return;
      readChosen(files).then(onFiles, (err: unknown) => {
        if (err instanceof FilesTooBigError) onTooBig(err.lines);
        else onTooBig([`the dropped files could not be read: ${String(err)}`]);
      });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', dragOver);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', dragOver);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles, onTooBig]);
  return over;
}

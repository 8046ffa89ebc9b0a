/** Node-only: writing a file so that readers never see half of it (used by the CLI and Electron's main). */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes `contents` to `path` atomically: a temp file next to it, fsync, rename over the target. */
export function writeAtomic(path: string, contents: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    if (typeof contents === 'string') writeSync(fd, contents);
    else writeSync(fd, contents, 0, contents.length);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

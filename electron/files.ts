/** File work in the main process: atomic saves, opening graph files, the recent-files list, settings. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { writeAtomic } from '../src/node/write-atomic';
import type { OpenedPath, PickedPath } from './ipc';

export { writeAtomic };

/**
 * The largest graph file main opens. The largest graphs with weights we ship or measured are a few
 * MB; reading a file of hundreds of MB (picked by mistake, or a path on the recent list that is
 * now something else) would stall main and then the renderer's parser.
 */
export const MAX_OPEN_BYTES = 64 * 1024 * 1024;

/** A file main will not open, with a message that can be shown to the user as it is. */
export class UnopenableFileError extends Error {
  override readonly name = 'UnopenableFileError';
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Reads a graph file for the renderer, refusing anything but a regular file of at most `limit`
 * bytes with an {@link UnopenableFileError} that says why.
 */
export function readGraphFile(path: string, limit = MAX_OPEN_BYTES): OpenedPath {
  const name = basename(path);
  const stat = statSync(path);
  if (!stat.isFile()) throw new UnopenableFileError(`${name} is not a file.`);
  if (stat.size > limit)
    throw new UnopenableFileError(
      `${name} is ${megabytes(stat.size)}; Backprop Studio opens graph files of up to ${megabytes(limit)}.`,
    );
  return { path, name, text: readFileSync(path, 'utf8') };
}

/**
 * The most the files picked in one Open may come to: a model with its weights (ONNX and Keras files
 * of real models run to hundreds of MB; larger ones would not train in a browser tab anyway).
 */
export const MAX_PICK_BYTES = 512 * 1024 * 1024;

/**
 * Reads the files picked in the Open dialog as bytes, refusing (with an {@link UnopenableFileError}
 * that says which) anything but regular files, or files that together are over `limit` bytes.
 */
export function readPickedFiles(paths: readonly string[], limit = MAX_PICK_BYTES): PickedPath[] {
  let total = 0;
  for (const path of paths) {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UnopenableFileError(`${basename(path)} is not a file.`);
    total += stat.size;
    if (total > limit)
      throw new UnopenableFileError(
        paths.length > 1
          ? `These files come to more than ${megabytes(limit)}, the most Backprop Studio opens at once.`
          : `${basename(path)} is ${megabytes(stat.size)}; Backprop Studio opens files of up to ${megabytes(limit)}.`,
      );
  }
  return paths.map((path) => {
    const b = readFileSync(path);
    return { path, name: basename(path), bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
  });
}

/** Reads a small JSON settings file, or `fallback` when it is missing or broken. */
export function readJson<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** Writes a small JSON settings file atomically. */
export function writeJson(path: string, value: unknown): void {
  writeAtomic(path, JSON.stringify(value, null, 2));
}

/** The recent list with `path` first, without duplicates, at most 10. */
export function pushRecent(list: readonly string[], path: string): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, 10);
}

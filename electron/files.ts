/** File work in the main process: atomic saves, the recent-files list, window state. */
import { readFileSync } from 'node:fs';
import { writeAtomic } from '../src/node/write-atomic';

export { writeAtomic };

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

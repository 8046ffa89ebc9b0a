/**
 * The download cache in a folder (CLI, tests, Electron's main process): `$XDG_CACHE_HOME/backprop-studio`
 * or `~/.cache/backprop-studio` unless told otherwise. Files are written under a temporary name and
 * renamed once complete, so a crash never leaves part of a file under its real name.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DataCache } from './download';

/** The user's cache folder for this app. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'backprop-studio');
}

/** Keys are `set/name`: only letters, digits, `.`, `-`, `_` and one `/`, never `..`. */
function fileOf(dir: string, key: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(key) || key.includes('..')) throw new Error(`bad cache key "${key}"`);
  return join(dir, key);
}

/** A cache in `dir` (created when first written). */
export function folderCache(dir: string = defaultCacheDir()): DataCache & { pathOf(key: string): string } {
  return {
    pathOf: (key) => fileOf(dir, key),
    async get(key) {
      const path = fileOf(dir, key);
      try {
        if (!statSync(path).isFile()) return null;
        return new Uint8Array(readFileSync(path));
      } catch {
        return null;
      }
    },
    async put(key, bytes) {
      const path = fileOf(dir, key);
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.${Date.now()}.part`;
      try {
        writeFileSync(temp, bytes);
        renameSync(temp, path);
      } catch (err) {
        rmSync(temp, { force: true });
        throw err;
      }
    },
  };
}

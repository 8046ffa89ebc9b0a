/**
 * Saving an export's files into a folder (Electron's "Save as…" of the Export dialog). The files and
 * their paths come from the renderer, which main does not trust: a path may only name a file inside
 * the export's own folder (no `..`, no absolute path, no link leading out), and either every file is
 * written or none is (each goes to a temp file first; the renames happen once all are written).
 */
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** One file to write, as the renderer sends it. */
export interface FolderFile {
  /** Path relative to the export's folder (`model.py`, `weights/group1-shard1of1.bin`). */
  path: string;
  contents: string | Uint8Array;
}

/** Why a folder name or a file path is refused, or null when it is fine. */
export function pathProblem(path: string): string | null {
  if (!path) return 'an empty path';
  if (path.length > 1024) return `a path of ${path.length} characters`;
  if (/[\0\\:]/.test(path)) return `"${path}" has a character paths may not have here (\\, : or NUL)`;
  if (path.startsWith('/')) return `"${path}" is absolute`;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..'))
    return `"${path}" has an empty, "." or ".." part`;
  if (parts.some((p) => p.length > 255)) return `"${path}" has a part longer than 255 characters`;
  return null;
}

/** Why this set of files is refused (a bad path, two files at one path), or null. */
export function filesProblem(files: readonly FolderFile[]): string | null {
  const seen = new Set<string>();
  for (const f of files) {
    const problem = pathProblem(f.path);
    if (problem) return problem;
    // Case-insensitive file systems (macOS, Windows) would write both to one file.
    const key = f.path.toLowerCase();
    if (seen.has(key)) return `two files at "${f.path}"`;
    seen.add(key);
  }
  // `weights` as a file and `weights/w.bin` cannot both be written.
  for (const key of seen)
    if ([...seen].some((other) => other.startsWith(`${key}/`))) return `"${key}" is both a file and a folder`;
  return null;
}

/** Where each file goes, and which of those exist already. */
export interface FolderPlan {
  folder: string;
  targets: string[];
  existing: string[];
}

/**
 * Plans writing `files` into `parent/name/`: checks every path, that each target stays inside that
 * folder also after following links of folders that exist, and lists the files that would be
 * replaced. Throws an Error saying why when a path is refused.
 */
export function planFolder(parent: string, name: string, files: readonly FolderFile[]): FolderPlan {
  const nameProblem = pathProblem(name) ?? (name.includes('/') ? `"${name}" is not one folder name` : null);
  if (nameProblem) throw new Error(`export refused: ${nameProblem}`);
  const problem = filesProblem(files);
  if (problem) throw new Error(`export refused: ${problem}`);
  const folder = resolve(parent, name);
  const targets = files.map((f) => resolve(folder, f.path));
  for (const target of targets) {
    if (!target.startsWith(folder + sep)) throw new Error(`export refused: ${target} is outside ${folder}`);
    // The deepest folder of the target that exists must really be inside the export's folder: a
    // link there (`weights -> /etc`) would otherwise carry the write out.
    let dir = dirname(target);
    while (!exists(dir) && dir.startsWith(folder + sep)) dir = dirname(dir);
    if (dir.startsWith(folder) && exists(dir)) {
      const real = realpathSync(dir);
      const realFolder = exists(folder) ? realpathSync(folder) : folder;
      if (real !== realFolder && !real.startsWith(realFolder + sep))
        throw new Error(`export refused: ${dir} leads outside ${folder}`);
    }
    if (exists(target) && !lstatSync(target).isFile())
      throw new Error(`export refused: ${target} exists and is not a plain file`);
  }
  return { folder, targets, existing: targets.filter(exists) };
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes bytes to a new file and makes sure they are on disk before it is renamed into place. */
function writeDurably(path: string, contents: string | Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the planned files: each to a temp file next to its target, and only when all are written,
 * renames them into place. A failure before the renames removes the temp files (and folders it
 * made) and leaves what was there untouched.
 */
export function writeFolder(plan: FolderPlan, files: readonly FolderFile[]): void {
  const temps: string[] = [];
  const madeRoot = !exists(plan.folder);
  try {
    for (const [i, target] of plan.targets.entries()) {
      mkdirSync(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${basename(target)}.bps-export-${process.pid}-${Date.now()}.tmp`);
      temps.push(temp);
      writeDurably(temp, files[i].contents);
    }
  } catch (err) {
    for (const t of temps) rmSync(t, { force: true });
    if (madeRoot) rmSync(plan.folder, { recursive: true, force: true });
    throw err;
  }
  for (const [i, target] of plan.targets.entries()) renameSync(temps[i], target);
}

/**
 * Electron's "Save as folder" of the Export dialog: the renderer's file paths are untrusted, so
 * every path must stay inside the export's folder (no `..`, no absolute path, no link leading out),
 * and either every file is written or none is.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesProblem, pathProblem, planFolder, writeFolder } from '../../electron/export-folder';
import { SaveExportPayload } from '../../electron/payloads';

const temp = () => mkdtempSync(join(tmpdir(), 'bps-export-folder-'));

describe('export folder paths', () => {
  it('accepts relative paths, also in subfolders', () => {
    for (const p of ['model.py', 'weights/group1-shard1of1.bin', 'a.b-c_d.json'])
      expect(pathProblem(p)).toBeNull();
  });

  it('refuses traversal, absolute paths, drive letters, backslashes, NUL and empty parts, saying which', () => {
    for (const p of [
      '../evil.py',
      'a/../../evil',
      '/etc/passwd',
      'C:/x',
      'a\\..\\b',
      'a\0b',
      'a//b',
      './a',
      '',
      'a/',
    ]) {
      const problem = pathProblem(p);
      expect(problem, p).not.toBeNull();
    }
    expect(pathProblem('../evil.py')).toContain('"../evil.py"');
  });

  it('refuses two files at one path, also differing only in case', () => {
    expect(
      filesProblem([
        { path: 'a.py', contents: '' },
        { path: 'A.py', contents: '' },
      ]),
    ).toContain('two files');
  });

  it('refuses a folder name with a separator and a file path that leaves the folder, before writing', () => {
    const parent = temp();
    expect(() => planFolder(parent, '../out', [{ path: 'a', contents: 'x' }])).toThrow(/export refused/);
    expect(() => planFolder(parent, 'a/b', [{ path: 'a', contents: 'x' }])).toThrow(/not one folder name/);
    expect(() => planFolder(parent, 'out', [{ path: '../../x', contents: 'x' }])).toThrow(/export refused/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a path through a link that leads out of the export folder', () => {
    const parent = temp();
    const outside = temp();
    mkdirSync(join(parent, 'out'));
    symlinkSync(outside, join(parent, 'out', 'weights'));
    expect(() => planFolder(parent, 'out', [{ path: 'weights/w.bin', contents: 'x' }])).toThrow(
      /leads outside/,
    );
    expect(readdirSync(outside)).toEqual([]);
  });

  it('the IPC schema refuses a payload that is not an export (wrong types, too many files)', () => {
    expect(SaveExportPayload.safeParse({ name: 'x', files: [{ path: 'a', contents: 1 }] }).success).toBe(
      false,
    );
    expect(SaveExportPayload.safeParse({ name: 'x', files: [], extra: 1 }).success).toBe(false);
    const many = Array.from({ length: 1001 }, (_, i) => ({ path: `f${i}`, contents: '' }));
    expect(SaveExportPayload.safeParse({ name: 'x', files: many }).success).toBe(false);
    const ok = {
      name: 'x',
      files: [
        { path: 'a.py', contents: 'print(1)' },
        { path: 'w.bin', contents: new Uint8Array([1, 2]) },
      ],
    };
    expect(SaveExportPayload.safeParse(ok).success).toBe(true);
  });
});

describe('writing the export folder', () => {
  it('writes text and bytes into a new folder named after the export, and nothing else', () => {
    const parent = temp();
    const files = [
      { path: 'model.py', contents: 'import torch\n' },
      { path: 'weights/w.bin', contents: new Uint8Array([0, 1, 255]) },
    ];
    const plan = planFolder(parent, 'spiral-pytorch', files);
    expect(plan.existing).toEqual([]);
    writeFolder(plan, files);
    const folder = join(parent, 'spiral-pytorch');
    expect(readFileSync(join(folder, 'model.py'), 'utf8')).toBe('import torch\n');
    expect([...readFileSync(join(folder, 'weights/w.bin'))]).toEqual([0, 1, 255]);
    expect(readdirSync(folder).sort()).toEqual(['model.py', 'weights']);
    expect(readdirSync(join(folder, 'weights'))).toEqual(['w.bin']);
  });

  it('lists the files it would replace, then replaces them', () => {
    const parent = temp();
    mkdirSync(join(parent, 'out'));
    writeFileSync(join(parent, 'out', 'model.py'), 'old');
    const files = [
      { path: 'model.py', contents: 'new' },
      { path: 'train.py', contents: 't' },
    ];
    const plan = planFolder(parent, 'out', files);
    expect(plan.existing).toEqual([join(parent, 'out', 'model.py')]);
    writeFolder(plan, files);
    expect(readFileSync(join(parent, 'out', 'model.py'), 'utf8')).toBe('new');
    expect(readdirSync(join(parent, 'out')).sort()).toEqual(['model.py', 'train.py']);
  });

  it('refuses to write over a folder with a file', () => {
    const parent = temp();
    mkdirSync(join(parent, 'out', 'model.py'), { recursive: true });
    expect(() => planFolder(parent, 'out', [{ path: 'model.py', contents: 'x' }])).toThrow(
      /not a plain file/,
    );
  });

  it('writes nothing when one file cannot be written: the files already there are kept as they were', () => {
    const parent = temp();
    mkdirSync(join(parent, 'out'));
    writeFileSync(join(parent, 'out', 'model.py'), 'old');
    const files = [
      { path: 'model.py', contents: 'new' },
      { path: 'sub/b.py', contents: 'y' },
    ];
    const plan = planFolder(parent, 'out', files);
    // A file where the subfolder must go makes the second write fail after the first temp file.
    writeFileSync(join(parent, 'out', 'sub'), 'in the way');
    expect(() => writeFolder(plan, files)).toThrow();
    expect(readFileSync(join(parent, 'out', 'model.py'), 'utf8')).toBe('old');
    expect(readdirSync(join(parent, 'out')).sort()).toEqual(['model.py', 'sub']);
  });

  it('refuses a path that is both a file and the folder of another file', () => {
    expect(
      filesProblem([
        { path: 'weights', contents: 'x' },
        { path: 'weights/w.bin', contents: 'y' },
      ]),
    ).toContain('both a file and a folder');
  });
});

/** Main-process file helpers: atomic saves leave no temp files and never a half-written target. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_OPEN_BYTES,
  pushRecent,
  readGraphFile,
  readJson,
  UnopenableFileError,
  writeAtomic,
} from '../../electron/files';

describe('writeAtomic', () => {
  it('replaces the file content and leaves no temp file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-atomic-'));
    const path = join(dir, 'graph.json');
    writeFileSync(path, 'old');
    writeAtomic(path, '{"schemaVersion":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"schemaVersion":1}');
    expect(readdirSync(dir)).toEqual(['graph.json']);
  });

  it('keeps the old file when the write cannot happen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-atomic-'));
    const path = join(dir, 'missing-folder', 'graph.json');
    expect(() => writeAtomic(path, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('settings helpers', () => {
  it('keeps the 10 most recent files, newest first, without duplicates', () => {
    let list: string[] = [];
    for (let i = 0; i < 12; i++) list = pushRecent(list, `/g/${i}.json`);
    list = pushRecent(list, '/g/5.json');
    expect(list[0]).toBe('/g/5.json');
    expect(list).toHaveLength(10);
    expect(new Set(list).size).toBe(10);
  });

  it('falls back when a settings file is missing or broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-settings-'));
    writeFileSync(join(dir, 'broken.json'), '{not json');
    expect(readJson(join(dir, 'broken.json'), { recent: [] })).toEqual({ recent: [] });
    expect(readJson(join(dir, 'none.json'), 7)).toBe(7);
  });
});

describe('opening graph files', () => {
  it('reads a file within the limit and refuses a larger one, or a folder, with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-open-'));
    const path = join(dir, 'graph.json');
    writeFileSync(path, '{"schemaVersion":1}');
    expect(readGraphFile(path)).toEqual({ path, name: 'graph.json', text: '{"schemaVersion":1}' });
    writeFileSync(path, 'x'.repeat(3 * 1024 * 1024));
    expect(() => readGraphFile(path, 2 * 1024 * 1024)).toThrow(
      new UnopenableFileError('graph.json is 3.0 MB; Backprop Studio opens graph files of up to 2.0 MB.'),
    );
    expect(() => readGraphFile(dir)).toThrow(UnopenableFileError);
    expect(MAX_OPEN_BYTES).toBe(64 * 1024 * 1024);
  });
});

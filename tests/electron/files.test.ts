/** Main-process file helpers: atomic saves leave no temp files and never a half-written target. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pushRecent, readJson, writeAtomic } from '../../electron/files';

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

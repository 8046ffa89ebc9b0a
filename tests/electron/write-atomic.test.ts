/**
 * Atomic saves clean up after killed saves: temp files have a recognisable name, and the next save
 * of the same target removes stale ones of exactly that pattern, and nothing else.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  STALE_TEMP_AGE_MS,
  parseTempName,
  pidAlive,
  removeStaleTemps,
  tempName,
  writeAtomic,
} from '../../src/node/write-atomic';

/** A pid that is certainly not running: a child process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'bps-atomic-'));

describe('writeAtomic temp files', () => {
  it('names temp files recognisably and parses only that exact pattern for the same target', () => {
    const name = tempName('/g/graph.json', 1234, 1700000000000);
    expect(name).toBe('.graph.json.bps-save-1234-1700000000000.tmp');
    expect(parseTempName('/g/graph.json', name)).toEqual({ pid: 1234, ms: 1700000000000 });
    for (const other of [
      '.graph.json.1234.1700000000000.tmp', // the old naming: not provably ours
      '.other.json.bps-save-1234-1.tmp', // another target's
      '.graph.json.bps-save-1234-1.tmp.bak',
      '.graph.json.bps-save-x-1.tmp',
      'graph.json.bps-save-1234-1.tmp',
      '.graphXjson.bps-save-1234-1.tmp', // the dot in the name is literal
    ])
      expect(parseTempName('/g/graph.json', other)).toBeNull();
  });

  it('a save after a killed save removes the stale temp file and touches nothing else', () => {
    const dir = tempDir();
    const path = join(dir, 'graph.json');
    writeFileSync(path, 'old');
    // What a save killed before its rename leaves: a temp file of a process that is gone.
    const killed = tempName(path, deadPid(), Date.now() - 1000);
    writeFileSync(join(dir, killed), 'x'.repeat(1024));
    // Files that are not ours, or not for this target, must survive.
    const keep = [
      'notes.txt',
      '.graph.json.swp',
      '.graph.json.12345.1700000000000.tmp',
      tempName(join(dir, 'other.json'), deadPid(), 1),
    ];
    for (const k of keep) writeFileSync(join(dir, k), 'keep');
    writeAtomic(path, '{"schemaVersion":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"schemaVersion":1}');
    expect(readdirSync(dir).sort()).toEqual(['graph.json', ...keep].sort());
  });

  it('keeps a live save’s temp file until it is old, then removes it', () => {
    const dir = tempDir();
    const path = join(dir, 'graph.json');
    // A save in progress in another running process (our parent stands in for it).
    const live = tempName(path, process.ppid, Date.now());
    writeFileSync(join(dir, live), 'partial');
    writeAtomic(path, 'a');
    expect(readdirSync(dir)).toContain(live);
    // Minutes later it is stale whoever holds the pid now (pids are reused).
    const past = (Date.now() - STALE_TEMP_AGE_MS - 60_000) / 1000;
    utimesSync(join(dir, live), past, past);
    writeAtomic(path, 'b');
    expect(readdirSync(dir)).toEqual(['graph.json']);
  });

  it('never removes a folder or a link that happens to match the pattern', () => {
    const dir = tempDir();
    const path = join(dir, 'graph.json');
    const folder = tempName(path, deadPid(), 1);
    const link = tempName(path, deadPid(), 2);
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, 'target.txt'), 'precious');
    symlinkSync(join(dir, 'target.txt'), join(dir, link));
    expect(removeStaleTemps(path, { now: Date.now() + 2 * STALE_TEMP_AGE_MS, alive: () => false })).toEqual(
      [],
    );
    expect(readdirSync(dir).sort()).toEqual([folder, link, 'target.txt'].sort());
  });

  it('tells a running pid from a gone one', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(deadPid())).toBe(false);
    expect(pidAlive(0)).toBe(false);
  });

  it('writes large contents completely and removes its temp file when the rename fails', () => {
    const dir = tempDir();
    const big = join(dir, 'big.json');
    const text = 'x'.repeat(13 * 1024 * 1024);
    writeAtomic(big, text);
    expect(readFileSync(big, 'utf8').length).toBe(text.length);
    // Renaming a file over a folder fails: the save throws and leaves no temp file.
    const folderTarget = join(dir, 'folder.json');
    mkdirSync(folderTarget);
    writeFileSync(join(folderTarget, 'inside'), '');
    expect(() => writeAtomic(folderTarget, 'y')).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['big.json', 'folder.json']);
  });
});

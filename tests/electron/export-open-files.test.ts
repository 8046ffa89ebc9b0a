/**
 * Electron's Open reads the picked files (a graph, or a model with its weight shards) as bytes in
 * main: only regular files, and all together within the size limit, else one message saying why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPickedFiles, UnopenableFileError } from '../../electron/files';
import { OpenFilesPayload } from '../../electron/payloads';

describe('files picked in the Open dialog', () => {
  it('are read as bytes with their names, in the order picked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-open-'));
    writeFileSync(join(dir, 'model.json'), '{"format":"layers-model"}');
    writeFileSync(join(dir, 'group1-shard1of1.bin'), Buffer.from([1, 2, 3]));
    const files = readPickedFiles([join(dir, 'model.json'), join(dir, 'group1-shard1of1.bin')]);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
    expect(new TextDecoder().decode(files[0].bytes)).toBe('{"format":"layers-model"}');
    expect([...files[1].bytes]).toEqual([1, 2, 3]);
  });

  it('are refused, with a message naming the limit, when together over it; and a folder is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-open-'));
    writeFileSync(join(dir, 'a.bin'), new Uint8Array(600));
    writeFileSync(join(dir, 'b.bin'), new Uint8Array(600));
    expect(() => readPickedFiles([join(dir, 'a.bin'), join(dir, 'b.bin')], 1000)).toThrow(
      UnopenableFileError,
    );
    expect(() => readPickedFiles([join(dir, 'a.bin'), join(dir, 'b.bin')], 1000)).toThrow(/more than/);
    expect(() => readPickedFiles([join(dir, 'a.bin')], 500)).toThrow(/a\.bin is/);
    expect(() => readPickedFiles([dir])).toThrow(/is not a file/);
  });

  it('the request carries only file endings for the dialog filter', () => {
    expect(OpenFilesPayload.safeParse({ extensions: ['.onnx', '.keras'] }).success).toBe(true);
    for (const bad of ['onnx', '.a/b', '.x;rm', '../'])
      expect(OpenFilesPayload.safeParse({ extensions: [bad] }).success, bad).toBe(false);
  });
});

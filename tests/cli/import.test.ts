/**
 * `backprop-studio import`: the model and the files it needs read from its folder (bounded, never
 * outside it), problems one line each with where, nothing written on failure, no overwrite without
 * --force. Until the real importers land (Keras, tfjs, ONNX on their branches), the reading side is
 * driven through a small importer registered here, whose model names its weight files the way a
 * tfjs `weightsManifest` does; the real formats' own CLI tests go in `import-<format>.test.ts`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { parseGraphText } from '../../src/graph/load';
import { importedGraphName, isSafeSiblingPath, wantedSiblings } from '../../src/import/files';
import { IMPORTERS } from '../../src/import/registry';
import type { ImportResult, ModelImporter } from '../../src/import/types';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A model file of the test format: a graph (no layout) and the weight files it refers to. */
interface TestModel {
  graph: unknown;
  weights: string[];
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** The test format: `.tmodel` JSON naming its weight files; each must come as a sibling. */
const testImporter: ModelImporter = {
  id: 'test-model',
  title: 'Test model',
  extensions: ['.tmodel'],
  sniff: (input) => input.name.endsWith('.tmodel'),
  siblingNames: (input) => (JSON.parse(decode(input.bytes)) as TestModel).weights,
  async read(input): Promise<ImportResult> {
    const model = JSON.parse(decode(input.bytes)) as TestModel;
    const missing = model.weights.filter((w) => !input.siblings.has(w));
    if (missing.length)
      return {
        ok: false,
        problems: missing.map((w) => ({
          where: 'weights manifest',
          message: `weight file "${w}" is missing`,
        })),
      };
    const { doc } = parseGraphText(JSON.stringify(model.graph));
    if (!doc) return { ok: false, problems: [{ where: 'graph', message: 'not a graph' }] };
    const bytes = model.weights.reduce((n, w) => n + input.siblings.get(w)!.byteLength, 0);
    return { ok: true, doc, notes: [`read ${model.weights.length} weight file(s), ${bytes} bytes`] };
  },
};

const graph = () => {
  const file = JSON.parse(readFileSync('graphs/perceptron-or.json', 'utf8')) as Record<string, unknown>;
  delete file.layout;
  return file;
};

/** A folder with `net.tmodel` naming `weights`, and the files given. */
function modelFolder(weights: string[], files: Record<string, string | Uint8Array> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bps-import-'));
  writeFileSync(join(dir, 'net.tmodel'), JSON.stringify({ graph: graph(), weights }));
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), contents);
  }
  return dir;
}

describe('import', () => {
  beforeAll(() => void (IMPORTERS as ModelImporter[]).push(testImporter));
  afterAll(() => void (IMPORTERS as ModelImporter[]).splice(IMPORTERS.indexOf(testImporter), 1));

  it('reads the model and the weight files it names from its folder, writes the graph next to it', async () => {
    const dir = modelFolder(['w1.bin', 'sub/w2.bin'], {
      'w1.bin': new Uint8Array(8),
      'sub/w2.bin': new Uint8Array(4),
    });
    const r = await cli('import', join(dir, 'net.tmodel'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: read 2 weight file(s), 12 bytes');
    expect(r.stdout).toContain(`wrote ${join(dir, 'net.json')}`);
    const { doc, diagnostics } = parseGraphText(readFileSync(join(dir, 'net.json'), 'utf8'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(doc?.nodes.map((n) => n.id)).toEqual(
      parseGraphText(readFileSync('graphs/perceptron-or.json', 'utf8')).doc?.nodes.map((n) => n.id),
    );
  });

  it('names a missing weight file with where it is named, and writes nothing', async () => {
    const dir = modelFolder(['w1.bin', 'gone.bin'], { 'w1.bin': new Uint8Array(8) });
    const out = join(dir, 'out.json');
    const r = await cli('import', join(dir, 'net.tmodel'), '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${join(dir, 'net.tmodel')}: weights manifest: weight file "gone.bin" is missing`);
    expect(existsSync(out)).toBe(false);
  });

  it('never reads a file outside the model folder, whatever the model names', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'bps-import-'));
    writeFileSync(join(parent, 'secret.bin'), 'secret');
    mkdirSync(join(parent, 'm'));
    writeFileSync(
      join(parent, 'm', 'net.tmodel'),
      JSON.stringify({ graph: graph(), weights: ['../secret.bin', '/etc/hostname'] }),
    );
    const r = await cli('import', join(parent, 'm', 'net.tmodel'));
    expect(r.code).toBe(1);
    // Left out of the siblings, so the importer reports them missing: nothing was read for it.
    expect(r.stderr.split('\n')).toEqual([
      `${join(parent, 'm', 'net.tmodel')}: weights manifest: weight file "../secret.bin" is missing`,
      `${join(parent, 'm', 'net.tmodel')}: weights manifest: weight file "/etc/hostname" is missing`,
    ]);
  });

  it('refuses a model whose files together are over --file-limit, naming the file that crosses it', async () => {
    const dir = modelFolder(['w1.bin'], { 'w1.bin': new Uint8Array(2 * 1024 * 1024) });
    const r = await cli('import', join(dir, 'net.tmodel'), '--file-limit', '1MB');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/more than .* with "w1\.bin"; raise the limit with --file-limit/);
    expect(existsSync(join(dir, 'net.json'))).toBe(false);
  });

  it('refuses to replace an existing graph without --force, and replaces it with --force', async () => {
    const dir = modelFolder([]);
    writeFileSync(join(dir, 'net.json'), 'keep me');
    const r = await cli('import', join(dir, 'net.tmodel'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exists; use --force');
    expect(readFileSync(join(dir, 'net.json'), 'utf8')).toBe('keep me');
    const forced = await cli('import', join(dir, 'net.tmodel'), '--force');
    expect(forced.code).toBe(0);
    expect(parseGraphText(readFileSync(join(dir, 'net.json'), 'utf8')).doc).not.toBeNull();
  });

  it('refuses --out pointing at the model itself', async () => {
    const dir = modelFolder([]);
    const r = await cli('import', join(dir, 'net.tmodel'), '--out', join(dir, 'net.tmodel'), '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('would replace a file of the model itself');
  });
});

describe('siblings of an importer that declares none', () => {
  it('are the files of the folder that a JSON model names in quotes, and no others', () => {
    const plain: ModelImporter = { ...testImporter, siblingNames: undefined };
    (IMPORTERS as ModelImporter[]).push(plain);
    try {
      const bytes = new TextEncoder().encode(
        JSON.stringify({ paths: ['w.bin', '../x.bin'], note: 'see w.bin.old' }),
      );
      const input = { name: 'm.tmodel', bytes, siblings: new Map() };
      expect(wantedSiblings(input, ['m.tmodel', 'w.bin', 'w.bin.old', 'other.bin'])).toEqual(['w.bin']);
      // A binary model is not searched for names.
      expect(wantedSiblings({ ...input, bytes: new Uint8Array([8, 1, 0x22]) }, ['w.bin'])).toEqual([]);
    } finally {
      (IMPORTERS as ModelImporter[]).splice(IMPORTERS.indexOf(plain), 1);
    }
  });

  it('paths a model gives are kept only when they stay in its folder', () => {
    for (const ok of ['w.bin', 'weights/group1-shard1of2.bin']) expect(isSafeSiblingPath(ok), ok).toBe(true);
    for (const bad of ['../w.bin', 'a/../../w', '/etc/passwd', 'C:/w.bin', 'a\\b', 'a//b', '', 'a\0b'])
      expect(isSafeSiblingPath(bad), bad).toBe(false);
  });

  it('the graph an imported model gets is named after it, never after the model file itself', () => {
    expect(importedGraphName('net.onnx')).toBe('net.json');
    expect(importedGraphName('model.json')).toBe('model-graph.json');
    expect(importedGraphName('My Model.keras')).toBe('My-Model.json');
  });
});

describe('import of files that are not models', () => {
  it('a file no importer reads: one line, exit 2, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-import-'));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const r = await cli('import', join(dir, 'notes.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('notes.txt: not a model file this app reads');
    expect(existsSync(join(dir, 'notes.json'))).toBe(false);
  });

  it('a missing file or a folder: one line, exit 2', async () => {
    const missing = await cli('import', '/nonexistent/model.onnx');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('cannot read "/nonexistent/model.onnx": no such file');
    const folder = await cli('import', tmpdir());
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('it is a directory');
  });
});

/**
 * What the editor makes of files opened or dropped together: one graph opens as a graph; one model
 * with the other files as its siblings (a model.json and its shards) is imported and laid out; two
 * models, or files that are neither, fail with one line each saying where. Driven by a small
 * importer registered here (the real ones live on their own branches and have their own tests).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import { IMPORTERS } from '../../src/import/registry';
import type { ModelImporter } from '../../src/import/types';
import { sizeProblems } from '../../renderer/import/chosen';
import { readChosenFiles } from '../../renderer/import/openFiles';

const enc = (s: string) => new TextEncoder().encode(s);
const graphText = readFileSync('graphs/xor-mlp.json', 'utf8');
const graphNoLayout = (() => {
  const file = JSON.parse(graphText) as Record<string, unknown>;
  delete file.layout;
  return file;
})();

/** `*.tmodel`: `{graph, shards}`; every shard must come along. */
const importer: ModelImporter = {
  id: 'test-model',
  title: 'Test model',
  extensions: ['.tmodel'],
  sniff: (i) => i.name.endsWith('.tmodel'),
  async read(input) {
    const m = JSON.parse(new TextDecoder().decode(input.bytes)) as { graph: unknown; shards: string[] };
    const missing = m.shards.filter((s) => !input.siblings.has(s));
    if (missing.length)
      return {
        ok: false,
        problems: missing.map((s) => ({ where: 'weights manifest', message: `"${s}" is missing` })),
      };
    return { ok: true, doc: parseGraphText(JSON.stringify(m.graph)).doc!, notes: ['a note'] };
  },
};
const model = (shards: string[]) => enc(JSON.stringify({ graph: graphNoLayout, shards }));

describe('opening chosen files', () => {
  beforeAll(() => void (IMPORTERS as ModelImporter[]).push(importer));
  afterAll(() => void (IMPORTERS as ModelImporter[]).splice(IMPORTERS.indexOf(importer), 1));

  it('a graph file opens as a graph', async () => {
    const r = await readChosenFiles([{ name: 'xor-mlp.json', bytes: enc(graphText) }]);
    expect(r).toEqual({ kind: 'graph', name: 'xor-mlp.json', text: graphText });
  });

  it('a model with its shards is imported, every node placed, named after the model', async () => {
    const r = await readChosenFiles([
      { name: 'a.bin', bytes: new Uint8Array(4) },
      { name: 'net.tmodel', bytes: model(['a.bin']) },
    ]);
    if (r.kind !== 'model') throw new Error(JSON.stringify(r));
    expect(r.fileName).toBe('net.json');
    expect(r.notes).toEqual(['a note']);
    for (const n of r.doc.nodes) expect(r.doc.layout.nodes[n.id], n.id).toBeDefined();
    // Left to right: each edge's target is to the right of its source.
    for (const e of r.doc.edges)
      expect(r.doc.layout.nodes[e.target].x).toBeGreaterThan(r.doc.layout.nodes[e.source].x);
  });

  it("a model without its shard fails with the importer's line saying where", async () => {
    const r = await readChosenFiles([{ name: 'net.tmodel', bytes: model(['a.bin']) }]);
    expect(r).toEqual({
      kind: 'failed',
      title: 'net.tmodel cannot be imported',
      lines: ['weights manifest: "a.bin" is missing'],
    });
  });

  it('two models, or a graph and a model, at once: one line naming them', async () => {
    const r = await readChosenFiles([
      { name: 'xor-mlp.json', bytes: enc(graphText) },
      { name: 'net.tmodel', bytes: model([]) },
    ]);
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed')
      expect(r.lines).toEqual([
        'xor-mlp.json, net.tmodel: several graphs or models at once; open one, with the files it needs',
      ]);
  });

  it('files that are neither: one line per file', async () => {
    const r = await readChosenFiles([
      { name: 'a.txt', bytes: enc('x') },
      { name: 'b.json', bytes: enc('{') },
    ]);
    if (r.kind !== 'failed') throw new Error(r.kind);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toBe('a.txt: not a graph or a model file this app reads');
    expect(r.lines[1]).toMatch(/^b\.json: /);
  });

  it('sizes are checked before reading: a file over the limit, or all together, one line', () => {
    const mb = 1024 * 1024;
    expect(sizeProblems([{ name: 'big.onnx', size: 600 * mb }])).toEqual([
      expect.stringMatching(/^big\.onnx: /),
    ]);
    expect(
      sizeProblems([
        { name: 'a', size: 300 * mb },
        { name: 'b', size: 300 * mb },
      ]),
    ).toEqual([expect.stringMatching(/^the 2 files come to/)]);
    expect(sizeProblems([{ name: 'a', size: mb }])).toEqual([]);
  });
});

/**
 * The export registry and its formats: the graph JSON round-trips exactly; the DOT diagram of every
 * example graph (and of a graph with hostile labels) is read back by Graphviz itself with the same
 * nodes, edges and labels.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { EXPORT_FORMATS, exportGraph, getExportFormat } from '../../src/export/registry';

const examples = readdirSync('graphs')
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const { doc } = parseGraphText(readFileSync(`graphs/${f}`, 'utf8'));
    return [f, doc!] as const;
  });

const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : new TextDecoder().decode(c));

describe('export registry', () => {
  it('lists each format once, with a title and a description', async () => {
    const ids = EXPORT_FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of EXPORT_FORMATS) {
      expect(f.title.length).toBeGreaterThan(3);
      expect(f.description.length).toBeGreaterThan(20);
      expect(getExportFormat(f.id)).toBe(f);
    }
  });

  it('refuses an unknown format by name, listing the known ones', async () => {
    const r = await exportGraph('caffe', examples[0][1]);
    expect(r).toEqual({ ok: false, message: expect.stringContaining('unknown export format "caffe"') });
    if (!r.ok) for (const f of EXPORT_FORMATS) expect(r.message).toContain(f.id);
  });
});

describe('JSON', () => {
  it.each(examples)('%s round-trips exactly, and --no-weights drops only the weights', async (_, doc) => {
    const withWeights: GraphDoc = { ...doc, weights: { x: { w: { shape: [1], values: [0.5] } } } };
    const r = await exportGraph('json', withWeights);
    if (!r.ok) return expect.fail(r.message);
    expect(r.limitations).toEqual([]);
    expect(parseGraphText(text(r.files[0].contents)).doc).toEqual(withWeights);
    const bare = await exportGraph('json', withWeights, { noWeights: true });
    if (!bare.ok) return expect.fail(bare.message);
    expect(parseGraphText(text(bare.files[0].contents)).doc).toEqual({ ...doc, weights: undefined });
  });
});

const unescapeXml = (x: string) =>
  x
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Graphviz's own rendering of a DOT file (SVG): each node's text lines by name, and the edges. */
function graphvizRead(dot: string): { nodes: Map<string, string[]>; edges: string[] } {
  const svg = execFileSync('dot', ['-Tsvg'], { input: dot }).toString();
  const nodes = new Map<string, string[]>();
  const edges: string[] = [];
  for (const g of svg.split('<g id=').slice(1)) {
    const title = unescapeXml(/<title>([\s\S]*?)<\/title>/.exec(g)?.[1] ?? '');
    if (g.includes('class="node"'))
      nodes.set(
        title,
        [...g.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => unescapeXml(m[1])),
      );
    else if (g.includes('class="edge"')) edges.push(title);
  }
  return { nodes, edges };
}

const hasGraphviz = spawnSync('dot', ['-V']).status === 0;
if (!hasGraphviz)
  console.log('DOT export: Graphviz (`dot`) is not installed; checking the text structure only');

describe('DOT', () => {
  it.each(examples)('%s: Graphviz reads every node, label and edge', async (_, doc) => {
    const r = await exportGraph('dot', doc);
    if (!r.ok) return expect.fail(r.message);
    const dot = text(r.files[0].contents);
    expect(r.files[0].path).toMatch(/\.dot$/);
    expect(dot.match(/ -> /g)?.length ?? 0).toBe(doc.edges.length);
    if (!hasGraphviz) return;
    const read = graphvizRead(dot);
    expect([...read.nodes.keys()].sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    for (const n of doc.nodes) expect(read.nodes.get(n.id)![0]).toBe(n.label ?? n.id);
    expect(read.edges.sort()).toEqual(doc.edges.map((e) => `${e.source}->${e.target}`).sort());
  });

  it('keeps hostile labels intact (quotes, backslashes, line breaks, braces)', async () => {
    const doc = examples.find(([f]) => f === 'xor-slides.json')![1];
    const hostile = 'say "hi" \\ } { -> ; \n second line';
    const r = await exportGraph('dot', {
      ...doc,
      name: 'a "quoted" } name',
      nodes: doc.nodes.map((n, i) => (i === 0 ? { ...n, label: hostile } : n)),
    });
    if (!r.ok) return expect.fail(r.message);
    if (!hasGraphviz) return expect(text(r.files[0].contents)).toContain('say \\"hi\\" \\\\');
    const read = graphvizRead(text(r.files[0].contents));
    expect(read.nodes.get(doc.nodes[0].id)!.slice(0, 2).join('\n')).toBe(hostile);
  });

  it('says what it leaves out, and still draws a graph that has errors', async () => {
    const doc = examples.find(([f]) => f === 'xor-slides.json')![1];
    const broken: GraphDoc = {
      ...doc,
      edges: doc.edges.slice(1),
      weights: { W1: { value: { shape: [1], values: [1] } } },
    };
    const r = await exportGraph('dot', broken);
    if (!r.ok) return expect.fail(r.message);
    expect(r.limitations.map((l) => l.message).join(' ')).toMatch(/trained weights are not written/);
  });
});

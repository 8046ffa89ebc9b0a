/**
 * The CLI with the real formats: every registered export format writes its files (what it leaves
 * out said first), and where a TensorFlow.js importer is registered, a graph exported to tfjs comes
 * back through `import` with its weight shard read from the model's folder, computing the same
 * graph; a missing shard is one line and nothing is written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { EXPORT_FORMATS } from '../../src/export/registry';
import { parseGraphText } from '../../src/graph/load';
import { IMPORTERS } from '../../src/import/registry';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const hasTfjsImporter = IMPORTERS.some((i) => i.id === 'tfjs');
const hasTfjsExport = EXPORT_FORMATS.some((f) => f.id === 'tfjs');
if (!hasTfjsImporter || !hasTfjsExport)
  console.log('skipping the CLI tfjs round trip: no tfjs importer or exporter registered in this build');

describe('CLI with every registered export format', () => {
  it.each(EXPORT_FORMATS.map((f) => f.id))(
    'export --format %s writes its files with its notes first, or refuses, saying why and writing nothing',
    async (id) => {
      const out = mkdtempSync(join(tmpdir(), `bps-export-${id}-`));
      const r = await cli('export', 'graphs/xor-mlp.json', '--format', id, '--out', out);
      if (r.code !== 0) {
        // A format may refuse this (untrained) graph: then it says why and leaves the folder empty.
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^graphs\/xor-mlp\.json: /);
        expect(readdirSync(out)).toEqual([]);
        return;
      }
      expect(r.stderr).toBe('');
      const lines = r.stdout.split('\n');
      const firstWrote = lines.findIndex((l) => l.startsWith('wrote '));
      expect(firstWrote).toBeGreaterThanOrEqual(0);
      expect(lines.slice(firstWrote).some((l) => l.startsWith('note:'))).toBe(false);
      for (const l of lines.filter((x) => x.startsWith('wrote '))) expect(existsSync(l.slice(6))).toBe(true);
    },
    60_000,
  );
});

describe.skipIf(!hasTfjsImporter || !hasTfjsExport)('CLI tfjs round trip', () => {
  it('exports xor-mlp to tfjs, imports model.json with its shard from the folder: the same nodes and weights', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bps-tfjs-'));
    expect((await cli('export', 'graphs/xor-mlp.json', '--format', 'tfjs', '--out', out)).code).toBe(0);
    const r = await cli('import', join(out, 'model.json'), '--out', join(out, 'back.json'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const back = parseGraphText(readFileSync(join(out, 'back.json'), 'utf8')).doc!;
    const original = parseGraphText(readFileSync('graphs/xor-mlp.json', 'utf8')).doc!;
    // Every weighted layer came back with weights (read from the shard next to model.json).
    const weighted = original.nodes.filter((n) => n.op === 'Dense').length;
    expect(Object.keys(back.weights ?? {}).length).toBe(weighted);
  }, 60_000);

  it('a missing shard: one line naming it, exit 1, nothing written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bps-tfjs-'));
    expect((await cli('export', 'graphs/xor-mlp.json', '--format', 'tfjs', '--out', out)).code).toBe(0);
    rmSync(join(out, 'group1-shard1of1.bin'));
    const r = await cli('import', join(out, 'model.json'), '--out', join(out, 'back.json'));
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('group1-shard1of1.bin');
    expect(existsSync(join(out, 'back.json'))).toBe(false);
  }, 60_000);
});

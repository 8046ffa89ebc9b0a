/** `backprop-studio export`: files written where asked, limitations said, nothing overwritten by surprise. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { parseGraphText } from '../../src/graph/load';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('export', () => {
  it('writes the DOT diagram into --out and says what a diagram leaves out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bps-export-'));
    const r = await cli('export', 'graphs/xor-slides.json', '--format', 'dot', '--out', out);
    expect(r.code).toBe(0);
    const file = join(out, 'xor-network-slides-worked-example.dot');
    expect(r.stdout).toContain(`wrote ${file}`);
    expect(r.stdout).toMatch(/note: .*training settings/);
    // Said before anything is written.
    expect(r.stdout.indexOf('note:')).toBeLessThan(r.stdout.indexOf('wrote'));
    expect(readFileSync(file, 'utf8')).toMatch(/^digraph /);
  });

  it('refuses to replace an existing file without --force, and replaces it with --force', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bps-export-'));
    const target = join(out, 'xor-network-slides-worked-example.json');
    writeFileSync(target, 'keep me');
    const r = await cli('export', 'graphs/xor-slides.json', '--format', 'json', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exists; use --force');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    const forced = await cli(
      'export',
      'graphs/xor-slides.json',
      '--format',
      'json',
      '--out',
      out,
      '--force',
      '--no-weights',
    );
    expect(forced.code).toBe(0);
    expect(parseGraphText(readFileSync(target, 'utf8')).doc?.name).toBe(
      "XOR network (slides' worked example)",
    );
  });

  it('never replaces the graph file it reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-export-'));
    const doc = JSON.parse(readFileSync('graphs/xor-slides.json', 'utf8'));
    const source = join(dir, 'xor.json');
    writeFileSync(source, JSON.stringify({ ...doc, name: 'xor' }));
    const r = await cli('export', source, '--format', 'json', '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('would replace the graph file itself');
  });

  it('rejects an unknown format with the list of formats (exit 2) and an unreadable file (exit 2)', async () => {
    const r = await cli('export', 'graphs/xor-slides.json', '--format', 'caffe');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are json, dot/);
    const missing = await cli('export', join(tmpdir(), 'no-such-graph.json'), '--format', 'dot');
    expect(missing.code).toBe(2);
    expect(existsSync(join(tmpdir(), 'graph.dot'))).toBe(false);
  });
});

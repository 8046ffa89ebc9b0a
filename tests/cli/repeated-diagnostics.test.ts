/**
 * Repeated diagnostics are capped: a graph with 200,000 duplicate edges used to make `validate`
 * print 200,001 lines (39 MB). Now the first few of a code are listed and one line counts the rest,
 * in text and in JSON.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { MAX_DIAGNOSTICS_PER_CODE } from '../../src/graph/diagnostics';

const DUPLICATES = 200_000;

/** xor-slides with its first edge repeated `DUPLICATES` more times: each repeat is a `port-taken` error. */
function duplicateEdgesFile(): string {
  const doc = JSON.parse(readFileSync('graphs/xor-slides.json', 'utf8')) as { edges: object[] };
  const edge = doc.edges[0];
  for (let i = 0; i < DUPLICATES; i++) doc.edges.push({ ...edge });
  const path = join(mkdtempSync(join(tmpdir(), 'bps-dups-')), 'dups.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l), isTTY: false });
  return { code, out, bytes: out.reduce((n, l) => n + l.length + 1, 0) };
}

describe('validate with 200,000 duplicate edges', () => {
  const path = duplicateEdgesFile();

  it('prints the first few problems and one line counting the rest, in a few seconds', async () => {
    const started = performance.now();
    const r = await cli('validate', path);
    const seconds = (performance.now() - started) / 1000;
    expect(r.code).toBe(1);
    expect(r.out.length).toBeLessThanOrEqual(25);
    expect(r.bytes).toBeLessThan(10_000);
    expect(seconds).toBeLessThan(10);
    expect(r.out.filter((l) => l.includes('[port-taken]') && l.includes('edge "x:out->s1:a"'))).toHaveLength(
      MAX_DIAGNOSTICS_PER_CODE,
    );
    const more = DUPLICATES - MAX_DIAGNOSTICS_PER_CODE;
    expect(r.out).toContain(
      `${path}: error [port-taken]: … and ${more.toLocaleString('en-US')} more port-taken problems (200,000 in all)`,
    );
    expect(r.out.at(-1)).toBe(`${path}: ${DUPLICATES} errors`);
  }, 30_000);

  it('keeps JSON small: the first few in `diagnostics`, the rest as a count in `omitted`', async () => {
    const r = await cli('validate', path, '--json');
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.bytes).toBeLessThan(20_000);
    const report = JSON.parse(r.out[0]) as {
      valid: boolean;
      diagnostics: { code: string }[];
      omitted: unknown[];
      errors: number;
      warnings: number;
    };
    expect(report.valid).toBe(false);
    expect(report.diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_CODE);
    expect(report.diagnostics.every((d) => d.code === 'port-taken')).toBe(true);
    expect(report.omitted).toEqual([
      {
        code: 'port-taken',
        severity: 'error',
        omitted: DUPLICATES - MAX_DIAGNOSTICS_PER_CODE,
        count: DUPLICATES,
      },
    ]);
    expect(report.errors).toBe(DUPLICATES);
    expect(report.warnings).toBe(0);
  }, 30_000);

  it('leaves a short list as it was, with nothing omitted', async () => {
    const r = await cli('validate', 'graphs/xor-slides.json', '--json');
    expect(JSON.parse(r.out[0])).toMatchObject({ valid: true, diagnostics: [], omitted: [], errors: 0 });
  });
});

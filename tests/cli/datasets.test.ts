/** `backprop-studio datasets` and the train help list the registered data sets. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { DATASET_KINDS } from '../../src/data/registry';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('datasets', () => {
  it('lists every registered kind with its options, bounds and defaults', async () => {
    const r = await cli('datasets');
    expect(r.code).toBe(0);
    for (const k of DATASET_KINDS) expect(r.out.some((l) => l.startsWith(`${k.kind} `))).toBe(true);
    expect(r.stdout).toContain('classes: an integer between 1 and 100, default 3');
    expect(r.stdout).toMatch(/^checkerboard .*k×k/m);
  });

  it('--json gives the registry’s declarations', async () => {
    const r = await cli('datasets', '--json');
    const { datasets } = JSON.parse(r.stdout);
    expect(datasets.map((d: { kind: string }) => d.kind)).toEqual(DATASET_KINDS.map((k) => k.kind));
    const cells = datasets.find((d: { kind: string }) => d.kind === 'checkerboard').options.cells;
    expect(cells).toMatchObject({ type: 'int', min: 2, default: 4 });
  });

  it('is named in the help of train', async () => {
    const r = await cli('train', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('checkerboard');
    expect(r.stdout).toContain('backprop-studio datasets');
  });
});

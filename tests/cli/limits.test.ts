/**
 * The CLI reads only regular files, within a size limit, and refuses runs over the memory limit;
 * both limits are raised with flags. Special files return at once with a clear message instead of
 * hanging (`/dev/zero` used to be read forever).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import { byteSize } from '../../src/cli/args';
import { graphFileReader, readFileLimited } from '../../src/cli/files';
import { nodeMemoryLimit } from '../../src/cli/limits';
import { runCli } from '../../src/cli/main';
import { writeIdx } from '../../src/data/idx';
import { GB, MB } from '../../src/run/memory';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'bps-limits-'));
const xorMlp = JSON.parse(readFileSync('graphs/xor-mlp.json', 'utf8')) as {
  nodes: { id: string; op: string; params: Record<string, unknown> }[];
  training: Record<string, unknown>;
};

/** Writes xor-mlp with another data set (and nodes) into the temp folder. */
function graphWith(name: string, dataset: Record<string, unknown>, extraNodes: typeof xorMlp.nodes = []) {
  const path = join(dir, name);
  const doc = structuredClone(xorMlp);
  doc.training.dataset = dataset;
  doc.nodes.push(...extraNodes);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

/** Runs `f` and says how long it took, in ms. */
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const r = await f();
  return [r, performance.now() - started];
}

describe('data files that are not regular files', () => {
  it('/dev/zero as a CSV returns at once, saying it is a device', async () => {
    if (!existsSync('/dev/zero')) return console.info('skipped: no /dev/zero here');
    const [r, ms] = await timed(() =>
      cli('train', graphWith('zero-csv.json', { kind: 'csv', path: '/dev/zero' })),
    );
    expect(ms).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read data file "\/dev\/zero": it is a device, not a regular file/);
  });

  it('/dev/zero as IDX images and labels likewise', async () => {
    if (!existsSync('/dev/zero')) return console.info('skipped: no /dev/zero here');
    const path = graphWith('zero-idx.json', { kind: 'idx', images: '/dev/zero', labels: '/dev/zero' });
    const [r, ms] = await timed(() => cli('step', path));
    expect(ms).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"\/dev\/zero": it is a device, not a regular file/);
  });

  it('a FIFO is refused without blocking on it', async () => {
    const fifo = join(dir, 'pipe.csv');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.error || made.status !== 0)
      return console.info(`skipped: mkfifo unavailable (${made.error?.message ?? made.stderr})`);
    const [r, ms] = await timed(() =>
      cli('train', graphWith('fifo.json', { kind: 'csv', path: 'pipe.csv' })),
    );
    expect(ms).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/"pipe\.csv": it is a FIFO \(named pipe\), not a regular file/);
  });

  it('a directory, and a graph file that is a device', async () => {
    expect(() => readFileLimited(dir)).toThrow(/it is a directory/);
    if (!existsSync('/dev/zero')) return;
    const r = await cli('validate', '/dev/zero');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read "\/dev\/zero": it is a device, not a regular file/);
  });
});

describe('the file size limit', () => {
  /** A sparse file: 600 MB long, nothing written, so it costs no disk. */
  const sparse = (name: string, bytes = 600 * MB, head?: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, head ?? '');
    truncateSync(path, bytes);
    return path;
  };

  it('refuses a 600 MB CSV before reading it, naming the flag', async () => {
    sparse('big.csv');
    const [r, ms] = await timed(() =>
      cli('train', graphWith('big-csv.json', { kind: 'csv', path: 'big.csv' })),
    );
    expect(ms).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /"big\.csv": the file is 600 MB, over the 512 MB limit; raise the limit with --file-limit/,
    );
  });

  it('reads an IDX header first: a 600 MB file declaring 2 values is refused without reading the body', () => {
    const path = sparse('big-idx', 600 * MB, writeIdx([2], [1, 2]));
    const reader = graphFileReader(join(dir, 'g.json'), { maxBytes: GB });
    const started = performance.now();
    // The whole-file read would be allowed by the raised limit; the header check comes first.
    expect(reader.size!(path)).toBe(600 * MB);
    const r = cli(
      'train',
      graphWith('big-idx.json', { kind: 'idx', images: 'big-idx', labels: 'big-idx' }),
      '--file-limit',
      '1GB',
    );
    return r.then((res) => {
      expect(performance.now() - started).toBeLessThan(5000);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(
        /IDX size mismatch: shape \[2\] of ubyte needs 10 bytes, file has 629145600/,
      );
    });
  });

  it('a ranged read stays within the limit', () => {
    const path = sparse('ranged', 4096);
    const reader = graphFileReader(join(dir, 'g.json'), { maxBytes: 1024, raiseHint: '--file-limit' });
    expect(reader.readRange!(path, 100, 10)).toHaveLength(10);
    expect(() => reader(path)).toThrow(
      /the file is 4 KB, over the 1 KB limit; raise the limit with --file-limit/,
    );
  });
});

describe('the memory limit', () => {
  const bigParameter = [{ id: 'big', op: 'Parameter', params: { shape: [30000, 30000], init: 'zeros' } }];

  it('train refuses an unused Parameter of [30000, 30000] naming the node and the flag', async () => {
    const [r, ms] = await timed(() =>
      cli('train', graphWith('big-param.json', { kind: 'xor' }, bigParameter)),
    );
    expect(ms).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /node "big": the run needs about 20\.1 GB \(.*\), over the [\d.]+ [MG]B limit; make it smaller \(shape\) or raise the limit \(--memory-limit\)/,
    );
  });

  it('step refuses it too, before the backend starts', async () => {
    const r = await cli(
      'step',
      graphWith('big-param-step.json', { kind: 'xor' }, bigParameter),
      '--input',
      '0,1',
      '--target',
      '1',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/node "big": the run needs about .* raise the limit \(--memory-limit\)/);
  });

  it('--memory-limit lowers (and raises) the limit', async () => {
    const r = await cli('train', 'graphs/spiral-mlp.json', '--memory-limit', '0.01MB', '--epochs', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^graphs\/spiral-mlp\.json: node "hidden": the run needs about 156 KB .*, over the 10\.2 KB limit; lower the batch size/,
    );
    const ok = await cli('train', 'graphs/xor-mlp.json', '--memory-limit', '64GB', '--epochs', '1', '--json');
    expect(ok.code).toBe(0);
  });

  it('defaults to half the machine, at most 4 GB', () => {
    expect(nodeMemoryLimit(16 * GB)).toBe(4 * GB);
    expect(nodeMemoryLimit(4 * GB)).toBe(2 * GB);
  });

  it('parses sizes', () => {
    expect(byteSize('512MB')).toBe(512 * MB);
    expect(byteSize('2GB')).toBe(2 * GB);
    expect(byteSize('1.5 gb')).toBe(1.5 * GB);
    expect(byteSize('300')).toBe(300 * MB);
    expect(() => byteSize('lots')).toThrow(InvalidArgumentError);
    expect(() => byteSize('0GB')).toThrow(InvalidArgumentError);
  });
});

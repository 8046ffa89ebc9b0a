/**
 * Getting MNIST: the real download, SHA-256 check, decompression and cache code against a local
 * server of small generated IDX files; failures name the file, the URL and the hashes, and leave
 * nothing in the cache; the second get is offline. Then the CLI's `--download` and the `mnist` kind.
 */
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_SETS, cachePath } from '../../src/data/download/catalog';
import { DownloadError, cachedImageSet, getImageSet } from '../../src/data/download/download';
import type { DownloadProgress } from '../../src/data/download/download';
import { folderCache } from '../../src/data/download/node-cache';
import { loadDataset } from '../../src/data/load';
import { runCli } from '../../src/cli/main';
import { graphFileReader } from '../../src/cli/files';
import { smallMnistFiles, startIdxServer } from '../helpers/idx-server';
import type { IdxServer } from '../helpers/idx-server';

const files = smallMnistFiles();
let server: IdxServer;
beforeAll(async () => {
  server = await startIdxServer(files);
});
afterAll(() => server.close());

const tempCache = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-cache-'));
  return { dir, cache: folderCache(dir) };
};
/** Every file under a folder, recursively. */
const listed = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [];

describe('getImageSet', () => {
  it('downloads, verifies, decompresses and caches the four files; the second get needs no network', async () => {
    const { dir, cache } = tempCache();
    const progress: DownloadProgress[] = [];
    const got = await getImageSet(IMAGE_SETS.mnist, {
      cache,
      mirror: server.url,
      sha256: server.sha256,
      onProgress: (p) => progress.push(p),
    });
    for (const [name, bytes] of Object.entries(files)) {
      expect(got[cachePath('mnist', name)]).toEqual(bytes);
      expect(new Uint8Array(readFileSync(join(dir, 'mnist', name)))).toEqual(bytes);
    }
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.map((p) => p.file)).toContain('t10k-labels-idx1-ubyte.gz');
    expect(progress[progress.length - 1].received).toBe(progress[progress.length - 1].total);
    // Offline: a fetch that always fails is never called.
    const offline = await getImageSet(IMAGE_SETS.mnist, {
      cache,
      mirror: server.url,
      fetch: () => Promise.reject(new Error('no network')),
    });
    expect(offline).toEqual(got);
    expect(await cachedImageSet(IMAGE_SETS.mnist, cache)).toEqual(got);
  });

  it('a wrong hash names the file, URL, expected and got, and caches nothing for it', async () => {
    const { dir, cache } = tempCache();
    const wrong = { ...server.sha256, 'train-labels-idx1-ubyte.gz': 'ab'.repeat(32) };
    const err = await getImageSet(IMAGE_SETS.mnist, { cache, mirror: server.url, sha256: wrong }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.file).toBe('train-labels-idx1-ubyte.gz');
    expect(err.url).toBe(`${server.url}train-labels-idx1-ubyte.gz`);
    expect(err.message).toContain(
      `expected ${'ab'.repeat(32)}, got ${server.sha256['train-labels-idx1-ubyte.gz']}`,
    );
    // The file before it is whole and verified; the bad one is not there, and no temp file is left.
    expect(listed(dir)).toEqual(['mnist', 'mnist/train-images-idx3-ubyte']);
    expect(await cachedImageSet(IMAGE_SETS.mnist, cache)).toBeNull();
  });

  it('the production hashes refuse other files (the test files are not MNIST)', async () => {
    const { dir, cache } = tempCache();
    const err = await getImageSet(IMAGE_SETS.mnist, { cache, mirror: server.url }).catch((e) => e);
    expect(err.expected).toBe(IMAGE_SETS.mnist.files.trainImages.sha256);
    expect(err.got).toBe(server.sha256['train-images-idx3-ubyte.gz']);
    expect(listed(dir)).toEqual([]);
  });

  it('a download cut short says how much arrived and caches nothing for it', async () => {
    const { dir, cache } = tempCache();
    server.behaviour['t10k-images-idx3-ubyte.gz'] = { truncateAt: 100 };
    try {
      const err = await getImageSet(IMAGE_SETS.mnist, {
        cache,
        mirror: server.url,
        sha256: server.sha256,
      }).catch((e) => e);
      expect(err).toBeInstanceOf(DownloadError);
      expect(err.file).toBe('t10k-images-idx3-ubyte.gz');
      expect(err.message).toContain(server.url);
      expect(listed(dir)).not.toContain('mnist/t10k-images-idx3-ubyte');
      expect(listed(dir).some((f) => f.endsWith('.part'))).toBe(false);
    } finally {
      delete server.behaviour['t10k-images-idx3-ubyte.gz'];
    }
    // The next try fetches only what is missing.
    const before = server.requests.length;
    await getImageSet(IMAGE_SETS.mnist, { cache, mirror: server.url, sha256: server.sha256 });
    expect(server.requests.slice(before)).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
  });

  it('an HTTP error names the status and the URL; a file that is not gzip says so', async () => {
    const { cache } = tempCache();
    server.behaviour['train-images-idx3-ubyte.gz'] = 'missing';
    try {
      const err = await getImageSet(IMAGE_SETS.mnist, {
        cache,
        mirror: server.url,
        sha256: server.sha256,
      }).catch((e) => e);
      expect(err.message).toContain(
        `train-images-idx3-ubyte.gz from ${server.url}train-images-idx3-ubyte.gz: HTTP 404`,
      );
    } finally {
      delete server.behaviour['train-images-idx3-ubyte.gz'];
    }
  });
});

describe('the mnist data set kind and the CLI', () => {
  const saved = { ...process.env };
  afterAll(() => {
    for (const key of ['XDG_CACHE_HOME', 'BACKPROP_MNIST_MIRROR', 'BACKPROP_MNIST_SHA256']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('without the files, training says how to get them (a "data needed" warning, not an error)', async () => {
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'bps-xdg-'));
    const out: string[] = [];
    const code = await runCli(['train', 'graphs/mnist-mlp.json', '--epochs', '1'], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      isTTY: false,
    });
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/data set: MNIST digits is not on this machine yet.*--download/);
  });

  it('train --download fetches from BACKPROP_MNIST_MIRROR into $XDG_CACHE_HOME, then trains; the second run is offline', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'bps-xdg-'));
    process.env.XDG_CACHE_HOME = xdg;
    process.env.BACKPROP_MNIST_MIRROR = server.url;
    process.env.BACKPROP_MNIST_SHA256 = Object.entries(server.sha256)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const run = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await runCli(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l), isTTY: false });
      return { code, text: lines.join('\n') };
    };
    const first = await run('train', 'graphs/mnist-mlp.json', '--epochs', '1', '--download', '--json');
    expect(first.text).toContain('MNIST digits: train-images-idx3-ubyte.gz');
    expect(first.code).toBe(0);
    expect(first.text).toContain('"done":true');
    expect(listed(join(xdg, 'backprop-studio', 'mnist'))).toHaveLength(4);
    process.env.BACKPROP_MNIST_MIRROR = 'http://127.0.0.1:9/nothing-here/';
    const second = await run('train', 'graphs/mnist-mlp.json', '--epochs', '1', '--download', '--json');
    expect(second.code).toBe(0);
    expect(second.text).not.toContain('train-images-idx3-ubyte.gz');
    // The kind reads exactly the served files: 40 train images, 10 classes, scaled to [0, 1].
    const ds = loadDataset({ kind: 'mnist', flatten: false }, 1, graphFileReader('graphs/mnist-mlp.json'));
    expect(ds.count).toBe(40);
    expect(ds.featureShape).toEqual([28, 28, 1]);
    expect(ds.features[5]).toBeCloseTo(files['train-images-idx3-ubyte'][16 + 5] / 255, 6);
    expect(Array.from(ds.labels.slice(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const test = loadDataset(
      { kind: 'mnist', split: 'test', limit: 3 },
      1,
      graphFileReader('graphs/mnist-mlp.json'),
    );
    expect(test.count).toBe(3);
    expect(test.featureShape).toEqual([784]);
  });

  it('a failed --download exits 1 naming the file and the URL', async () => {
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'bps-xdg-'));
    process.env.BACKPROP_MNIST_MIRROR = server.url;
    process.env.BACKPROP_MNIST_SHA256 = '';
    const lines: string[] = [];
    const code = await runCli(['train', 'graphs/mnist-mlp.json', '--download'], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      isTTY: false,
    });
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain(
      `train-images-idx3-ubyte.gz from ${server.url}train-images-idx3-ubyte.gz: SHA-256 mismatch`,
    );
  });
});

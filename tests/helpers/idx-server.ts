/**
 * A local HTTP server on 127.0.0.1 that serves gzip-compressed IDX files the test generates, so the
 * real download, checksum and cache code runs with no internet. Hashes are computed here with
 * node:crypto (not the WebCrypto the code under test uses).
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { writeIdx } from '../../src/data/idx';

/** Four MNIST-named IDX files: `n` train and `m` test images of `side`×`side` pixels, labels 0…9. */
export function smallMnistFiles(
  n = 40,
  m = 10,
  image: (i: number, label: number) => number[] = (i, label) =>
    Array.from({ length: 28 * 28 }, (_, p) => ((p + label * 31 + i) * 7) % 256),
): Record<string, Uint8Array> {
  const make = (count: number, offset: number) => {
    const labels = Array.from({ length: count }, (_, i) => (i + offset) % 10);
    const pixels = labels.flatMap((label, i) => image(i + offset, label));
    return { images: writeIdx([count, 28, 28], pixels, 'ubyte'), labels: writeIdx([count], labels, 'ubyte') };
  };
  const train = make(n, 0);
  const test = make(m, n);
  return {
    'train-images-idx3-ubyte': train.images,
    'train-labels-idx1-ubyte': train.labels,
    't10k-images-idx3-ubyte': test.images,
    't10k-labels-idx1-ubyte': test.labels,
  };
}

/** What the server does for a file: serve it, a 404, or cut it off after `bytes` bytes. */
export type Serve = 'ok' | 'missing' | { truncateAt: number } | { replaceWith: Uint8Array };

/** A running server with the gzip files of `files`, their SHA-256 (`name.gz` → hex) and a request log. */
export interface IdxServer {
  url: string;
  sha256: Record<string, string>;
  requests: string[];
  behaviour: Record<string, Serve>;
  close(): Promise<void>;
}

/** Starts a server for `files` (decompressed name → bytes). */
export async function startIdxServer(files: Record<string, Uint8Array>): Promise<IdxServer> {
  const gz: Record<string, Buffer> = {};
  const sha256: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) {
    gz[`${name}.gz`] = gzipSync(bytes);
    sha256[`${name}.gz`] = createHash('sha256').update(gz[`${name}.gz`]).digest('hex');
  }
  const requests: string[] = [];
  const behaviour: Record<string, Serve> = {};
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^.*\//, '');
    requests.push(name);
    const how = behaviour[name] ?? 'ok';
    const body = gz[name];
    if (!body || how === 'missing') {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    if (typeof how === 'object' && 'replaceWith' in how) {
      res.writeHead(200, { 'content-length': how.replaceWith.length }).end(Buffer.from(how.replaceWith));
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    if (typeof how === 'object') {
      // Claims the whole length, sends part, then drops the connection.
      res.write(body.subarray(0, how.truncateAt), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mnist/`,
    sha256,
    requests,
    behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Downloading an image set: each `.gz` file fetched with progress, its SHA-256 checked against the
 * catalog, decompressed, and put in a cache only once whole and verified, so a failed, partial or
 * tampered download never leaves a file that looks like data. Framework-free: `fetch` and WebCrypto,
 * which browsers, Electron and Node 20 all have; the cache is the caller's (a folder, IndexedDB).
 */
import { gunzipSync } from 'fflate';
import { cachePath, setFiles } from './catalog';
import type { ImageSet, ImageSetFile } from './catalog';

/** Where verified, decompressed files are kept between runs. */
export interface DataCache {
  /** The file stored under `key`, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Stores a file; a reader never sees part of it (temp name, then rename; or one transaction). */
  put(key: string, bytes: Uint8Array): Promise<void>;
}

/** How far a download has got. */
export interface DownloadProgress {
  /** The file being fetched (`train-images-idx3-ubyte.gz`). */
  file: string;
  /** Bytes of all the set's files received so far (cached ones count as received). */
  received: number;
  /** Bytes of all the set's files. */
  total: number;
}

/** A download that failed: which file, from where, and why (with the hashes when they differ). */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly url: string,
    readonly expected?: string,
    readonly got?: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** What {@link getImageSet} takes besides the set. */
export interface DownloadOptions {
  cache: DataCache;
  /** Base URL instead of the set's mirror (a local copy, or a test server); a missing `/` is added. */
  mirror?: string;
  /** SHA-256 by `.gz` file name instead of the catalog's (files of a private mirror, or of a test). */
  sha256?: Readonly<Record<string, string>>;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** Lower-case hex SHA-256 of some bytes (WebCrypto). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The cache key of a set's file. */
export const cacheKey = (set: ImageSet, file: ImageSetFile): string => `${set.id}/${file.name}`;

/**
 * The set's decompressed files from the cache alone, by the path a loader reads them under
 * ({@link cachePath}); null when any of the four is missing.
 */
export async function cachedImageSet(
  set: ImageSet,
  cache: DataCache,
): Promise<Record<string, Uint8Array> | null> {
  const out: Record<string, Uint8Array> = {};
  for (const file of setFiles(set)) {
    const bytes = await cache.get(cacheKey(set, file));
    if (!bytes) return null;
    out[cachePath(set.id, file.name)] = bytes;
  }
  return out;
}

/** Reads a response body, reporting each chunk; throws when it ends short of its Content-Length. */
async function readBody(response: Response, onChunk: (n: number) => void): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
      onChunk(value.length);
    }
  } else {
    const whole = new Uint8Array(await response.arrayBuffer());
    chunks.push(whole);
    length = whole.length;
    onChunk(length);
  }
  if (Number.isFinite(declared) && length !== declared) {
    throw new Error(`the download stopped after ${length} of ${declared} bytes`);
  }
  const body = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return body;
}

/**
 * Gets a set's four files: from the cache when there, otherwise downloaded, verified, decompressed
 * and cached. Files already cached are not fetched again (a download that failed half-way resumes
 * with the files it did not get).
 *
 * @returns The decompressed files by the path a loader reads them under ({@link cachePath}).
 * @throws DownloadError naming the file and URL: an HTTP error, a network failure, a short body,
 *   a hash that differs (expected and got), or a file that does not decompress. Nothing is cached
 *   for that file.
 */
export async function getImageSet(
  set: ImageSet,
  options: DownloadOptions,
): Promise<Record<string, Uint8Array>> {
  const { cache, onProgress, signal } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (options.mirror ?? set.mirror).replace(/\/?$/, '/');
  const files = setFiles(set);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  let received = 0;
  const out: Record<string, Uint8Array> = {};
  for (const file of files) {
    const gz = `${file.name}.gz`;
    const cached = await cache.get(cacheKey(set, file));
    if (cached) {
      received += file.bytes;
      out[cachePath(set.id, file.name)] = cached;
      continue;
    }
    const url = base + gz;
    const fail = (why: string, expected?: string, got?: string) =>
      new DownloadError(`${set.title}: ${gz} from ${url}: ${why}`, gz, url, expected, got);
    const start = received;
    let body: Uint8Array;
    try {
      const response = await doFetch(url, signal ? { signal } : {});
      if (!response.ok)
        throw fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
      body = await readBody(response, (n) => {
        received += n;
        onProgress?.({ file: gz, received, total: Math.max(total, received) });
      });
    } catch (err) {
      if (err instanceof DownloadError) throw err;
      throw fail(err instanceof Error ? err.message : String(err));
    }
    const expected = options.sha256?.[gz] ?? file.sha256;
    const got = await sha256Hex(body);
    if (got !== expected) throw fail(`SHA-256 mismatch: expected ${expected}, got ${got}`, expected, got);
    let bytes: Uint8Array;
    try {
      bytes = gunzipSync(body);
    } catch (err) {
      throw fail(`not a gzip file (${err instanceof Error ? err.message : String(err)})`);
    }
    await cache.put(cacheKey(set, file), bytes);
    received = start + file.bytes;
    onProgress?.({ file: gz, received, total });
    out[cachePath(set.id, file.name)] = bytes;
  }
  return out;
}

/**
 * Cross-origin isolation for the app's page, in one place for every way it is served: the Vite dev
 * and preview servers (vite.config.ts, which web mode and the browser tests use) and Electron's
 * `app://` protocol handler (main.ts). An isolated page may share memory between threads, which the
 * multi-threaded WASM backend needs to train on every core; a `file://` page cannot be isolated,
 * so Electron serves the renderer build over its own protocol instead. Plain data and pure
 * functions (no Electron import), so vite.config.ts and tests can import it.
 */
import { extname, join, normalize, sep } from 'node:path';

/** The headers that make a page cross-origin isolated (`crossOriginIsolated === true`). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The scheme and host Electron serves the renderer build from: `app://bundle/index.html`. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://bundle`;

/** Content types of the files a renderer build holds (others are served as bytes). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** The content type a file is served with, by its extension. */
export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` an `app://bundle/…` URL names, or null for any other origin or a path that
 * leaves `root` (`..`, encoded or not). `/` is `index.html`; the query and fragment are ignored.
 */
export function appFilePath(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const relative = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  const base = normalize(root);
  const file = normalize(join(base, relative));
  return file.startsWith(base.endsWith(sep) ? base : base + sep) ? file : null;
}

/** Headers of a file served by the protocol handler: its type, isolation and the CSP. */
export function appResponseHeaders(path: string, csp: string): Record<string, string> {
  return {
    'Content-Type': contentType(path),
    ...ISOLATION_HEADERS,
    // Under require-corp every subresource must allow being embedded; all of them are our own.
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
  };
}

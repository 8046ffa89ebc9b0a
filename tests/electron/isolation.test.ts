/**
 * Cross-origin isolation wherever the app is served: the dev and preview servers send COOP/COEP,
 * Electron's app:// handler serves only files of the renderer build with the same headers and the
 * CSP, and the build hands the WASM threads the unminified glue (the installed tfjs still builds it
 * the way the plugin expects).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin, TransformResult } from 'vite';
import { describe, expect, it } from 'vitest';
import { cspHeader } from '../../electron/csp';
import {
  APP_ORIGIN,
  appFilePath,
  appResponseHeaders,
  contentType,
  ISOLATION_HEADERS,
} from '../../electron/isolation';
import viteConfig, { wasmThreadsPlugin } from '../../vite.config';

const root = join('/opt', 'app', 'renderer');

describe('isolation headers', () => {
  it('are COOP same-origin and COEP require-corp, on the dev and the preview server', () => {
    expect(ISOLATION_HEADERS).toEqual({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    expect(viteConfig.server?.headers).toMatchObject(ISOLATION_HEADERS);
    expect(viteConfig.preview?.headers).toMatchObject(ISOLATION_HEADERS);
  });

  it('come with every file Electron serves, with its type and the CSP', () => {
    const headers = appResponseHeaders(join(root, 'assets', 'x.wasm'), cspHeader());
    expect(headers).toMatchObject(ISOLATION_HEADERS);
    expect(headers['Content-Type']).toBe('application/wasm');
    expect(headers['Content-Security-Policy']).toBe(cspHeader());
    expect(headers['Cross-Origin-Resource-Policy']).toBe('same-origin');
    expect(contentType('index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('a/b.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('model.bin')).toBe('application/octet-stream');
  });
});

describe('app:// paths', () => {
  it('map into the renderer build, / to index.html, ignoring query and fragment', () => {
    expect(appFilePath(`${APP_ORIGIN}/`, root)).toBe(join(root, 'index.html'));
    expect(appFilePath(`${APP_ORIGIN}/index.html?example=xor#g=1`, root)).toBe(join(root, 'index.html'));
    expect(appFilePath(`${APP_ORIGIN}/assets/training.worker-1.js`, root)).toBe(
      join(root, 'assets', 'training.worker-1.js'),
    );
    expect(appFilePath(`${APP_ORIGIN}/assets/a%20b.js`, root)).toBe(join(root, 'assets', 'a b.js'));
  });

  it('never leave it, and refuse other origins and malformed addresses', () => {
    // Dot segments are resolved by the URL parser itself, at the root at most.
    expect(appFilePath(`${APP_ORIGIN}/../main.cjs`, root)).toBe(join(root, 'main.cjs'));
    expect(appFilePath(`${APP_ORIGIN}/%2e%2e/main.cjs`, root)).toBe(join(root, 'main.cjs'));
    for (const url of [
      `${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2fsecret`,
      `${APP_ORIGIN}/..%2f..%2fetc/passwd`,
      `${APP_ORIGIN}/%E0%A4%A`,
      `${APP_ORIGIN}/a%00b`,
      'app://other/index.html',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(appFilePath(url, root), url).toBeNull();
  });
});

describe('the WASM threads plugin', () => {
  it('replaces the glue rebuilt from toString() with the glue file, in the installed tfjs', () => {
    const require = createRequire(import.meta.url);
    const file = join(
      require.resolve('@tensorflow/tfjs-backend-wasm/package.json'),
      '..',
      'dist',
      'backend_wasm.js',
    );
    const code = readFileSync(file, 'utf8');
    const plugin = wasmThreadsPlugin() as Plugin & {
      transform: (code: string, id: string) => TransformResult;
    };
    const out = plugin.transform(code, file);
    expect(out.code).toMatch(
      /^import bpsThreadedGlueUrl from '@tensorflow\/tfjs-backend-wasm\/wasm-out\/tfjs-backend-wasm-threaded-simd\.js\?url';/,
    );
    expect(out.code).toContain('factoryConfig.mainScriptUrlOrBlob = bpsThreadedGlueUrl;');
    expect(out.code).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(plugin.transform('export const x = 1;', '/src/other.js')).toBeNull();
    expect(() => plugin.transform('no glue here', file)).toThrow(/no longer built from toString/);
    expect(viteConfig.worker?.plugins?.().some((p) => (p as Plugin).name === 'bps-wasm-threads')).toBe(true);
  });
});

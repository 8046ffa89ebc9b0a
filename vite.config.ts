import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { cspMetaContent } from './electron/csp';
// Cross-origin isolation (COOP/COEP) on the dev and preview servers, so the training worker can use
// the multi-threaded WASM backend; the app loads nothing from other origins.
import { ISOLATION_HEADERS } from './electron/isolation';

/**
 * Puts the app's Content-Security-Policy in the built index.html as a `<meta>` tag, first in
 * `<head>` so it governs every script and stylesheet after it. Build only: the dev server injects
 * inline scripts and `<style>` elements (React refresh, CSS hot reload) the policy would block.
 */
export const cspMetaPlugin = (): Plugin => ({
  name: 'bps-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: cspMetaContent() },
      injectTo: 'head-prepend',
    },
  ],
});

/** tfjs's WASM backend module that hands the threads their copy of the Emscripten glue. */
const WASM_BACKEND_MODULE = /tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;
/** Where it hands them the factory's source text, rebuilt from a function that a minifier renamed. */
const GLUE_FROM_SOURCE =
  /new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\)/;

/**
 * Lets the multi-threaded WASM backend start from the minified build. Each of its threads loads the
 * Emscripten glue from `mainScriptUrlOrBlob`, which tfjs makes from the bundled factory's
 * `toString()`; minifying renames the variables that function closes over, and every thread fails
 * with "e is not defined". The glue file itself, unminified, is served instead.
 */
export const wasmThreadsPlugin = (): Plugin => ({
  name: 'bps-wasm-threads',
  apply: 'build',
  transform(code, id) {
    if (!WASM_BACKEND_MODULE.test(id)) return null;
    if (!GLUE_FROM_SOURCE.test(code))
      throw new Error(
        `${id}: the threaded WASM glue is no longer built from toString(); see wasmThreadsPlugin`,
      );
    return {
      code:
        "import bpsThreadedGlueUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';\n" +
        code.replace(GLUE_FROM_SOURCE, 'bpsThreadedGlueUrl'),
      map: null,
    };
  },
});

// The renderer runs as a plain web page (web mode) and inside Electron; both load this build.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMetaPlugin()],
  // The training worker is bundled on its own, with its own plugins.
  worker: { plugins: () => [wasmThreadsPlugin()] },
  publicDir: false,
  server: {
    port: Number(process.env.PORT ?? 5173),
    strictPort: true,
    fs: { allow: ['..'] },
    headers: ISOLATION_HEADERS,
  },
  preview: { port: Number(process.env.PORT ?? 5173), strictPort: true, headers: ISOLATION_HEADERS },
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  // tfjs-backend-wasm ships CommonJS glue (wasm-out/*.js): it must be pre-bundled like any other
  // dependency, or the training worker's imports of it fail in dev. The worker's dependencies are
  // listed so the first dev start bundles them up front instead of reloading the page once found.
  // The .wasm files are imported with `?url` in the worker, so bundling does not move them.
  optimizeDeps: {
    include: ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'seedrandom', 'papaparse'],
  },
});

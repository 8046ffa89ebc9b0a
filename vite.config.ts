import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { cspMetaContent } from './electron/csp';

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

// The renderer runs as a plain web page (web mode) and inside Electron; both load this build.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMetaPlugin()],
  publicDir: false,
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true, fs: { allow: ['..'] } },
  preview: { port: Number(process.env.PORT ?? 5173), strictPort: true },
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  // tfjs-backend-wasm ships CommonJS glue (wasm-out/*.js): it must be pre-bundled like any other
  // dependency, or the training worker's imports of it fail in dev. The worker's dependencies are
  // listed so the first dev start bundles them up front instead of reloading the page once found.
  // The .wasm files are imported with `?url` in the worker, so bundling does not move them.
  optimizeDeps: {
    include: ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'seedrandom', 'papaparse'],
  },
});

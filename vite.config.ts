import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer runs as a plain web page (web mode) and inside Electron; both load this build.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  publicDir: false,
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true, fs: { allow: ['..'] } },
  preview: { port: Number(process.env.PORT ?? 5173), strictPort: true },
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
});

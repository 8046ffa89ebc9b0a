/**
 * Backends in the browser and in Electron's renderer: WebGPU, then WebGL, then WASM, then CPU.
 * Importing this module registers WebGPU and WASM (WebGL and CPU come with `@tensorflow/tfjs`).
 */
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_PREFERENCE } from './names';
import { selectBackend } from './select';
import type { BackendChoice } from './select';

/**
 * Starts the fastest backend that works, or `preferred` first when given. `wasmBase` is the URL
 * folder the `.wasm` files are served from (they ship in `@tensorflow/tfjs-backend-wasm/dist`);
 * `wasmPaths` maps each `.wasm` file name to its URL instead (what a bundler hands out).
 */
export async function startBrowserBackend(
  options: { preferred?: string; wasmBase?: string; wasmPaths?: Record<string, string> } = {},
): Promise<BackendChoice> {
  if (options.wasmPaths) setWasmPaths(options.wasmPaths);
  else if (options.wasmBase) setWasmPaths(options.wasmBase);
  const order = options.preferred
    ? [options.preferred, ...BACKEND_PREFERENCE.filter((b) => b !== options.preferred)]
    : [...BACKEND_PREFERENCE];
  return selectBackend(order);
}

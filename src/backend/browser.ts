/**
 * Backends in the browser and in Electron's renderer: WebGPU, WebGL, WASM and CPU, the one in use
 * chosen by measuring them (see `select.ts` and `probe.ts`), not by their usual order: a GPU
 * backend on a software rasterizer (SwiftShader, llvmpipe) can be a thousand times slower than
 * WASM. Importing this module registers WebGPU and WASM (WebGL and CPU come with `@tensorflow/tfjs`).
 */
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_PREFERENCE } from './names';
import type { BackendMeasurement } from './ranking';
import { chooseMeasured, measureBackends, selectBackend } from './select';
import type { BackendChoice } from './select';

/** How to start a backend in the browser. */
export interface BrowserBackendOptions {
  /** A backend the user picked; absent (or `auto`): the fastest by measurement. */
  preferred?: string;
  /** URL folder the `.wasm` files are served from (they ship in `@tensorflow/tfjs-backend-wasm/dist`). */
  wasmBase?: string;
  /** Each `.wasm` file name's URL instead (what a bundler hands out). */
  wasmPaths?: Record<string, string>;
  /** Measurements of an earlier start on this machine; the probe runs when absent. */
  measurements?: BackendMeasurement[];
  /** Measure again even when `measurements` are given; software GPUs are then measured too. */
  measure?: boolean;
}

let configured = false;

/** Points tfjs at the `.wasm` files and asks for one WASM thread per core, within tfjs's cap (once). */
function configureWasm(options: BrowserBackendOptions): void {
  if (configured) return;
  configured = true;
  if (options.wasmPaths) setWasmPaths(options.wasmPaths);
  else if (options.wasmBase) setWasmPaths(options.wasmBase);
  // Threads need cross-origin isolation (SharedArrayBuffer); without it tfjs loads the
  // single-threaded build and this count is not used.
  const cores = globalThis.navigator?.hardwareConcurrency;
  if (!cores || cores < 1) return;
  setThreadsCount(cores);
  // tfjs's WASM module caps the pool at hardwareConcurrency / 2 (it assumes two hyper-threads per
  // core; 1 thread on 2 logical cores). That cap is kept: on this project's 2-core test machine,
  // under load, 2 threads trained spiral-mlp in the editor at 0.42× the speed of 1 and the probe
  // at 0.34× (bench/training-ui.ts, bench/backends.ts); spinning threads lose on busy cores.
}

/** Starts the backend to train on; see {@link BrowserBackendOptions}. */
export async function startBrowserBackend(options: BrowserBackendOptions = {}): Promise<BackendChoice> {
  configureWasm(options);
  const { preferred } = options;
  if (preferred && preferred !== 'auto') {
    const choice = await selectBackend([preferred, ...BACKEND_PREFERENCE.filter((b) => b !== preferred)]);
    return options.measurements ? { ...choice, measurements: options.measurements } : choice;
  }
  if (options.measurements?.length && !options.measure) return chooseMeasured(options.measurements);
  return measureBackends(BACKEND_PREFERENCE, { includeSoftware: options.measure === true });
}

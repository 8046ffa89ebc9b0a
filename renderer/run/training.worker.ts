/**
 * The training worker: a TrainingSession on the fastest tfjs backend the browser offers, so
 * training never blocks the canvas. All logic lives in `src/worker/session.ts`; this file only
 * wires it to `postMessage` and tells tfjs where Vite put the WebAssembly files.
 */
import '../zod-jitless';
import { startBrowserBackend } from '../../src/backend/browser';
import { TrainingSession } from '../../src/worker/session';
import type { WorkerEvent, WorkerRequest } from '../../src/worker/protocol';
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasm,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const scope = self as unknown as {
  postMessage(message: WorkerEvent, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};

const session = new TrainingSession((event, transfer) => scope.postMessage(event, transfer ?? []), {
  startBackend: (name, measuring) =>
    startBrowserBackend({ preferred: name && name !== 'auto' ? name : undefined, wasmPaths, ...measuring }),
});

scope.onmessage = (e) => void session.handle(e.data);

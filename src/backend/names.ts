/**
 * Backend names and their display labels, without tfjs: the editor's main thread shows them, and
 * only the training worker may load tfjs.
 */

/** Backends this product knows, fastest first. */
export const BACKEND_PREFERENCE = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_PREFERENCE)[number];

/** Display names for the UI's backend indicator. */
export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

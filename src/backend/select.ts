/**
 * Backend selection: try backends in order of speed and record why each one that was not used
 * failed. `tf.setBackend` throws for a backend that is not registered and resolves to `false` when
 * one is registered but cannot initialise (no WebGPU adapter, no WebGL context); both are handled.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_PREFERENCE } from './names';

// The names live in a tfjs-free module so the editor's main thread can show them.

/** What happened when a backend was tried. */
export interface BackendAttempt {
  name: string;
  /** It initialised and is now active. */
  ok: boolean;
  /** Why it was not used (or "active"). */
  reason: string;
}

/** The active backend and the story of how it was chosen. */
export interface BackendChoice {
  /** Active backend. */
  name: string;
  /** Every backend tried, in order; the last one is the active one. */
  attempts: BackendAttempt[];
}

/**
 * Activates the first backend of `order` that works. Throws only when none does, with every
 * reason in the message.
 */
export async function selectBackend(order: readonly string[] = BACKEND_PREFERENCE): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    if (!tf.findBackendFactory(name)) {
      attempts.push({ name, ok: false, reason: 'not available in this build (backend not registered)' });
      continue;
    }
    try {
      const ok = await tf.setBackend(name);
      if (ok) {
        await tf.ready();
        attempts.push({ name, ok: true, reason: 'active' });
        return { name, attempts };
      }
      attempts.push({ name, ok: false, reason: initFailureReason(name) });
    } catch (err) {
      attempts.push({
        name,
        ok: false,
        reason: `failed to start: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could start: ${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}`,
  );
}

function initFailureReason(name: string): string {
  switch (name) {
    case 'webgpu':
      return 'initialisation failed: no WebGPU adapter (the browser or GPU driver does not expose WebGPU)';
    case 'webgl':
      return 'initialisation failed: no WebGL context could be created';
    case 'wasm':
      return 'initialisation failed: the WebAssembly module could not be loaded';
    default:
      return 'initialisation failed';
  }
}

/** One line per attempt: `webgpu ✗ not available…`. */
export function describeChoice(choice: BackendChoice): string {
  return choice.attempts.map((a) => `${a.name} ${a.ok ? '✓' : '✗'} ${a.reason}`).join('\n');
}

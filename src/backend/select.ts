/**
 * Backend selection: try backends in order of speed and record why each one that was not used
 * failed. `tf.setBackend` throws for a backend that is not registered and resolves to `false` when
 * one is registered but cannot initialise (no WebGPU adapter, no WebGL context); both are handled.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_PREFERENCE } from './names';
import { activeAdapter, probeActiveBackend } from './probe';
import type { ProbeOptions } from './probe';
import { fastestBackend } from './ranking';
import type { BackendMeasurement } from './ranking';

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
  /** Threads the active backend computes with (WASM: 1 without cross-origin isolation or in Node). */
  threads?: number;
  /** Each backend's measured speed, when the choice was made by measurement (see `ranking.ts`). */
  measurements?: BackendMeasurement[];
  /** The measurements were taken now rather than read from the cache the caller passed. */
  measuredNow?: boolean;
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
        return withThreads({ name, attempts });
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

/** Adds the thread count of an active WASM backend (tfjs keeps it on its flags and module). */
async function withThreads(choice: BackendChoice): Promise<BackendChoice> {
  if (choice.name !== 'wasm') return choice;
  try {
    const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return { ...choice, threads: threaded ? getThreadsCount() : 1 };
  } catch {
    return choice;
  }
}

/** Starts `name`; resolves to null when it runs, else to why it does not. */
async function tryStart(name: string): Promise<string | null> {
  if (!tf.findBackendFactory(name)) return 'not available in this build (backend not registered)';
  try {
    if (await tf.setBackend(name)) {
      await tf.ready();
      return null;
    }
    return initFailureReason(name);
  } catch (err) {
    return `failed to start: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Times the probe on every backend of `order` that starts (see `probe.ts`), then activates the
 * fastest. Backends that do not start are recorded with why. Throws only when none runs the probe.
 */
export async function measureBackends(
  order: readonly string[] = BACKEND_PREFERENCE,
  options: ProbeOptions & { includeSoftware?: boolean } = {},
): Promise<BackendChoice> {
  const measurements: BackendMeasurement[] = [];
  for (const name of order) {
    const failure = await tryStart(name);
    if (failure) {
      measurements.push({ name, examplesPerSecond: null, error: failure });
      continue;
    }
    const adapter = await activeAdapter(name);
    if (adapter.software && !options.includeSoftware) {
      // Compiling the probe's shaders alone takes a software GPU seconds (SwiftShader: 10 s and
      // more), for a backend that then runs hundreds of times slower than WASM: not on every start.
      measurements.push({
        name,
        examplesPerSecond: null,
        ...adapter,
        error: 'not measured: it emulates a GPU on the CPU, far slower than WASM ("Measure again" times it)',
      });
      continue;
    }
    try {
      // A software GPU is measured briefly when asked for: it is there to be shown, not chosen.
      const budget = adapter.software ? { budgetMs: 150, capMs: 1000 } : {};
      const examplesPerSecond = await probeActiveBackend({ ...budget, ...options });
      const threads = (await withThreads({ name, attempts: [] })).threads;
      measurements.push({ name, examplesPerSecond, ...adapter, ...(threads ? { threads } : {}) });
    } catch (err) {
      measurements.push({
        name,
        examplesPerSecond: null,
        ...adapter,
        error: `failed during the probe: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  return chooseMeasured(measurements, order, true);
}

/**
 * Activates the fastest backend of `measurements` that starts (measurements from an earlier start,
 * or just taken); falls back along `order` when none of them does.
 */
export async function chooseMeasured(
  measurements: BackendMeasurement[],
  order: readonly string[] = BACKEND_PREFERENCE,
  measuredNow = false,
): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  const failed = new Set<string>();
  for (;;) {
    const best = fastestBackend(measurements, (n) => !failed.has(n) && order.includes(n));
    if (!best) break;
    const failure = await tryStart(best);
    if (!failure) {
      attempts.push({ name: best, ok: true, reason: 'active' });
      return withThreads({ name: best, attempts, measurements, measuredNow });
    }
    attempts.push({ name: best, ok: false, reason: failure });
    failed.add(best);
  }
  const fallback = await selectBackend(order.filter((n) => !failed.has(n)));
  return { ...fallback, attempts: [...attempts, ...fallback.attempts], measurements, measuredNow };
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

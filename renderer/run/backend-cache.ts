/**
 * The backend measurements of this machine, kept in localStorage so the probe runs once, not at
 * every start. They are only reused by the same browser on the same cores with the same access to
 * threads (cross-origin isolation): a WASM figure taken single-threaded says nothing of the
 * threaded build.
 */
import type { BackendMeasurement, BackendMeasurements } from '../../src/backend/ranking';

const MEASUREMENTS_KEY = 'backprop-studio.backend-measurements';

/** What the measurements depend on, as far as the page can tell. */
export function machineKey(): string {
  const nav = globalThis.navigator;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return JSON.stringify([nav?.userAgent ?? '', nav?.hardwareConcurrency ?? 0, isolated]);
}

/** The measurements kept for this machine, or undefined when there are none (or they are another's). */
export function readMeasurements(storage: Storage | null): BackendMeasurement[] | undefined {
  try {
    const kept = JSON.parse(storage?.getItem(MEASUREMENTS_KEY) ?? 'null') as BackendMeasurements | null;
    if (!kept || kept.machine !== machineKey() || !Array.isArray(kept.measurements)) return undefined;
    return kept.measurements;
  } catch {
    return undefined;
  }
}

/** Keeps measurements just taken for the next start. */
export function saveMeasurements(storage: Storage | null, measurements: BackendMeasurement[]): void {
  const kept: BackendMeasurements = { machine: machineKey(), at: Date.now(), measurements };
  try {
    storage?.setItem(MEASUREMENTS_KEY, JSON.stringify(kept));
  } catch {
    // Storage full or blocked: the probe simply runs again next time.
  }
}

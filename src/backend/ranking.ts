/**
 * Choosing a backend by measurement, without tfjs (the editor's main thread shows the figures and
 * the reasons): which adapters are software, which measured backend is fastest, and why each other
 * one is not used. The measuring itself is `src/backend/probe.ts`, in the training worker.
 */
import { BACKEND_LABELS, BACKEND_PREFERENCE } from './names';
import type { BackendName } from './names';

/** What the probe found for one backend. */
export interface BackendMeasurement {
  /** Backend name (`webgpu`, `webgl`, `wasm`, `cpu`). */
  name: string;
  /** Training examples per second of the probe model; null when the backend could not run it. */
  examplesPerSecond: number | null;
  /** The GPU adapter or WebGL renderer as the browser names it (GPU backends), e.g. "SwiftShader". */
  adapter?: string;
  /** The adapter renders in software on the CPU (SwiftShader, llvmpipe, a fallback adapter). */
  software?: boolean;
  /** Threads the backend computes with (WASM). */
  threads?: number;
  /** Why it could not be measured (not registered, failed to start, failed during the probe). */
  error?: string;
}

/** Measurements of the backends of one machine, kept between starts. */
export interface BackendMeasurements {
  /** Who measured: the browser, its cores and whether threads could be used (see `machineKey`). */
  machine: string;
  /** When, in ms since the epoch. */
  at: number;
  measurements: BackendMeasurement[];
}

/** Renderer names of GPUs emulated on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render|fallback/i;

/** Whether an adapter or renderer name (WEBGL_debug_renderer_info, GPUAdapterInfo) is a software one. */
export function isSoftwareRenderer(name: string | undefined): boolean {
  return name !== undefined && SOFTWARE_RENDERER.test(name);
}

const label = (name: string) => BACKEND_LABELS[name as BackendName] ?? name;
const rank = (name: string) => {
  const i = BACKEND_PREFERENCE.indexOf(name as BackendName);
  return i < 0 ? BACKEND_PREFERENCE.length : i;
};

/** `12,345 examples/s` with three significant figures at most. */
export function formatRate(examplesPerSecond: number): string {
  const rounded = Number(examplesPerSecond.toPrecision(3));
  return `${rounded.toLocaleString('en-US', { maximumFractionDigits: rounded < 10 ? 1 : 0 })} examples/s`;
}

/**
 * The measured backends from fastest to slowest (ties: the usual preference order), then those that
 * could not be measured. `usable` leaves out backends that cannot start now.
 */
export function rankMeasurements(
  measurements: readonly BackendMeasurement[],
  usable: (name: string) => boolean = () => true,
): BackendMeasurement[] {
  const measured = measurements.filter((m) => m.examplesPerSecond !== null && usable(m.name));
  return measured.sort((a, b) => b.examplesPerSecond! - a.examplesPerSecond! || rank(a.name) - rank(b.name));
}

/** The fastest measured backend, or null when none could be measured. */
export function fastestBackend(
  measurements: readonly BackendMeasurement[],
  usable?: (name: string) => boolean,
): string | null {
  return rankMeasurements(measurements, usable)[0]?.name ?? null;
}

/**
 * Why `m` is or is not the backend in use, with its figure: `fastest: 12,300 examples/s`,
 * `8.2× slower than WASM: 1,500 examples/s (software renderer SwiftShader)`.
 */
export function measurementReason(
  m: BackendMeasurement,
  active: string,
  all: readonly BackendMeasurement[],
): string {
  const software = m.software ? ` (software renderer${m.adapter ? `: ${m.adapter}` : ''})` : '';
  if (m.examplesPerSecond === null) return `${m.error ?? 'not measured'}${software}`;
  const figure = formatRate(m.examplesPerSecond);
  const best = rankMeasurements(all)[0];
  const activeRate = all.find((x) => x.name === active)?.examplesPerSecond ?? null;
  if (m.name === active)
    return best && best.name !== active
      ? `in use (chosen by hand): ${figure}${software}`
      : `fastest, in use: ${figure}${software}`;
  if (activeRate !== null && activeRate > 0 && m.examplesPerSecond < activeRate) {
    const ratio = activeRate / m.examplesPerSecond;
    return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}× slower than ${label(active)}: ${figure}${software}`;
  }
  return `${figure}${software}`;
}

/**
 * Runs the benchmarks in sequence and prints their tables: `tsx bench/run-all.ts [name…]
 * [--backend wasm|cpu]`. Benchmarks only measure and print; nothing here passes or fails.
 */
import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from '../src/backend/node';
import { runCompileLarge } from './compile-large';
import { runThroughput } from './throughput';
import { runTraceOverhead } from './trace-overhead';

const BENCHES: Record<string, () => Promise<void>> = {
  throughput: runThroughput,
  'trace-overhead': runTraceOverhead,
  'compile-large': runCompileLarge,
  // Node backends, then Chromium (threaded vs single-threaded WASM, every backend); loaded lazily.
  backends: () => import('./backends').then((m) => m.runBackends()),
  // Drives the editor in Chromium; loaded lazily so the tfjs benchmarks do not need a browser.
  'canvas-frames': () => import('./canvas-frames').then((m) => m.runCanvasFrames()),
  'training-ui': () => import('./training-ui').then((m) => m.runTrainingUi()),
  // The worker's logic in Node, one side-feed off at a time, against the CLI's trainer.
  'session-breakdown': () => import('./session-breakdown').then((m) => m.runSessionBreakdown()),
};

/** Parses `[name…] [--backend cpu|wasm]`; exits with usage on anything else. */
function parseArgs(argv: readonly string[]): { names: string[]; backend: string } {
  const names: string[] = [];
  let backend = 'wasm';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const inline = /^--backend=(.*)$/.exec(arg);
    if (arg === '--backend' || inline) {
      backend = inline ? inline[1] : (argv[++i] ?? '');
      if (backend !== 'wasm' && backend !== 'cpu') usage(`unknown backend "${backend}"`);
    } else if (arg in BENCHES) names.push(arg);
    else usage(`unknown benchmark "${arg}"`);
  }
  return { names: names.length ? names : Object.keys(BENCHES), backend };
}

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: tsx bench/run-all.ts [${Object.keys(BENCHES).join('|')}…] [--backend wasm|cpu]`,
  );
  process.exit(2);
}

/** One line about the active backend, with SIMD and thread support for wasm. */
async function describeBackend(requested: string, attempts: string): Promise<string> {
  const name = tf.getBackend();
  let detail = '';
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    detail = ` (SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'})`;
  }
  const fallback = name === requested ? '' : ` — ${requested} failed, fell back: ${attempts}`;
  return `backend: ${name}${detail}${fallback}`;
}

const { names, backend } = parseArgs(process.argv.slice(2));
const choice = await startNodeBackend(backend);
const attempts = choice.attempts
  .filter((a) => !a.ok)
  .map((a) => `${a.name}: ${a.reason}`)
  .join('; ');
console.log(
  `tfjs ${tf.version.tfjs}, node ${process.versions.node}, ${await describeBackend(backend, attempts)}`,
);
for (const name of names) {
  const start = performance.now();
  console.log(`\n=== ${name} ===`);
  await BENCHES[name]();
  console.log(`\n(${name}: ${((performance.now() - start) / 1000).toFixed(1)} s)`);
}

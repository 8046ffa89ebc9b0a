/**
 * Each backend's speed on the same model (the backend probe: batch 128, 256 → 256 → 10, SGD), side
 * by side in one run: `tsx bench/run-all.ts backends`.
 *
 * 1. Node: WASM and CPU, alternating, with each one's 512×512 matMul peak.
 * 2. Chromium (SwiftShader for WebGL/WebGPU, as on a machine without a GPU): the editor's own
 *    measurements, from the same build served twice — cross-origin isolated (the threaded WASM
 *    build, one thread per core) and not (single-threaded) — in alternating pages, so the
 *    threads' speed-up is measured on this machine; then one "Measure again" that times the
 *    software GPUs too.
 *
 * Prints figures and ratios; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { contentType, ISOLATION_HEADERS } from '../electron/isolation';
import { startNodeBackend } from '../src/backend/node';
import { probeActiveBackend } from '../src/backend/probe';
import type { BackendMeasurement, BackendMeasurements } from '../src/backend/ranking';
import { CHROMIUM_PATH, chromiumAvailable, freePort, launchChromium } from '../scripts/web-mode';
import { matMulPeak } from './peak';
import { median, num, printTable } from './util';

const MEASUREMENTS_KEY = 'backprop-studio.backend-measurements';

/** Node: WASM and CPU on the probe model, alternating rounds. */
async function nodeBackends(): Promise<void> {
  const names = ['wasm', 'cpu'];
  const rates = new Map<string, number[]>(names.map((n) => [n, []]));
  const peaks = new Map<string, number>();
  for (let round = 0; round < 3; round++)
    for (const name of round % 2 ? [...names].reverse() : names) {
      await startNodeBackend(name);
      rates.get(name)!.push(await probeActiveBackend({ budgetMs: 800 }));
      if (round === 0) peaks.set(name, await matMulPeak(256, 300));
    }
  const best = Math.max(...names.map((n) => median(rates.get(n)!)));
  printTable(
    'Node: examples/s of the probe model (batch 128, 256-256-10, SGD), median of 3 alternating rounds',
    ['backend', 'examples/s', 'vs fastest', '256² matMul GFLOP/s'],
    names.map((n) => [
      n,
      num(median(rates.get(n)!)),
      `×${(median(rates.get(n)!) / best).toFixed(3)}`,
      num(peaks.get(n)!, 1),
    ]),
  );
  await startNodeBackend('wasm');
}

/** Serves a renderer build under /iso/ (cross-origin isolated) and /plain/ (not). */
function serveBuild(dir: string, port: number): { close: () => void } {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/(iso|plain)\/(.*)$/.exec(url.pathname);
    const rel = match ? match[2] || 'index.html' : '';
    const file = join(dir, rel);
    if (!match || rel.includes('..') || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentType(file),
      ...(match[1] === 'iso' ? ISOLATION_HEADERS : {}),
    });
    res.end(readFileSync(file));
  });
  server.listen(port);
  return { close: () => server.close() };
}

/** Opens the editor, lets it measure its backends (nothing cached) and returns what it measured. */
async function editorMeasurements(page: Page, url: string, again = false): Promise<BackendMeasurement[]> {
  await page.goto(url);
  await page.evaluate((key) => localStorage.removeItem(key), MEASUREMENTS_KEY);
  await page.reload();
  await page.getByTestId('tab-training').click();
  const chosen = () =>
    page.waitForFunction((key) => localStorage.getItem(key) !== null, MEASUREMENTS_KEY, { timeout: 120_000 });
  await chosen();
  if (again) {
    await page.evaluate((key) => localStorage.removeItem(key), MEASUREMENTS_KEY);
    await page.getByRole('button', { name: 'why?' }).click();
    await page.getByTestId('backend-measure').click();
    await chosen();
  }
  const kept = JSON.parse(
    (await page.evaluate((key) => localStorage.getItem(key), MEASUREMENTS_KEY))!,
  ) as BackendMeasurements;
  return kept.measurements;
}

/** Chromium: threaded vs single-threaded WASM, and every backend once. */
async function browserBackends(): Promise<void> {
  if (!chromiumAvailable()) {
    console.log(`\nbrowser backends: no Chromium at ${CHROMIUM_PATH}; skipped`);
    return;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'bps-bench-'));
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error', '--outDir', outDir],
    {
      stdio: 'inherit',
    },
  );
  const port = await freePort();
  const server = serveBuild(outDir, port);
  const browser = await launchChromium([
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
    '--use-webgpu-adapter=swiftshader',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
  ]);
  try {
    const page = await browser.newPage();
    const sides = { iso: [] as number[], plain: [] as number[] };
    const threads = { iso: 0, plain: 0 };
    for (let round = 0; round < 4; round++)
      for (const side of round % 2 ? (['plain', 'iso'] as const) : (['iso', 'plain'] as const)) {
        const wasm = (await editorMeasurements(page, `http://localhost:${port}/${side}/`)).find(
          (m) => m.name === 'wasm',
        );
        sides[side].push(wasm?.examplesPerSecond ?? NaN);
        threads[side] = wasm?.threads ?? 0;
      }
    const [iso, plain] = [median(sides.iso), median(sides.plain)];
    printTable(
      "Chromium: the editor's WASM measurement, cross-origin isolated vs not (median of 4 alternating pages)",
      ['page', 'threads', 'examples/s', 'rounds'],
      [
        [
          'isolated (threaded SIMD build)',
          String(threads.iso),
          num(iso),
          sides.iso.map((v) => num(v)).join(' '),
        ],
        [
          'not isolated (SIMD build)',
          String(threads.plain),
          num(plain),
          sides.plain.map((v) => num(v)).join(' '),
        ],
      ],
    );
    console.log(`threaded / single-threaded WASM: ×${(iso / plain).toFixed(2)}`);
    const all = await editorMeasurements(page, `http://localhost:${port}/iso/`, true);
    const best = Math.max(...all.map((m) => m.examplesPerSecond ?? 0));
    printTable(
      'Chromium, isolated, "Measure again" (software GPUs timed too): every backend on the probe model',
      ['backend', 'examples/s', 'vs fastest', 'adapter'],
      all.map((m) => [
        m.name + (m.threads ? ` (${m.threads} threads)` : ''),
        m.examplesPerSecond === null
          ? (m.error ?? '—')
          : num(m.examplesPerSecond, m.examplesPerSecond < 100 ? 1 : 0),
        m.examplesPerSecond === null ? '—' : `×${(m.examplesPerSecond / best).toFixed(4)}`,
        m.adapter ? `${m.adapter}${m.software ? ' (software)' : ''}` : '',
      ]),
    );
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Prints both tables. */
export async function runBackends(): Promise<void> {
  console.log(`tfjs ${tf.version.tfjs}; ${availableParallelism()} cores`);
  await nodeBackends();
  await browserBackends();
}

/**
 * The editor while it trains, in Debian's Chromium: `tsx bench/run-all.ts training-ui`.
 *
 * 1. Frame times of the canvas with a generated 300-node graph, idle vs training (the worker
 *    streams traces at its default rate, the canvas animates every node and edge).
 * 2. Training throughput of spiral-mlp with the UI attached (worker, traces, charts, decision
 *    boundary) vs `backprop-studio train` in a fresh process, both on WASM, same graph and epochs,
 *    at the file's 150 epochs and at 1,500 (steady state).
 * 3. How busy the page's main thread is while spiral-mlp trains, by side tab (CDP task metrics).
 * 4. The page's responsiveness while spiral-mlp and xor-keras train on WASM: the longest gap of a
 *    50 ms timer in the page, long tasks, and how long Pause takes (see `page-stall.ts`).
 *
 * Software rendering (SwiftShader) here, so compare the columns of one run, not machines.
 * Prints ratios; asserts nothing.
 */
import type { Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { serializeGraph } from '../src/graph/load';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  openGraphFile,
  startWebMode,
  switchBackend,
} from '../scripts/web-mode';
import { ladderGraph } from './large-graph';
import { measureExample, stallHeader, stallRow } from './page-stall';

/** Frame intervals (ms) recorded with requestAnimationFrame for `ms` milliseconds. */
async function frames(page: Page, ms: number): Promise<number[]> {
  // Passed as text: tsx would wrap a function with helpers the page does not have.
  return page.evaluate<number[]>(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + ${ms};
    const tick = (t) => {
      out.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick);
      else resolve(out.slice(2));
    };
    requestAnimationFrame(tick);
  })`);
}

function quantiles(f: number[]) {
  const s = [...f].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { n: f.length, median: q(0.5), p95: q(0.95) };
}

/**
 * Examples per second the CLI reports for `backprop-studio train <file> --epochs <n>`, run as a user
 * runs it: a fresh Node process, so its WASM module and JIT start cold like the editor's worker
 * after a page load (the same process trained again would be warm and flatter itself).
 */
function cliThroughput(file: string, epochs: number): number {
  const out = execFileSync(
    process.execPath,
    ['bin/backprop-studio.mjs', 'train', file, '--json', '--epochs', String(epochs), '--backend', 'wasm'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { examplesPerSecond?: number });
  const last = lines.filter((l) => l.examplesPerSecond !== undefined).at(-1);
  if (!last?.examplesPerSecond) throw new Error(`the CLI printed no examples/s:\n${out.slice(-500)}`);
  return last.examplesPerSecond;
}

/** Runs both measurements and prints their tables. */
export async function runTrainingUi(): Promise<void> {
  if (!chromiumAvailable()) {
    console.log(`training-ui: no Chromium at ${CHROMIUM_PATH}; install it with apt-get install chromium`);
    return;
  }
  const web = await startWebMode();
  const browser = await launchChromium([
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    // Software GL compositing of the whole page costs 150–300 ms a frame on 2 cores; Chromium's own
    // software compositor is what a machine without a GPU would use.
    '--disable-gpu-compositing',
  ]);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // TRAINING_UI_PARTS=frames,throughput,stall runs only those parts (all by default).
    const parts = new Set((process.env.TRAINING_UI_PARTS ?? 'frames,throughput,mainthread,stall').split(','));
    if (parts.has('frames')) await canvasFrames(page, web.url);
    if (parts.has('mainthread')) await mainThreadWhileTraining(page, web.url);
    if (parts.has('throughput')) await throughput(page, web.url);
    if (parts.has('stall')) {
      // Responsiveness: a fast run must not flood the page (3 s of training, then Pause).
      console.log('\nPage responsiveness while training on WASM (3 s, then Pause)');
      console.log(stallHeader());
      for (const example of ['spiral-mlp', 'xor-keras'])
        console.log(stallRow(example, [await measureExample(page, web.url, example, 3000, 5000)]));
    }
  } finally {
    await browser.close();
    web.stop();
  }
}

/** Frame times of the canvas with a generated 300-node graph, idle vs training. */
async function canvasFrames(page: Page, url: string): Promise<void> {
  {
    await page.goto(url);
    await page.waitForSelector('[data-testid="canvas"]');
    const ladder = ladderGraph(300);
    ladder.training.epochs = 10_000;
    // A 100-rung residual ladder overflows with Glorot weights (each rung multiplies the variance);
    // zero rung kernels keep every value finite, and the cost per step is the same.
    for (const n of ladder.nodes) if (n.op === 'Dense' && n.id !== 'y') n.params.kernelInit = 'zeros';
    await openGraphFile(page, 'bench.json', serializeGraph(ladder));
    await page.waitForSelector('[data-testid="node-loss"]', { state: 'attached' });
    await switchBackend(page, 'wasm');
    await page.waitForTimeout(500);
    const idle = quantiles(await frames(page, 3000));
    await page.getByTestId('train-button').click();
    await page.waitForSelector('[data-testid=node-value-n0]', { timeout: 60_000 });
    const training = quantiles(await frames(page, 4000));
    const steps = Number(await page.getByTestId('progress').getAttribute('data-step'));
    const state = await page.getByTestId('run-state').getAttribute('data-state');
    if (state === 'running') await page.getByTestId('pause-button').click();
    else console.log(`(training stopped by itself while measuring: ${state})`);

    console.log('Canvas, generated 300-node ladder, WASM backend in the worker (Chromium + SwiftShader)');
    console.log(
      `${'state'.padEnd(10)} ${'frames'.padStart(6)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'fps'.padStart(6)}`,
    );
    for (const [name, q] of [
      ['idle', idle],
      ['training', training],
    ] as const)
      console.log(
        `${name.padEnd(10)} ${String(q.n).padStart(6)} ${q.median.toFixed(1).padStart(10)} ${q.p95.toFixed(1).padStart(8)} ${(1000 / q.median).toFixed(0).padStart(6)}`,
      );
    console.log(
      `training / idle median frame time: ${(training.median / idle.median).toFixed(2)} (${steps} steps trained while measuring)`,
    );
  }
}

/**
 * How busy the page's main thread is while spiral-mlp trains on WASM, with the Training tab (charts,
 * boundary, progress) or the Inspector beside the canvas: on a 2-core machine every busy
 * millisecond of the page is one the worker may not get. Chromium's own task accounting (CDP
 * `Performance.getMetrics`) over 6 s of training.
 */
async function mainThreadWhileTraining(page: Page, url: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
  console.log('\nPage main thread while spiral-mlp trains on WASM (share of wall time over 6 s)');
  console.log(
    ['side tab', 'busy', 'script', 'layout', 'style', 'examples/s'].map((h) => h.padStart(10)).join(' '),
  );
  for (const tab of ['training', 'inspector'] as const) {
    await page.goto(`${url}?example=spiral-mlp`);
    await page.waitForSelector('[data-testid="canvas"]');
    await switchBackend(page, 'wasm');
    await page.getByTestId('epochs').fill('5000');
    await page.waitForTimeout(1000);
    await page.getByTestId('reset-button').click();
    await page.waitForSelector('[data-testid=run-state][data-state=ready]');
    await page.getByTestId(`tab-${tab}`).click();
    await page.getByTestId('train-button').click();
    await page.waitForTimeout(2000);
    const a = await metrics();
    await page.waitForTimeout(6000);
    const b = await metrics();
    await page.getByTestId('tab-training').click();
    const eps = Number(await page.getByTestId('progress').getAttribute('data-eps'));
    await page.getByTestId('pause-button').click();
    const seconds = (b.get('Timestamp') ?? 0) - (a.get('Timestamp') ?? 0);
    const share = (k: string) => `${((((b.get(k) ?? 0) - (a.get(k) ?? 0)) / seconds) * 100).toFixed(1)} %`;
    console.log(
      [
        tab,
        share('TaskDuration'),
        share('ScriptDuration'),
        share('LayoutDuration'),
        share('RecalcStyleDuration'),
        Math.round(eps).toLocaleString('en-US'),
      ]
        .map((c) => c.padStart(10))
        .join(' '),
    );
  }
}

/**
 * Throughput: spiral-mlp in the editor vs the CLI, each as a user runs it (a fresh page, a fresh
 * process), alternating rounds so drift of the machine's load affects both alike. Two lengths: the
 * file's own 150 epochs (about a second, so start-up counts) and ten times that (steady state).
 */
async function throughput(page: Page, url: string): Promise<void> {
  // TRAINING_UI_ROUNDS: more rounds where the machine's load swings (default 3).
  const rounds = Math.max(1, Number(process.env.TRAINING_UI_ROUNDS ?? 3));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const runs = (v: number[]) => v.map((x) => Math.round(x).toLocaleString('en-US')).join(', ');
  for (const epochs of [150, 1500]) {
    const uiRuns: number[] = [];
    const cliRuns: number[] = [];
    let threads = '';
    for (let round = 0; round < rounds; round++) {
      await page.goto(`${url}?example=spiral-mlp`);
      await page.waitForSelector('[data-testid="canvas"]');
      await switchBackend(page, 'wasm');
      threads =
        (await page
          .getByTestId('backend-threads')
          .textContent()
          .catch(() => '')) ?? '';
      if (epochs !== 150) {
        await page.getByTestId('epochs').fill(String(epochs));
        await page.waitForTimeout(500);
      }
      await page.getByTestId('train-button').click();
      await page.waitForSelector('[data-testid=run-state][data-state=done]', { timeout: 300_000 });
      uiRuns.push(Number(await page.getByTestId('progress').getAttribute('data-eps')));
      cliRuns.push(cliThroughput('graphs/spiral-mlp.json', epochs));
    }
    const ui = median(uiRuns);
    const cli = median(cliRuns);
    console.log(
      `\nTraining throughput, spiral-mlp (${epochs} epochs × 300 examples), WASM, ${rounds} alternating rounds, medians`,
    );
    console.log(
      `Editor (worker + traces + charts + boundary), WASM${threads}: ${Math.round(ui).toLocaleString('en-US')} examples/s (${runs(uiRuns)})`,
    );
    console.log(
      `CLI (\`backprop-studio train\`, fresh process, 1 thread): ${Math.round(cli).toLocaleString('en-US')} examples/s (${runs(cliRuns)})`,
    );
    console.log(
      `Editor / CLI: ${(ui / cli).toFixed(2)} (target ≥ 0.9; tracing may add at most 10 % of the training time)`,
    );
  }
}

/**
 * Web mode for tests and benchmarks: build the renderer, serve it on a free port, and launch
 * Debian's Chromium the way this machine allows (no sandbox as root, no background networking).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Chromium to drive; `CHROMIUM_PATH` overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether that Chromium is installed. */
export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/** Flags without which Chromium stalls on this closed network or refuses to run as root. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium; `extraArgs` for GPU emulation (SwiftShader) and the like. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** A TCP port that is free right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers 200 (up to 10 s). */
export async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no server answered at ${url}`);
}

/**
 * Builds the renderer into a folder of its own and serves it; resolves to its URL and a stop
 * function. Each call has its own build, so test files and scripts running at the same time never
 * empty each other's `dist/renderer` while it is being served.
 */
export async function startWebMode(
  options: {
    /** The checkout to build (its own `node_modules`); this one by default. */
    root?: string;
    /** Extra `vite build` flags, e.g. `--minify false` for readable profiles. */
    buildFlags?: string[];
  } = {},
): Promise<{ url: string; stop: () => void }> {
  const root = options.root ?? process.cwd();
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const outDir = mkdtempSync(join(tmpdir(), 'bps-web-'));
  execFileSync(
    process.execPath,
    [vite, 'build', '--logLevel', 'error', ...(options.buildFlags ?? []), '--outDir', outDir],
    { cwd: root, stdio: 'inherit' },
  );
  const port = await freePort();
  const url = `http://localhost:${port}/`;
  const server = spawn(
    process.execPath,
    [vite, 'preview', '--port', String(port), '--strictPort', '--outDir', outDir],
    { cwd: root, stdio: 'ignore' },
  );
  await waitForServer(url);
  return {
    url,
    stop: () => {
      server.kill();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Opens a graph in the running editor through the toolbar's Open… button and its file chooser. */
export async function openGraphFile(page: Page, name: string, text: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open…' }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Switches the editor's training backend from the Training tab and waits until a graph is ready on it. */
export async function switchBackend(page: Page, name: 'wasm' | 'cpu' | 'webgl' | 'webgpu'): Promise<void> {
  const label = { wasm: 'WASM', cpu: 'CPU', webgl: 'WebGL', webgpu: 'WebGPU' }[name];
  await page.getByTestId('tab-training').click();
  await page.getByTestId('backend-select').selectOption(name);
  // A function, not a string: the built app's CSP forbids evaluating strings in the page.
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid=backend-name]')?.textContent === want,
    label,
    { timeout: 60_000 },
  );
  await page.waitForSelector('[data-testid=run-state][data-state=ready]', { timeout: 60_000 });
}

/**
 * Starts the Vite dev server, what `npm start` and `npm run web` serve, and resolves to its URL and
 * a stop function. Unlike the build, it serves dependencies and the training worker module by module.
 */
export async function startDevServer(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const url = `http://localhost:${port}/`;
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', '--port', String(port), '--strictPort'],
    {
      stdio: 'ignore',
    },
  );
  await waitForServer(url);
  return { url, stop: () => server.kill() };
}

/**
 * For each canvas under the elements `selector` matches: how many different colours its pixels
 * have (1 for a blank or uniform canvas), read back from the page.
 */
export function canvasColourCounts(page: Page, selector: string): Promise<number[]> {
  return page.evaluate((sel) => {
    return Array.from(document.querySelectorAll(`${sel} canvas`)).map((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4)
        seen.add(((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) * 256 + data[i + 3]);
      return seen.size;
    });
  }, selector);
}

/**
 * Starts a 50 ms timer in the page that records its longest gap between ticks: a gap near 50 ms
 * means the main thread stayed free, a long one means a task blocked it that long. Read it with
 * {@link readTimerGap}; starting it again starts over.
 */
export async function startTimerGapProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    if (window.__timerGap) clearInterval(window.__timerGap.timer);
    const probe = { last: performance.now(), longest: 0, ticks: 0, timer: 0 };
    window.__timerGap = probe;
    probe.timer = setInterval(() => {
      const now = performance.now();
      probe.longest = Math.max(probe.longest, now - probe.last);
      probe.last = now;
      probe.ticks++;
    }, 50);
  })()`);
}

/** The longest gap (ms) and tick count the probe of {@link startTimerGapProbe} has seen so far. */
export function readTimerGap(page: Page): Promise<{ longest: number; ticks: number }> {
  return page.evaluate(`({ longest: window.__timerGap.longest, ticks: window.__timerGap.ticks })`);
}

/**
 * Clicks `button` and gives the file chooser it opens `file`, as a user picking a file would. A
 * path is handed to Chromium as is; a buffer is rebuilt as a `File` by Playwright on the page's
 * main thread, which for a big file blocks it for seconds.
 */
export async function chooseFileWith(
  page: Page,
  button: ReturnType<Page['getByTestId']>,
  file: string | { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles(file);
}

/** Animation-frame intervals (ms) in the page while `action` runs, the first two left out (warm-up). */
export async function recordFrames(page: Page, action: () => Promise<void>): Promise<number[]> {
  // Passed as text: tsx would wrap a function with helpers the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await action();
  return page.evaluate<number[]>('(window.__stop = true, window.__frames.slice(2))');
}

/**
 * Editor start-up: the size of the editor's main-thread JavaScript (the entry chunk and the chunks
 * index.html preloads; never the training worker) and, in Debian's Chromium against `vite preview`
 * of a fresh build, first paint and first contentful paint over several cold loads:
 * `tsx bench/editor-startup.ts [loads]`. Prints, asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  freePort,
  launchChromium,
  waitForServer,
} from '../scripts/web-mode';
import { median, num, printTable } from './util';

const VITE = 'node_modules/vite/bin/vite.js';

/** JavaScript files index.html loads on the main thread: its module script and its preloads. */
function mainThreadScripts(indexHtml: string): string[] {
  const found = [
    ...indexHtml.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1].replace(/^\.\//, ''));
  return [...new Set(found)];
}

/** Paint and navigation timings of one cold load (a fresh browser context: empty cache). */
interface LoadTimes {
  firstPaint: number;
  firstContentfulPaint: number;
  domContentLoaded: number;
  canvasReady: number;
}

async function main(): Promise<void> {
  const loads = Number(process.argv[2] ?? 5);
  const outDir = mkdtempSync(join(tmpdir(), 'bps-startup-'));
  let server: ReturnType<typeof spawn> | undefined;
  try {
    execFileSync(process.execPath, [VITE, 'build', '--logLevel', 'error', '--outDir', outDir], {
      stdio: 'inherit',
    });
    const scripts = mainThreadScripts(readFileSync(join(outDir, 'index.html'), 'utf8'));
    const sizes = scripts.map((file) => {
      const bytes = readFileSync(join(outDir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const total = sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip }), {
      raw: 0,
      gzip: 0,
    });
    printTable(
      'Editor main-thread JavaScript (vite build)',
      ['chunk', 'bytes', 'gzip bytes'],
      [...sizes.map((s) => [s.file, num(s.raw), num(s.gzip)]), ['total', num(total.raw), num(total.gzip)]],
    );

    if (!chromiumAvailable()) {
      console.log(`\nno Chromium at ${CHROMIUM_PATH}: paint timings skipped`);
      return;
    }
    const port = await freePort();
    const url = `http://localhost:${port}/`;
    server = spawn(
      process.execPath,
      [VITE, 'preview', '--port', String(port), '--strictPort', '--outDir', outDir],
      {
        stdio: 'ignore',
      },
    );
    await waitForServer(url);
    const browser = await launchChromium();
    const times: LoadTimes[] = [];
    try {
      // One warm-up load so the first measured one does not pay for Chromium's own start.
      for (let i = 0; i <= loads; i++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForSelector('[data-testid="canvas"] .react-flow');
        const canvasReady = await page.evaluate<number>('performance.now()');
        // Passed as text: tsx would wrap a function with helpers the page does not have.
        const t = await page.evaluate<Omit<LoadTimes, 'canvasReady'>>(`(() => {
          const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
          const nav = performance.getEntriesByType('navigation')[0];
          return {
            firstPaint: paint['first-paint'] ?? NaN,
            firstContentfulPaint: paint['first-contentful-paint'] ?? NaN,
            domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
          };
        })()`);
        if (i > 0) times.push({ ...t, canvasReady });
        await context.close();
      }
    } finally {
      await browser.close();
    }
    const row = (name: string, pick: (t: LoadTimes) => number) => {
      const v = times.map(pick);
      return [name, num(median(v), 1), num(Math.min(...v), 1), num(Math.max(...v), 1)];
    };
    printTable(
      `Editor start-up in Chromium, ${loads} cold loads (ms)`,
      ['measure', 'median', 'min', 'max'],
      [
        row('first paint', (t) => t.firstPaint),
        row('first contentful paint', (t) => t.firstContentfulPaint),
        row('DOMContentLoaded end', (t) => t.domContentLoaded),
        row('canvas on screen (upper bound)', (t) => t.canvasReady),
      ],
    );
  } finally {
    server?.kill();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();

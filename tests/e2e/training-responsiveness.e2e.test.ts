/**
 * End-to-end: the page stays responsive while the worker trains as fast as it can (spiral-mlp on
 * WASM, default settings), Pause takes effect within a step or two, and opening another graph
 * clears the previous run's numbers. In Debian's Chromium driven by playwright-core; skips (with
 * the reason printed) where no Chromium is installed.
 *
 * The limits leave room for a loaded 2-core machine: before the fix, a 50 ms timer in the page
 * waited 3–25 s between ticks and Pause took seconds, so a second is still a clear line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';
import { measureExample } from '../../bench/page-stall';

const available = chromiumAvailable();
if (!available)
  console.log(
    `skipping training responsiveness tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  );

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

describe.skipIf(!available)('training responsiveness (web mode, WASM)', () => {
  beforeAll(async () => {
    web = await startWebMode();
    // Software compositing, as in training.e2e: the page's own work is what is measured.
    browser = await launchChromium(['--disable-gpu-compositing']);
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('dialog', (d) => void d.accept());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  it('keeps a 50 ms timer ticking while training, and pauses within a step', async () => {
    // Short enough that the default 150 epochs are not over before Pause on a fast machine.
    const s = await measureExample(page, web!.url, 'spiral-mlp', 1500);
    console.log(
      `spiral-mlp on WASM: longest timer gap ${s.longestGapMs.toFixed(0)} ms, ` +
        `${s.longTasks} long tasks (longest ${s.longestTaskMs.toFixed(0)} ms), ` +
        `paused ${s.pauseDelayMs.toFixed(0)} ms after the click (${s.pauseDelayOutsideMs.toFixed(0)} ms seen from the test), ` +
        `${s.stepsAfterPause} steps after the pause request, ${s.steps} steps trained`,
    );
    expect(s.done, 'the run ended before Pause could be pressed').toBe(false);
    expect(s.steps).toBeGreaterThan(0);
    expect(s.longestGapMs).toBeLessThan(1000);
    expect(s.pauseDelayMs).toBeLessThan(1000);
    expect(s.stepsAfterPause).not.toBeNull();
    expect(s.stepsAfterPause!).toBeLessThanOrEqual(2);
  }, 180_000);

  it("opening another graph clears the previous run's charts, accuracy, progress and node values", async () => {
    // Resume the paused spiral run and let it report, then open another example while it trains.
    await page.getByTestId('train-button').click();
    await page.waitForSelector('[data-testid=run-state][data-state=running]');
    await page.waitForFunction(
      `Number(document.querySelector('[data-testid=loss-chart]')?.getAttribute('data-points')) > 0 &&
       document.querySelector('[data-testid=accuracy-value]')?.getAttribute('data-value') !== '' &&
       document.querySelector('[data-testid^=node-value-]') !== null`,
      null,
      { timeout: 30_000 },
    );
    await page.getByTestId('examples-menu').selectOption('xor-keras');
    await page.waitForSelector('[data-testid=run-state][data-state=ready]', { timeout: 30_000 });
    await page.waitForFunction(
      `/xor/i.test(document.querySelector('[data-testid=dataset-summary]')?.textContent ?? '')`,
      null,
      { timeout: 30_000 },
    );
    // Events of the old run still on their way must not bring its numbers back.
    await page.waitForTimeout(500);
    const shown = await page.evaluate<{
      points: string | null;
      accuracy: string | null;
      step: string | null;
      readouts: number;
      boundaryStep: string | null;
    }>(`(() => {
      const attr = (id, name) => document.querySelector('[data-testid=' + id + ']')?.getAttribute(name) ?? null;
      return {
        points: attr('loss-chart', 'data-points'),
        accuracy: attr('accuracy-value', 'data-value'),
        step: attr('progress', 'data-step'),
        readouts: document.querySelectorAll('[data-testid^=node-value-], [data-testid^=node-grad-]').length,
        boundaryStep: attr('decision-boundary', 'data-step'),
      };
    })()`);
    expect(shown).toEqual({
      points: '0',
      accuracy: '',
      step: '0',
      readouts: 0,
      // XOR's plane shows the untrained network's boundary (step 0), never the spiral's.
      boundaryStep: shown.boundaryStep === null ? null : '0',
    });
  }, 120_000);
});

/**
 * `npm start` serves the editor through Vite's dev server, which loads the training worker and its
 * dependencies module by module (unlike the production build the other browser tests use): the
 * worker must start a backend and get a graph ready to train there too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startDevServer } from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available)
  console.log(`dev-mode browser test skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

describe.skipIf(!available)('dev server (npm start, npm run web)', () => {
  let server: { url: string; stop: () => void } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startDevServer();
    browser = await launchChromium([
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-gpu-compositing',
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });

  it('starts the training worker and walks a step of the XOR example', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.url}?example=xor-slides`);
    // The first start bundles dependencies; allow for it.
    await page.waitForSelector('[data-testid=run-state][data-state=ready]', { timeout: 90_000 });
    await page.getByTestId('tab-training').click();
    await expect
      .poll(() => page.getByTestId('backend-name').textContent(), { timeout: 30_000 })
      .toMatch(/^(WebGPU|WebGL|WASM|CPU)$/);
    await page.getByTestId('step-mode-button').click();
    await expect
      .poll(() => page.getByTestId('step-loss').getAttribute('data-value'), { timeout: 60_000 })
      .toMatch(/^0\.0277/);
    expect(errors).toEqual([]);
  }, 120_000);
});

/**
 * End-to-end: image lessons in web mode. An MNIST graph opens on a fresh install with no errors
 * and a "Get MNIST" prompt; IDX files the user has are chosen in the Training tab, train, and are
 * still there after a reload (IndexedDB); step mode on shapes-cnn draws the conv window.
 * Set BPS_SHOTS=dir to keep screenshots of what it shows.
 */
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';
import { smallMnistFiles } from '../helpers/idx-server';

const available = chromiumAvailable();
if (!available) console.log(`skipping image data end-to-end tests: no Chromium at ${CHROMIUM_PATH}`);

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;
const shots = process.env.BPS_SHOTS;
const shot = async (name: string) => {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}.png` });
};

describe.skipIf(!available)('image data in web mode', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      mkdirSync('tests/e2e/artifacts', { recursive: true });
      await page.screenshot({ path: `tests/e2e/artifacts/${ctx.task.name.replace(/\W+/g, '-')}.png` });
    }
  });
  const testId = (id: string) => page.getByTestId(id);

  it('mnist-cnn opens with 0 errors and a Get MNIST prompt; chosen IDX files train and survive a reload', async () => {
    await page.goto(`${web!.url}?example=mnist-cnn`);
    await page.waitForSelector('[data-testid="canvas"]');
    await expect
      .poll(() => testId('problems-panel').textContent(), { timeout: 60_000 })
      .toContain('not on this machine yet');
    expect(await testId('problems-panel').textContent()).toContain('0 errors');
    await testId('tab-training').click();
    await expect.poll(() => testId('image-set-status').getAttribute('data-status')).toBe('missing');
    expect(await testId('get-image-set').textContent()).toBe('Get MNIST digits');
    await shot('mnist-missing');

    const files = smallMnistFiles();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), testId('choose-idx').click()]);
    await chooser.setFiles(
      Object.entries(files).map(([name, bytes], i) =>
        // One compressed, as downloaded; the others as unzipped files.
        i === 0
          ? { name: `${name}.gz`, mimeType: 'application/gzip', buffer: gzipSync(bytes) }
          : { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) },
      ),
    );
    await expect.poll(() => testId('image-set-status').getAttribute('data-status')).toBe('ready');
    await expect
      .poll(() => testId('dataset-summary').textContent(), { timeout: 60_000 })
      .toContain('MNIST digits (train): 36 training + 4 test examples');
    await shot('mnist-ready');

    await page.reload();
    await page.waitForSelector('[data-testid="canvas"]');
    await testId('tab-training').click();
    await expect.poll(() => testId('image-set-status').getAttribute('data-status')).toBe('ready');
    await expect
      .poll(() => testId('dataset-summary').textContent(), { timeout: 60_000 })
      .toContain('36 training');
  }, 180_000);

  it('step mode on shapes-cnn outlines the window of conv1’s first output', async () => {
    await page.goto(`${web!.url}?example=shapes-cnn`);
    await page.waitForSelector('[data-testid="run-state"][data-state="ready"]', { timeout: 90_000 });
    await testId('step-mode-button').click();
    await expect.poll(() => testId('step-counter').textContent(), { timeout: 60_000 }).toMatch(/^1\//);
    const title = () => testId('step-explanation').locator('.step-title').textContent();
    for (let i = 0; i < 10 && !/conv1 \(Conv2D\)/.test((await title()) ?? ''); i++)
      await testId('step-next').click();
    expect(await title()).toMatch(/Forward \d+\/\d+: conv1 \(Conv2D\)/);
    await expect.poll(() => testId('conv-window').count()).toBe(1);
    expect(await testId('conv-window-input').locator('[data-marked]').count()).toBe(9);
    expect(await testId('conv-window-output').locator('[data-marked]').count()).toBe(1);
    expect(await testId('step-explanation').textContent()).toContain(
      'output (0, 0) is computed from rows 0–2, columns 0–2 of x',
    );
    await testId('step-explanation').scrollIntoViewIfNeeded();
    await shot('conv-step');
  }, 180_000);
});

/**
 * The training coach as a student meets it in the browser: a perceptron trained on XOR is told it
 * can only draw a straight boundary; a ReLU network pushed with a huge learning rate is told its
 * units died, and one click switches the layer to leaky ReLU (undoable).
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  openGraphFile,
  startWebMode,
} from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available)
  console.log(`skipping coach end-to-end tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

/** Where the app remembers the chosen backend (renderer/run/client.ts). */
const BACKEND_KEY = 'backprop-studio.backend';

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (!available) return;
  web = await startWebMode();
  browser = await launchChromium();
}, 120_000);

afterEach(async () => {
  await page?.close();
});

afterAll(async () => {
  await browser?.close();
  web?.stop();
});

const testId = (id: string) => page.getByTestId(id);

async function openOnWasm(query: string): Promise<void> {
  page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
  await page.addInitScript(`localStorage.setItem(${JSON.stringify(BACKEND_KEY)}, 'wasm')`);
  await page.goto(`${web!.url}${query}`);
  await page.waitForSelector('[data-testid="canvas"]');
  await testId('tab-training').click();
  await expect.poll(() => testId('backend-name').textContent(), { timeout: 60_000 }).toBe('WASM');
}

async function trainToEnd(): Promise<void> {
  await page.waitForSelector('[data-testid="run-state"][data-state="ready"]', { timeout: 60_000 });
  await testId('train-button').click();
  await page.waitForSelector('[data-testid="run-state"][data-state="done"]', { timeout: 120_000 });
}

describe.skipIf(!available)('coach', () => {
  it('tells a perceptron on XOR that it can only draw a straight boundary, on the canvas and in the Training tab', async () => {
    await openOnWasm('?example=perceptron-xor');
    await trainToEnd();
    await expect
      .poll(() => testId('coach-banner').textContent(), { timeout: 10_000 })
      .toMatch(/straight boundary/);
    await testId('tab-inspector').click();
    await testId('coach-banner').click();
    await expect(testId('coach-linear-model').textContent()).resolves.toMatch(/non-linear activation/);
  });

  it('finds dead ReLUs after a far too large step and switches the layer to leaky ReLU in one click', async () => {
    const doc = JSON.parse(readFileSync('graphs/spiral-mlp.json', 'utf8'));
    doc.training.optimizer = { type: 'sgd', learningRate: 40 };
    doc.training.epochs = 3;
    await openOnWasm('');
    await openGraphFile(page, 'spiral-hot.json', JSON.stringify(doc));
    await trainToEnd();
    const advice = testId('coach-dead-relu');
    await expect.poll(() => advice.count(), { timeout: 10_000 }).toBe(1);
    await expect(advice.textContent()).resolves.toMatch(/units of "hidden" output 0 for every example/);
    await advice.getByRole('button', { name: 'Use leakyRelu in "hidden"' }).click();
    await expect.poll(() => testId('node-hidden').textContent()).toContain('leakyRelu');
    await page.keyboard.press('Control+z');
    await expect.poll(() => testId('node-hidden').textContent()).toContain('relu');
    await expect(testId('node-hidden').textContent()).resolves.not.toContain('leakyRelu');
  });
});

/**
 * Takes the README's screenshots from the real app in web mode (Debian Chromium, software
 * rendering): `npx tsx scripts/screenshots.ts`. Writes assets/screenshot-step.png (the slides' XOR
 * example in step mode, halfway back through the backward pass) and assets/screenshot-training.png
 * (the spiral MLP trained on WASM, with its decision boundary).
 */
import type { Page } from 'playwright-core';
import { launchChromium, startWebMode, switchBackend } from './web-mode';

const SIZE = { width: 1920, height: 1040 };

async function open(page: Page, url: string, example: string): Promise<void> {
  await page.goto(`${url}?example=${example}`);
  await page.waitForSelector('[data-testid=canvas]');
  await page.waitForSelector('[data-testid=run-state][data-state=ready]', { timeout: 60_000 });
}

const web = await startWebMode();
const browser = await launchChromium(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
try {
  const page = await browser.newPage({ viewport: SIZE });

  await open(page, web.url, 'xor-slides');
  await page.getByTestId('step-mode-button').click();
  await page.waitForSelector('[data-testid=step-explanation]', { timeout: 60_000 });
  // Forward pass done, then back to the hidden layer: dE/dh = dE/ds2 · W2ᵀ.
  for (let i = 0; i < 13 + 6; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('f');
  await page.getByTestId('tab-training').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'assets/screenshot-step.png' });

  await open(page, web.url, 'spiral-mlp');
  await switchBackend(page, 'wasm');
  await page.getByTestId('train-button').click();
  await page.waitForSelector('[data-testid=run-state][data-state=done]', { timeout: 300_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'assets/screenshot-training.png' });
  console.log('wrote assets/screenshot-step.png and assets/screenshot-training.png');
} finally {
  await browser.close();
  web.stop();
}

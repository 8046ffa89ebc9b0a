/**
 * End-to-end: the CSV import dialog reads in a worker. A 20 MB CSV shows its progress (rows and
 * bytes read) while the page stays responsive (a 50 ms timer never waits a second), and "Cancel
 * reading" stops it with nothing changed in the graph. Skips where no Chromium is installed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  chooseFileWith,
  chromiumAvailable,
  launchChromium,
  readTimerGap,
  startTimerGapProbe,
  startWebMode,
} from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available) console.log(`skipping CSV worker end-to-end tests: no Chromium at ${CHROMIUM_PATH}`);

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

/** About `megabytes` MB of CSV: a header and rows of eight numeric features and a class label. */
function bigCsv(megabytes: number): Buffer {
  const header = 'f0,f1,f2,f3,f4,f5,f6,f7,label\n';
  const lines: string[] = [header];
  let size = header.length;
  for (let i = 0; size < megabytes * 1e6; i++) {
    const line = `${Array.from({ length: 8 }, (_, j) => (((i * 31 + j * 17) % 1000) / 100).toFixed(2)).join(',')},${i % 3}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''));
}

describe.skipIf(!available)('CSV import in a worker (web mode)', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium(['--disable-gpu-compositing']);
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  it('shows progress for a 20 MB file, keeps the page responsive, and Cancel stops it', async () => {
    await page.goto(`${web!.url}?example=xor-mlp`);
    await page.waitForSelector('[data-testid="canvas"]');
    await page.getByTestId('tab-training').click();
    await expect(page.getByTestId('dataset-kind').inputValue()).resolves.toBe('xor');
    await page.getByTestId('dataset-kind').selectOption('csv');
    await page.getByTestId('csv-dialog').waitFor();
    const csv = bigCsv(20);

    // From disk: a file given as a buffer is rebuilt by Playwright in the page, on its main thread.
    const path = join(mkdtempSync(join(tmpdir(), 'bps-csv-')), 'big.csv');
    writeFileSync(path, csv);
    await chooseFileWith(page, page.getByTestId('csv-file'), path);
    // Measured once the app has the file: Chromium stalls the page for seconds while it takes a
    // 20 MB file from the chooser, before the input's change event: that is the harness, not the app.
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=csv-file]')?.textContent?.includes('big.csv'),
    );
    await startTimerGapProbe(page);
    await page.getByTestId('csv-preview').waitFor({ timeout: 30_000 });
    const header = await page.getByTestId('csv-preview').locator('th').allTextContents();
    expect(header.map((h) => h.trim()).at(-1)).toBe('label (label)');

    await page.getByTestId('csv-apply').click();
    // Progress from the full read: rows counted and bytes read, short of the whole file.
    await page.waitForFunction(
      () => {
        const p = document.querySelector('[data-testid=csv-progress][data-what=parse]');
        return p !== null && Number(p.getAttribute('data-rows')) > 0;
      },
      null,
      { timeout: 30_000, polling: 20 },
    );
    const progress = page.getByTestId('csv-progress');
    const rows = Number(await progress.getAttribute('data-rows'));
    const chars = Number(await progress.getAttribute('data-chars'));
    const total = Number(await progress.getAttribute('data-total'));
    expect(rows).toBeGreaterThan(0);
    expect(chars).toBeGreaterThan(0);
    expect(chars).toBeLessThan(total);
    expect(total).toBeGreaterThan(19e6);
    await expect(progress.textContent()).resolves.toMatch(/rows, [\d.]+ MB of [\d.]+ MB/);

    await page.getByTestId('csv-cancel').click();
    await expect(page.getByTestId('csv-progress').count()).resolves.toBe(0);
    await page.getByTestId('csv-stopped').waitFor();
    // Nothing was applied: the dialog is open, no error, and the graph still trains on XOR.
    await expect(page.getByTestId('csv-dialog').count()).resolves.toBe(1);
    await expect(page.getByTestId('csv-error').count()).resolves.toBe(0);
    // A cancelled read stays cancelled: no late reply applies it.
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('csv-dialog').count()).resolves.toBe(1);

    const gap = await readTimerGap(page);
    console.log(
      `CSV import of ${(csv.length / 1e6).toFixed(1)} MB: longest 50 ms timer gap ${gap.longest.toFixed(0)} ms`,
    );
    expect(gap.ticks).toBeGreaterThan(5);
    expect(gap.longest).toBeLessThan(1000);

    await page.getByTestId('csv-dialog').getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByTestId('csv-dialog').count()).resolves.toBe(0);
    await expect(page.getByTestId('dataset-kind').inputValue()).resolves.toBe('xor');
  }, 180_000);
});

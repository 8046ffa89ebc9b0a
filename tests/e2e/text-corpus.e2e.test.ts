/**
 * End-to-end: a corpus file chosen in the Training tab. A file without words is refused with a
 * message; a small corpus shows its format, first lines and vocabulary size, word2vec CBOW trains on
 * it, and the embedding view names the corpus's own words. A classifier's file with a line that
 * lacks its label is refused naming the line. Skips where no Chromium is installed; keeps a
 * screenshot in tests/e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available) console.log(`skipping corpus chooser test: no Chromium at ${CHROMIUM_PATH}`);

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

/** 14 distinct words, so the vocabulary (16 with <pad> and <unk>) fits the example's 33 rows. */
const CORPUS = [
  'we eat a ripe apple today',
  'we eat a ripe pear today',
  'the apple tree grows green',
  'the pear tree grows green',
  'a fresh apple is sweet',
  'a fresh pear is sweet',
].join('\n');

async function choose(name: string, text: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('choose-corpus').click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

describe.skipIf(!available)('corpus file chooser', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium(['--disable-gpu-compositing']);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  it('trains word2vec on a chosen corpus and shows its words', async () => {
    await page.goto(`${web!.url}?example=word2vec-cbow`);
    await page.waitForSelector('[data-testid="run-state"][data-state="ready"]', { timeout: 60_000 });
    await page.getByTestId('tab-training').click();
    expect(await page.getByTestId('text-corpus').textContent()).toContain('the built-in text');

    await choose('empty.txt', '!!!\n???\n');
    await expect
      .poll(() => page.getByTestId('corpus-error').textContent())
      .toMatch(/empty\.txt: the text has no words/);

    await choose('fruit.txt', CORPUS);
    await page.getByTestId('corpus-preview').waitFor();
    expect(await page.getByTestId('corpus-format').textContent()).toBe('one document per line');
    const distinct = new Set(CORPUS.split(/\s+/)).size;
    expect(await page.getByTestId('corpus-vocabulary').textContent()).toBe(String(distinct + 2));
    const preview = (await page.getByTestId('corpus-preview').textContent()) ?? '';
    expect(preview).toContain('6 documents');
    expect(preview).toContain('we eat a ripe apple today');
    expect(await page.locator('[data-testid=corpus-error]').count()).toBe(0);
    mkdirSync('tests/e2e/artifacts', { recursive: true });
    await page.getByTestId('text-corpus').screenshot({ path: 'tests/e2e/artifacts/corpus-preview.png' });

    await page.waitForSelector('[data-testid="run-state"][data-state="ready"]', { timeout: 60_000 });
    await page.getByTestId('train-button').click();
    await page.waitForSelector('[data-testid="run-state"][data-state="done"]', { timeout: 240_000 });
    await page.getByTestId('embedding-query').fill('apple');
    await page.getByTestId('embedding-nearest').waitFor({ timeout: 30_000 });
    const near = await page
      .locator('[data-testid=embedding-nearest] li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-word')));
    console.log(`corpus file: nearest to apple: ${near.join(', ')}`);
    const vocabulary = new Set(['<pad>', '<unk>', ...CORPUS.split(/\s+/)]);
    // Rows past the corpus's 16 entries have no word; every named neighbour is one of the corpus's.
    expect(near.filter((w) => w !== null && !/^#\d+$/.test(w)).every((w) => vocabulary.has(w!))).toBe(true);
    expect(near).toContain('pear');
    await page.screenshot({ path: 'tests/e2e/artifacts/corpus-word2vec.png' });
  }, 360_000);

  it('refuses a classifier corpus line without its label, naming the line', async () => {
    await page.getByTestId('dataset-kind').selectOption('text-sentences');
    await choose('reviews.txt', 'pos\tgreat film\nthis line has no label\n');
    await expect
      .poll(() => page.getByTestId('corpus-error').textContent())
      .toMatch(/reviews\.txt: line 2: expected "label<TAB>sentence"/);
  }, 60_000);
});

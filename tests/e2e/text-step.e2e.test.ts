/**
 * End-to-end: the word2vec CBOW example opens with no problems and trains, and step mode writes out
 * the lecture's lines with the words of the data set's vocabulary: the looked-up rows, the
 * hidden-layer error Σⱼ (yⱼ − tⱼ) θ′ⱼ and both SGD updates (the table rows that move, and
 * θ′ ← θ′ − η (y − t) zᵀ) with their numbers. Skips where no Chromium is installed; keeps a screenshot in
 * tests/e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available) console.log(`skipping word2vec step test: no Chromium at ${CHROMIUM_PATH}`);

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

const title = async () =>
  (await page.locator('[data-testid="step-explanation"] .step-title').textContent()) ?? '';
/** Next step, clicked as a person does: the step card never covers the button. */
const next = () => page.getByTestId('step-next').click();
const lines = () => page.locator('[data-testid="step-explanation"] .step-line').allTextContents();

describe.skipIf(!available)('word2vec in step mode', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium(['--disable-gpu-compositing']);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  it('names the rows of the embedding table by their words', async () => {
    await page.goto(`${web!.url}?example=word2vec-cbow`);
    await page.waitForSelector('[data-testid="run-state"][data-state="ready"]', { timeout: 60_000 });
    expect(await page.getByTestId('problems-panel').textContent()).toContain('0 errors');

    await page.getByTestId('step-mode-button').click();
    await expect.poll(title, { timeout: 30_000 }).toMatch(/Forward/);
    for (let i = 0; i < 12 && !/: theta \(Embedding\)/.test(await title()); i++) await next();
    const lookup = (await lines()).join('\n');
    expect(lookup).toContain('Lookup: each id k picks row k');
    // The first example's context: "the cat sat …" has <pad>, <pad> before "the".
    expect(lookup).toMatch(/row \d+ \((the|cat|sat|<pad>)\) = \[/);

    // The output layer's backward event: the hidden-layer error with θ′ in full, numbers in.
    for (let i = 0; i < 40 && !/Backward \d+\/\d+: z \(Mean\)/.test(await title()); i++) await next();
    const hidden = (await lines()).join('\n');
    expect(hidden).toContain("The lecture's hidden-layer error: dE/dz = Σⱼ (yⱼ − tⱼ) θ′ⱼ");
    expect(hidden).toMatch(/= \(−?\d[\d.e−-]*·\[−?\d/);

    for (let i = 0; i < 40 && !/Update \d+\/\d+: theta\/embeddings/.test(await title()); i++) await next();
    const update = (await lines()).join('\n');
    expect(update).toMatch(/Only the rows of the ids in this step get a gradient: rows? \d+ \(/);
    // Plain SGD, as the lecture: each moved row written out as old − η · dE = new.
    expect(update).toMatch(/theta\/embeddings\[\S+\] ← \[[^\]]+\] − 1 · dE = \[/);

    for (let i = 0; i < 5 && !/Update \d+\/\d+: scores\/kernel/.test(await title()); i++) await next();
    const output = (await lines()).join('\n');
    expect(output).toContain("The lecture's update of the output vectors: θ′_ji ← θ′_ji − η (y_j − t_j) z_i");
    expect(output).toMatch(
      /θ′_\S+: dE\/dθ′_\S+ = \[[^\]]+\] · −?\d[^=]*= \[[^\]]+\], Δθ′_\S+ = −1 · dE\/dθ′_\S+ = \[/,
    );
    mkdirSync('tests/e2e/artifacts', { recursive: true });
    await page.screenshot({ path: 'tests/e2e/artifacts/word2vec-step.png' });
  }, 120_000);

  it('trains skip-gram with negative sampling and steps through its loss', async () => {
    await page.goto(`${web!.url}?example=word2vec-negsampling`);
    await page.waitForSelector('[data-testid="run-state"][data-state="ready"]', { timeout: 60_000 });
    expect(await page.getByTestId('problems-panel').textContent()).toContain('0 errors');
    await page.getByTestId('step-mode-button').click();
    await expect.poll(title, { timeout: 30_000 }).toMatch(/Forward/);
    for (let i = 0; i < 12 && !/Forward \d+\/\d+: loss/.test(await title()); i++) await next();
    const loss = (await lines()).join('\n');
    expect(loss).toContain('E = −log σ(u_c·z) − Σₖ log σ(−u_nₖ·z)');
    for (let i = 0; i < 30 && !/Update \d+\/\d+: loss\/output/.test(await title()); i++) await next();
    const update = (await lines()).join('\n');
    expect(update).toMatch(
      /Negative sampling: only the output vectors of the true context word c = \S+ and of the 5 drawn words/,
    );
    expect(update).toMatch(/u_\S+ \(true context word[^)]*\): u·z = −?\d.*← \[/);
    await page.screenshot({ path: 'tests/e2e/artifacts/word2vec-negsampling-step.png' });
    await page.getByTestId('step-mode-button').click();

    await page.getByTestId('tab-training').click();
    await page.getByTestId('train-button').click();
    await page.waitForSelector('[data-testid="run-state"][data-state="done"]', { timeout: 240_000 });
    await page.getByTestId('embedding-query').fill('cat');
    await page.getByTestId('embedding-nearest').waitFor({ timeout: 30_000 });
    const near = await page
      .locator('[data-testid=embedding-nearest] li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-word')));
    console.log(`word2vec-negsampling: nearest to cat: ${near.join(', ')}`);
    expect(near[0]).toBe('dog');
    await page.screenshot({ path: 'tests/e2e/artifacts/word2vec-negsampling.png' });
  }, 360_000);
});

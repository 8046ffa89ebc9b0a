/**
 * End-to-end: step mode stays readable when the canvas is zoomed out. On the slides' XOR network,
 * zoomed out to well under 100 %, the readout card shows the focused node's value, gradient and
 * formula in a font of at least 12 px beside the node without covering it; z1's chain line shows
 * the sigmoid's derivative dh/dz1 = h · (1 − h) with 0.0898 and 0.1398; the forward walk leaves
 * the Parameters and the Target out until asked. Skips where no Chromium is installed; keeps a
 * screenshot in tests/e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available) console.log(`skipping step readability test: no Chromium at ${CHROMIUM_PATH}`);

const ARTIFACTS = 'tests/e2e/artifacts';
let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

const testId = (id: string) => page.getByTestId(id);
const title = async () =>
  (await page.locator('[data-testid="step-explanation"] .step-title').textContent()) ?? '';

/** The canvas zoom, from React Flow's viewport transform. */
async function zoom(): Promise<number> {
  const t = await page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
  const m = /matrix\(([^,]+)/.exec(t);
  return m ? Number(m[1]) : 1;
}

/** Font size in px of the first element matching `selector`. */
const fontSize = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

describe.skipIf(!available)('step mode readability', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium(['--disable-gpu-compositing']);
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  it('shows the focused node’s numbers in a readable card at a small zoom', async () => {
    await page.goto(`${web!.url}?example=xor-slides`);
    await page.waitForSelector('[data-testid="run-state"][data-state="ready"]', { timeout: 60_000 });
    // Zoom well out: the nodes' own readouts become too small to read.
    for (let i = 0; i < 4; i++) await page.locator('.react-flow__controls-zoomout').click();
    await expect.poll(zoom).toBeLessThan(0.6);

    await testId('step-mode-button').click();
    // Without Parameters and the Target: 8 forward, 13 backward, 4 updates.
    await expect.poll(() => testId('step-counter').textContent(), { timeout: 30_000 }).toBe('1/25');
    await testId('step-next').click();
    await expect.poll(title).toMatch(/^ ?Forward 2\/8: s1 \(MatMul\)/);

    // On to the backward event of z1.
    for (let i = 0; i < 30 && !/Backward \d+\/13: z1 /.test(await title()); i++)
      await testId('step-next').click();
    expect(await title()).toMatch(/Backward 6\/13: z1 \(Add\)/);

    // The chain line through h carries the sigmoid's derivative with h's numbers.
    const local = (await testId('step-local').first().textContent()) ?? '';
    expect(local).toContain('h (Sigmoid)');
    expect(local).toContain('dh/dz1 = h · (1 − h)');
    expect(local).toContain('= [0.0898, 0.1398]');
    expect(await testId('step-explanation').textContent()).not.toContain('dC/dA');
    expect(await testId('step-note').first().textContent()).toContain('0.2055');

    // The card: z1's value, gradient and formula, readable, beside the node and not over it.
    const card = testId('step-card');
    await expect.poll(() => card.getAttribute('data-node')).toBe('z1');
    expect(await testId('step-card-value').textContent()).toBe('z1 = [2.2, −1.6]');
    expect(await testId('step-card-grad').textContent()).toBe('dE/dz1 = [−0.01713, 0.03081]');
    expect(await card.textContent()).toContain('dh/dz1 = h · (1 − h)');
    expect(await zoom()).toBeLessThan(0.6);
    for (const s of [
      '[data-testid="step-card-value"]',
      '[data-testid="step-card-grad"]',
      '.step-card-formula',
    ])
      expect(await fontSize(s), s).toBeGreaterThanOrEqual(12);
    // The node's own readout is scaled with the canvas: what the card is for.
    const nodeFont = (await fontSize('[data-testid="node-grad-z1"]')) * (await zoom());
    expect(nodeFont).toBeLessThan(12);
    const cardBox = (await card.boundingBox())!;
    const nodeBox = (await testId('node-z1').boundingBox())!;
    const overlap =
      cardBox.x < nodeBox.x + nodeBox.width &&
      nodeBox.x < cardBox.x + cardBox.width &&
      cardBox.y < nodeBox.y + nodeBox.height &&
      nodeBox.y < cardBox.y + cardBox.height;
    expect(overlap, JSON.stringify({ cardBox, nodeBox })).toBe(false);
    const canvasBox = (await testId('canvas').boundingBox())!;
    expect(cardBox.y + cardBox.height).toBeLessThanOrEqual(canvasBox.y + canvasBox.height + 1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/step-readability.png` });

    // Asked for, the Parameters and the Target are back in the walk.
    await testId('step-show-setup').check();
    await expect.poll(() => testId('step-counter').textContent()).toMatch(/\/30$/);
  });
});

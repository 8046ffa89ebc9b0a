/**
 * End-to-end: the hidden units' maps on the canvas and the boundary's plane through more than two
 * features, in Debian's Chromium driven by playwright-core (WASM backend). xor-mlp's hidden layer
 * shows its four units as heatmaps that vary over the plane after training; the boundary's points
 * are counted and the misclassified ones marked; a three-feature data set gets plane fields whose
 * choice comes back on the next grid. Screenshots go to tests/e2e/artifacts/. Skips (with the
 * reason printed) where no Chromium is installed.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  canvasColourCounts,
  chromiumAvailable,
  launchChromium,
  openGraphFile,
  startWebMode,
  switchBackend,
} from '../../scripts/web-mode';

const available = chromiumAvailable();
if (!available)
  console.log(
    `skipping unit map end-to-end tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  );

const ARTIFACTS = 'tests/e2e/artifacts';

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

const attr = (id: string, name: string) => page.getByTestId(id).getAttribute(name);

async function waitState(state: string, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`[data-testid=run-state][data-state=${state}]`, { timeout });
}

describe.skipIf(!available)('hidden unit maps (web mode, WASM)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    web = await startWebMode();
    browser = await launchChromium(['--disable-gpu-compositing']);
    // A high-DPI screen: the boundary's backing store follows the pixel ratio.
    page = await browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 2 });
    page.on('dialog', (d) => void d.accept());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  it('shows each hidden unit of xor-mlp over the plane, varying after training', async () => {
    await page.goto(`${web!.url}?example=xor-mlp`);
    await page.waitForSelector('[data-testid="canvas"]');
    await switchBackend(page, 'wasm');
    // The untrained network's maps come with the first grid.
    await page.getByTestId('unit-maps-hidden').waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-training').click();
    expect(await attr('decision-boundary', 'width')).toBe('600');
    // Untrained, some of the four points may be wrong: each is counted (and ringed).
    expect(Number(await attr('decision-boundary', 'data-misclassified'))).toBeGreaterThanOrEqual(0);
    await page.getByTestId('decision-boundary').screenshot({ path: `${ARTIFACTS}/unit-maps-boundary-0.png` });
    await page.getByTestId('train-button').click();
    await waitState('done', 120_000);
    await expect.poll(async () => Number(await attr('unit-maps-hidden', 'data-step'))).toBeGreaterThan(0);

    // Four units, each a heatmap with many colours (a uniform canvas has one).
    const colours = await canvasColourCounts(page, '[data-testid=unit-maps-hidden]');
    expect(colours).toHaveLength(4);
    for (const c of colours) expect(c, `colours per unit map: ${colours.join(', ')}`).toBeGreaterThan(20);
    // The output node is the prediction itself, not a hidden node.
    expect(await page.getByTestId('unit-maps-output').count()).toBe(0);

    // The four XOR points are drawn; a trained network gets them right.
    expect(await attr('decision-boundary', 'data-points')).toBe('4');
    expect(await attr('decision-boundary', 'data-misclassified')).toBe('0');
    await page.screenshot({ path: `${ARTIFACTS}/unit-maps.png` });
    await page.getByTestId('node-hidden').screenshot({ path: `${ARTIFACTS}/unit-maps-node.png` });
    await page.getByTestId('decision-boundary').screenshot({ path: `${ARTIFACTS}/unit-maps-boundary.png` });
  }, 240_000);

  it('draws the boundary of three features over the plane chosen, the others fixed', async () => {
    const doc = JSON.parse(readFileSync('graphs/xor-mlp.json', 'utf8')) as {
      nodes: { id: string; params: Record<string, unknown> }[];
      training: Record<string, unknown>;
    };
    const features: number[][] = [];
    const labels: number[][] = [];
    for (let i = 0; i < 40; i++) {
      const row = [Math.sin(i), (i % 5) - 2, Math.cos(3 * i) * 4];
      features.push(row);
      labels.push([row[0] * row[2] > 0 ? 1 : 0]);
    }
    doc.nodes.find((n) => n.id === 'x')!.params.shape = [3];
    doc.training.dataset = { kind: 'inline', features, labels };
    await openGraphFile(page, 'three-features.json', JSON.stringify(doc));
    await waitState('ready');
    await page.getByTestId('tab-training').click();
    await page.getByTestId('boundary-plane').waitFor({ timeout: 30_000 });
    // Features 1 and 2 on the axes at first; the third fixed by a slider.
    expect(await page.getByTestId('plane-x').inputValue()).toBe('0');
    expect(await page.getByTestId('plane-y').inputValue()).toBe('1');
    expect(await page.getByTestId('plane-fixed-2').count()).toBe(1);

    await page.getByTestId('plane-y').selectOption('2');
    // The next grid is of the plane chosen: its slider is now feature 2's (index 1).
    await page.getByTestId('plane-fixed-1').waitFor();
    expect(await page.getByTestId('plane-fixed-2').count()).toBe(0);
    await page.getByTestId('train-button').click();
    await waitState('done', 120_000);
    await expect.poll(async () => Number(await attr('decision-boundary', 'data-step'))).toBeGreaterThan(0);
    expect(await page.getByTestId('plane-y').inputValue()).toBe('2');
    expect(await attr('decision-boundary', 'data-points')).toBe('40');
    const colours = await canvasColourCounts(page, '[data-testid=unit-maps-hidden]');
    expect(colours).toHaveLength(4);
    for (const c of colours) expect(c).toBeGreaterThan(20);
    await page.getByTestId('training-panel').screenshot({ path: `${ARTIFACTS}/unit-maps-slice.png` });
  }, 240_000);
});

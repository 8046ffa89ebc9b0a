/**
 * End-to-end: big graphs and graphs the registry cannot fully read, in the editor in web mode
 * (Debian's Chromium driven by playwright-core). Skips where no Chromium is installed. Timings are
 * printed, not asserted tightly: the machines that run this are shared and slow.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serializeGraph } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  openGraphFile,
  startWebMode,
} from '../../scripts/web-mode';
import { chainGraph } from '../../bench/big-graphs';
import { ADDRESS_LIMIT, encodeGraph, writeFragment } from '../../renderer/share/address';

const available = chromiumAvailable();
if (!available)
  console.log(
    `skipping big-graph end-to-end tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  );

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;
/** Uncaught errors of the current page. */
let errors: string[] = [];

/** Opens a fresh editor page, recording its uncaught errors. */
async function open(): Promise<void> {
  page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
  errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(web!.url);
  await page.waitForSelector('[data-testid="canvas"]');
  await page.bringToFront();
}

/**
 * Opens `doc` through Open… and resolves to the milliseconds until nodes are on screen; fails on
 * a blank page or an uncaught error (a stack overflow) instead of waiting out the timeout.
 */
async function openTimed(doc: GraphDoc, timeoutMs: number): Promise<number> {
  const text = serializeGraph(doc);
  const start = Date.now();
  await openGraphFile(page, 'big.json', text);
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.react-flow__node').length > 0 ||
      !document.querySelector('[data-testid="canvas"]'),
    null,
    { timeout: timeoutMs, polling: 100 },
  );
  const elapsed = Date.now() - start;
  expect(errors).toEqual([]);
  await expect(page.getByTestId('canvas').count()).resolves.toBe(1);
  expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);
  return elapsed;
}

describe.skipIf(!available)('big graphs in the editor', () => {
  beforeAll(async () => {
    web = await startWebMode();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('tests/e2e/artifacts', { recursive: true });
      await page.screenshot({ path: `tests/e2e/artifacts/${ctx.task.name.replace(/\W+/g, '-')}.png` });
    }
    await page?.close();
  });

  it('opens a 5,000-node chain listed loss first and draws its nodes (no blank page, no stack overflow)', async () => {
    await open();
    const ms = await openTimed(chainGraph(5000), 60_000);
    console.log(`5,000-node chain: nodes on screen ${ms} ms after choosing the file`);
    await expect(page.getByTestId('file-name').textContent()).resolves.toContain('big.json');
    // The page still answers: the problems panel has checked the graph.
    await expect(page.getByTestId('problems-panel').textContent()).resolves.toContain('0 errors');
  }, 180_000);

  it('opens a 1,000-node chain (prints the time)', async () => {
    await open();
    const ms = await openTimed(chainGraph(1000), 60_000);
    console.log(`1,000-node chain: nodes on screen ${ms} ms after choosing the file`);
    // Drawing only what is in view: far fewer node elements than nodes.
    const drawn = await page.locator('.react-flow__node').count();
    console.log(`1,000-node chain: ${drawn} node elements in the page`);
    expect(drawn).toBeLessThan(1000);
  }, 120_000);

  it('in a 1,000-node chain, edges stay on the ports of a node selected and of a node edited, before and after its size is kept', async () => {
    await open();
    await openTimed(chainGraph(1000), 60_000);
    // The screen distance from the end of each edge into `id` to that node's input port (its box).
    const gaps = (id: string) =>
      page.evaluate((nodeId) => {
        const port = document.querySelector(
          `.react-flow__node[data-id="${nodeId}"] .react-flow__handle-left`,
        );
        if (!port) return null;
        const r = port.getBoundingClientRect();
        const out: number[] = [];
        for (const path of Array.from(
          document.querySelectorAll<SVGPathElement>(
            `.react-flow__edge[data-id$="->${nodeId}:in"] path.react-flow__edge-path`,
          ),
        )) {
          const end = path.getPointAtLength(path.getTotalLength());
          const m = path.getScreenCTM()!;
          const x = m.a * end.x + m.c * end.y + m.e;
          const y = m.b * end.x + m.d * end.y + m.f;
          // To the port's box, not its centre: React Flow ends an edge on the port's outer side,
          // half a port (4.5 px at 100 %) from its centre.
          const dx = Math.max(r.left - x, 0, x - r.right);
          const dy = Math.max(r.top - y, 0, y - r.bottom);
          out.push(Math.hypot(dx, dy));
        }
        return out;
      }, id);
    // A Dense node (even n…) in view with its incoming edge in view (near the opening corner); a
    // big graph's edges are drawn a task after its nodes.
    await page.waitForSelector('.react-flow__edge');
    const id = await page.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll('.react-flow__edge')))
        for (const n of Array.from(document.querySelectorAll('.react-flow__node'))) {
          const nid = n.getAttribute('data-id')!;
          if (/^n\d*[02468]$/.test(nid) && el.getAttribute('data-id')?.endsWith(`->${nid}:in`)) return nid;
        }
      return null;
    });
    expect(id, 'a node with its incoming edge in view').not.toBeNull();
    // At once (its measured size may not be handed back yet) and once the page is quiet.
    await page.getByTestId(`node-${id}`).locator('.op-node-title').click();
    await page.waitForTimeout(100);
    for (const g of (await gaps(id!))!) expect(g).toBeLessThan(3);
    await page.waitForTimeout(1000);
    for (const g of (await gaps(id!))!) expect(g).toBeLessThan(3);
    expect(await page.getByTestId(`node-${id}`).getAttribute('class')).toContain('selected');
    // An edit of that node (a Dense's units) redraws it with its edges on its ports.
    await page.getByTestId('param-units').fill('5');
    await page.waitForTimeout(1000);
    const after = (await gaps(id!))!;
    expect(after.length).toBeGreaterThan(0);
    for (const g of after) expect(g).toBeLessThan(3);
    expect(errors).toEqual([]);
  }, 120_000);

  it('in a 1,000-node chain, an edit is drawn at once and checked in the next task: shapes and problems follow it', async () => {
    await open();
    await openTimed(chainGraph(1000), 60_000);
    // The loss end of the chain is listed first; the input's corner is in view: x → n0 (Dense 8) → n1 (ReLU).
    await expect(page.getByTestId('shape-n1').textContent()).resolves.toContain('8');
    await page.getByTestId('node-n0').locator('.op-node-title').click();
    await page.getByTestId('param-units').fill('5');
    // The ReLU after it takes the new width once the edited document is checked.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="shape-n1"]')?.textContent?.includes('5'),
      null,
      {
        timeout: 10_000,
      },
    );
    // Deleting n0 leaves n1 without an input: its problem shows, from the deferred check.
    await page.getByTestId('node-n0').locator('.op-node-title').click();
    await page.keyboard.press('Delete');
    await page.waitForSelector('[data-testid="badge-n1"]', { timeout: 10_000 });
    expect(await page.getByTestId('node-n0').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  for (const [which, fit] of [
    ["the canvas's fit button", (p: Page) => p.locator('.react-flow__controls-fitview')],
    ["the toolbar's Fit", (p: Page) => p.getByRole('button', { name: 'Fit', exact: true })],
  ] as const)
    it(`${which} shows a 1,000-node chain whole, though React Flow is handed only the nodes near the view`, async () => {
      await open();
      await openTimed(chainGraph(1000), 60_000);
      // The opening view is the input's corner: the loss, at the far end of the chain, is not drawn.
      await expect(page.locator('.react-flow__node[data-id="loss"]').count()).resolves.toBe(0);
      await fit(page).click();
      await expect
        .poll(() => page.locator('.react-flow__node[data-id="loss"]').count(), { timeout: 10_000 })
        .toBe(1);
      await expect(page.locator('.react-flow__node[data-id="x"]').count()).resolves.toBe(1);
      const zoom = await page.evaluate(() =>
        Number(
          /scale\(([\d.]+)\)/.exec(
            document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform,
          )?.[1],
        ),
      );
      expect(zoom).toBeLessThan(0.5);
      expect(errors).toEqual([]);
    }, 120_000);

  it('a big graph in the page address is drawn when the page starts (before the canvas has a size)', async () => {
    const encoded = await encodeGraph(chainGraph(400));
    expect(encoded.length).toBeLessThan(ADDRESS_LIMIT);
    page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
    errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web!.url}${writeFragment(encoded, 'chain.json')}`);
    await page.waitForSelector('[data-testid="canvas"]');
    await expect
      .poll(() => page.locator('.react-flow__node').count(), { timeout: 20_000 })
      .toBeGreaterThan(10);
    await expect
      .poll(() => page.locator('.react-flow__edge').count(), { timeout: 20_000 })
      .toBeGreaterThan(10);
    expect(errors).toEqual([]);
  }, 120_000);

  it('a 5,000-node chain has a minimap of all its nodes, and a click on it moves the view there', async () => {
    await open();
    await openTimed(chainGraph(5000), 60_000);
    const minimap = page.getByTestId('canvas-minimap');
    await expect(minimap.count()).resolves.toBe(1);
    // Its canvas has the nodes drawn (more than the background's one colour).
    const colours = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="canvas-minimap"] canvas')!;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(1);
    const viewport = () =>
      page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform);
    const before = await viewport();
    const box = (await minimap.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 10);
    await expect.poll(viewport).not.toBe(before);
    // The nodes drawn now are from the end of the chain, not its start.
    await expect
      .poll(() => page.locator('.react-flow__node[data-id="x"]').count(), { timeout: 10_000 })
      .toBe(0);
    await expect(page.locator('.react-flow__node').count()).resolves.toBeGreaterThan(0);
    // React Flow is handed only the edges near the view, renewed when the move ends: the edges
    // into the nodes drawn there are drawn too.
    const edgesIntoDrawnNodes = () =>
      page.evaluate(() => {
        const drawn = new Set(
          Array.from(document.querySelectorAll('.react-flow__node')).map((n) => n.getAttribute('data-id')),
        );
        return Array.from(document.querySelectorAll('.react-flow__edge')).filter((e) => {
          const target = /->([^:]+):/.exec(e.getAttribute('data-id') ?? '')?.[1];
          return target !== undefined && drawn.has(target);
        }).length;
      });
    await expect.poll(edgesIntoDrawnNodes, { timeout: 10_000 }).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  }, 120_000);

  it('draws a node with an unknown op as an error node that can be selected and deleted', async () => {
    await open();
    const doc: GraphDoc = {
      schemaVersion: 1,
      name: 'unknown op',
      nodes: [
        { id: 'x', op: 'Input', params: { shape: [2] } },
        { id: 'mystery', op: 'Frobnicate', params: {} },
        { id: 'y', op: 'Dense', params: { units: 1 } },
      ],
      edges: [
        { source: 'x', sourcePort: 'out', target: 'mystery', targetPort: 'in' },
        { source: 'mystery', sourcePort: 'out', target: 'y', targetPort: 'in' },
      ],
      layout: { nodes: { x: { x: 0, y: 0 }, mystery: { x: 260, y: 0 }, y: { x: 520, y: 0 } } },
      training: {
        dataset: { kind: 'xor' },
        testSplit: 0,
        shuffle: true,
        lossWeights: {},
        optimizer: { type: 'sgd', learningRate: 0.1 },
        batchSize: 4,
        epochs: 1,
        seed: 1,
      },
    };
    await openTimed(doc, 30_000);
    const node = page.getByTestId('node-mystery');
    await expect(node.count()).resolves.toBe(1);
    await expect(node.textContent()).resolves.toContain('Frobnicate');
    await expect(node.textContent()).resolves.toContain('unknown op');
    await node.click();
    await expect(
      page.locator('.react-flow__node.selected [data-testid="node-mystery"]').count(),
    ).resolves.toBe(1);
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('node-mystery').count()).resolves.toBe(0);
    await expect
      .poll(() => page.getByTestId('problems-panel').textContent(), { timeout: 10_000 })
      .not.toContain('Frobnicate');
    expect(errors).toEqual([]);
  }, 60_000);
});

/**
 * Frame times of the editor canvas with a generated 300-node graph, in Debian's Chromium (software
 * rendering through SwiftShader here, so the numbers compare idle vs pan vs drag, not machines):
 * `tsx bench/canvas-frames.ts`. Prints, asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { serializeGraph } from '../src/graph/load';
import type { GraphDoc } from '../src/graph/types';

/** A 300-node ladder: Input → (Dense → ReLU) × 149 → loss, laid out on a grid. */
function bigGraph(): GraphDoc {
  const nodes: GraphDoc['nodes'] = [{ id: 'x', op: 'Input', params: { shape: [4] } }];
  const edges: GraphDoc['edges'] = [];
  const layout: GraphDoc['layout'] = { nodes: { x: { x: 0, y: 0 } } };
  let prev = 'x';
  for (let i = 0; i < 149; i++) {
    const d = `d${i}`;
    const a = `a${i}`;
    nodes.push({ id: d, op: 'Dense', params: { units: 4 } }, { id: a, op: 'ReLU', params: {} });
    edges.push(
      { source: prev, sourcePort: 'out', target: d, targetPort: 'in' },
      { source: d, sourcePort: 'out', target: a, targetPort: 'in' },
    );
    layout.nodes[d] = { x: ((2 * i + 1) % 20) * 220, y: Math.floor((2 * i + 1) / 20) * 130 };
    layout.nodes[a] = { x: ((2 * i + 2) % 20) * 220, y: Math.floor((2 * i + 2) / 20) * 130 };
    prev = a;
  }
  nodes.push({ id: 'loss', op: 'MSE', params: {} });
  edges.push(
    { source: prev, sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
    { source: prev, sourcePort: 'out', target: 'loss', targetPort: 'target' },
  );
  layout.nodes.loss = { x: 0, y: 16 * 130 };
  return {
    schemaVersion: 1,
    name: '300 nodes',
    nodes,
    edges,
    layout,
    training: {
      dataset: { kind: 'linear', features: 4 },
      testSplit: 0,
      shuffle: true,
      lossWeights: {},
      optimizer: { type: 'sgd', learningRate: 0.01 },
      batchSize: 32,
      epochs: 1,
      seed: 1,
    },
  };
}

/** Records frame intervals while `action` runs. */
async function frames(page: Page, action: () => Promise<void>): Promise<number[]> {
  // Passed as text: tsx would wrap a function with helpers the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await action();
  return page.evaluate<number[]>('(window.__stop = true, window.__frames.slice(2))');
}

function summary(name: string, f: number[]): string {
  const s = [...f].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  const median = q(0.5);
  return `${name.padEnd(22)} ${String(f.length).padStart(6)} ${median.toFixed(1).padStart(10)} ${q(0.95).toFixed(1).padStart(8)} ${(1000 / median).toFixed(0).padStart(8)}`;
}

/** Runs the canvas frame-time benchmark and prints its table. */
export async function runCanvasFrames(): Promise<void> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) {
    console.log(`canvas-frames: no Chromium at ${chromiumPath}; install it with apt-get install chromium`);
    return;
  }
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
    stdio: 'inherit',
  });
  const port = 5299;
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--strictPort'],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 2000));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`http://localhost:${port}/`);
    await page.waitForSelector('[data-testid="canvas"]');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open…' }).click(),
    ]);
    await chooser.setFiles({
      name: 'big.json',
      mimeType: 'application/json',
      buffer: Buffer.from(serializeGraph(bigGraph())),
    });
    await page.waitForSelector('[data-testid="node-loss"]', { state: 'attached' });
    await page.waitForTimeout(1000);
    const box = (await page.getByTestId('canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const idle = await frames(page, () => page.waitForTimeout(2000));
    const pan = await frames(page, async () => {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(cx - i * 6, cy - i * 3);
      await page.mouse.up();
    });
    const zoom = await frames(page, async () => {
      for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -100 : 100);
    });
    const node = page.locator('.react-flow__node').first();
    const nb = (await node.boundingBox())!;
    const drag = await frames(page, async () => {
      await page.mouse.move(nb.x + 20, nb.y + 10);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(nb.x + 20 + i * 4, nb.y + 10 + i * 2);
      await page.mouse.up();
    });
    console.log('Editor canvas, 300 nodes, 299 edges (Chromium + SwiftShader, software rendering)');
    console.log(
      `${'action'.padEnd(22)} ${'frames'.padStart(6)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'fps'.padStart(8)}`,
    );
    console.log(summary('idle', idle));
    console.log(summary('pan', pan));
    console.log(summary('zoom', zoom));
    console.log(summary('drag a node', drag));
  } finally {
    await browser.close();
    server.kill();
  }
}

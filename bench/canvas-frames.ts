/**
 * Frame times of the editor canvas with a generated 300-node graph, in Debian's Chromium (software
 * rendering through SwiftShader here, so the numbers compare idle vs pan vs drag, not machines):
 * `tsx bench/canvas-frames.ts`. Prints, asserts nothing.
 */
import { serializeGraph } from '../src/graph/load';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  openGraphFile,
  recordFrames,
  startWebMode,
} from '../scripts/web-mode';
import { ladderGraph } from './large-graph';

function summary(name: string, f: number[]): string {
  const s = [...f].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  const median = q(0.5);
  return `${name.padEnd(22)} ${String(f.length).padStart(6)} ${median.toFixed(1).padStart(10)} ${q(0.95).toFixed(1).padStart(8)} ${(1000 / median).toFixed(0).padStart(8)}`;
}

/** Runs the canvas frame-time benchmark and prints its table. */
export async function runCanvasFrames(): Promise<void> {
  if (!chromiumAvailable()) {
    console.log(`canvas-frames: no Chromium at ${CHROMIUM_PATH}; install it with apt-get install chromium`);
    return;
  }
  const web = await startWebMode();
  const browser = await launchChromium(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(web.url);
    await page.waitForSelector('[data-testid="canvas"]');
    await openGraphFile(page, 'big.json', serializeGraph(ladderGraph(300)));
    await page.waitForSelector('[data-testid="node-loss"]', { state: 'attached' });
    await page.waitForTimeout(1000);
    const box = (await page.getByTestId('canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const idle = await recordFrames(page, () => page.waitForTimeout(2000));
    const pan = await recordFrames(page, async () => {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(cx - i * 6, cy - i * 3);
      await page.mouse.up();
    });
    const zoom = await recordFrames(page, async () => {
      for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -100 : 100);
    });
    // Grab a node by its title (at this zoom a corner of the node is already a port).
    const title = (await page.locator('[data-testid="node-n10"] .op-node-title').boundingBox())!;
    const tx = title.x + title.width / 2;
    const ty = title.y + title.height / 2;
    const drag = await recordFrames(page, async () => {
      await page.mouse.move(tx, ty);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(tx + i * 4, ty + i * 2);
      await page.mouse.up();
    });
    // Drawing a new edge from the Input's port across the graph (the worst case for the cycle check) (isValidConnection runs as it moves).
    const port = (await page.locator('[data-testid="node-x"] .react-flow__handle.source').boundingBox())!;
    const connect = await recordFrames(page, async () => {
      await page.mouse.move(port.x + port.width / 2, port.y + port.height / 2);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(port.x + i * 6, port.y + i * 3);
      await page.mouse.up();
    });
    console.log('Editor canvas, generated 300-node ladder (Chromium + SwiftShader, software rendering)');
    console.log(
      `${'action'.padEnd(22)} ${'frames'.padStart(6)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'fps'.padStart(8)}`,
    );
    console.log(summary('idle', idle));
    console.log(summary('pan', pan));
    console.log(summary('zoom', zoom));
    console.log(summary('drag a node', drag));
    console.log(summary('draw an edge', connect));
  } finally {
    await browser.close();
    web.stop();
  }
}

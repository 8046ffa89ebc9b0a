/**
 * Big graphs in the editor, in Debian's Chromium: `tsx bench/big-graphs.ts [sizes…]` (default
 * 1000 5000 10000). For a chain and for the wider residual ladder of each size it prints the time
 * from the click on Open… to the file chooser (the dialog), from choosing the file to nodes on
 * screen, the time until the page is quiet again, the longest main-thread task while opening (Long
 * Tasks API, and a timer's longest gap as a second witness), the same for the Layout command and for
 * deleting a node, and frame times while panning. Prints, asserts nothing; the machine is shared, so
 * each figure is the median of `--runs` page loads.
 *
 * `--against <checkout>` also builds the renderer of another checkout (say, `git archive` of the
 * main branch unpacked with a `node_modules` link) and measures it too, alternating page loads
 * between the two, so both tables share the machine's load of the moment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { serializeGraph } from '../src/graph/load';
import type { GraphDoc, GraphEdge, GraphNode } from '../src/graph/types';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  recordFrames,
  startWebMode,
} from '../scripts/web-mode';
import { generatedTraining, ladderGraph } from './large-graph';
import { median, printTable } from './util';

/** How long a new page is left to start its workers before a graph is opened, in ms. */
const STARTUP_SETTLE_MS = 5000;

/** Width of the chain's hidden vectors. */
const WIDTH = 8;
/** Nodes per row of the generated files' layout (a 10,000-node row would be 2,000,000 px long). */
const PER_ROW = 40;

/**
 * A valid chain of exactly `nodes` nodes: `x → Dense → ReLU → Dense → ReLU … → Dense(1) → MSE ← t`,
 * laid out in rows of 40 so the file opens as it would after a save.
 *
 * @param nodes - Total node count, at least 5.
 * @param lossFirst - Lists the nodes from the loss back to the input (a valid order a file may
 *   have; the one that sent the canvas's old recursive depth walk a whole chain deep).
 */
export function chainGraph(nodes: number, lossFirst = true): GraphDoc {
  if (nodes < 5) throw new RangeError('a chain needs at least 5 nodes');
  const list: GraphNode[] = [
    { id: 'x', op: 'Input', params: { shape: [WIDTH] } },
    { id: 't', op: 'Target', params: { shape: [1] } },
  ];
  const edges: GraphEdge[] = [];
  const edge = (source: string, target: string, targetPort: string) =>
    edges.push({ source, sourcePort: 'out', target, targetPort });
  let last = 'x';
  for (let i = 0; list.length < nodes - 2; i++) {
    const id = `n${i}`;
    list.push(i % 2 ? { id, op: 'ReLU', params: {} } : { id, op: 'Dense', params: { units: WIDTH } });
    edge(last, id, 'in');
    last = id;
  }
  list.push({ id: 'y', op: 'Dense', params: { units: 1 } }, { id: 'loss', op: 'MSE', params: {} });
  edge(last, 'y', 'in');
  edge('y', 'loss', 'prediction');
  edge('t', 'loss', 'target');
  const layout: GraphDoc['layout'] = { nodes: {} };
  list.forEach((n, i) => (layout.nodes[n.id] = { x: (i % PER_ROW) * 220, y: Math.floor(i / PER_ROW) * 130 }));
  return {
    schemaVersion: 1,
    name: `Generated chain of ${list.length} nodes`,
    nodes: lossFirst ? list.reverse() : list,
    edges,
    layout,
    training: generatedTraining(WIDTH),
  };
}

/**
 * Starts watching the main thread: long tasks (over 50 ms) and the longest gap between 10 ms
 * timer ticks (a blocked page delays the timer; it also catches work the Long Tasks API splits).
 */
export async function watchMainThread(page: Page): Promise<void> {
  // Passed as text: tsx would wrap a function with helpers the page does not have.
  await page.evaluate(`(() => {
    window.__tasks = [];
    window.__gap = 0;
    window.__lastBusy = performance.now();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__tasks.push(e.duration);
        window.__lastBusy = performance.now();
      }
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      window.__gap = Math.max(window.__gap, now - last);
      if (now - last > 60) window.__lastBusy = now;
      last = now;
    }, 10);
  })()`);
}

/** Forgets the tasks seen so far (the next figures belong to the next action). */
async function resetWatch(page: Page): Promise<void> {
  await page.evaluate('(window.__tasks = [], window.__gap = 0, window.__lastBusy = performance.now())');
}

/** Longest task (Long Tasks API) and longest timer gap since the last reset, in ms. */
async function longest(page: Page): Promise<{ task: number; gap: number }> {
  return page.evaluate<{ task: number; gap: number }>(
    '({ task: Math.max(0, ...window.__tasks), gap: window.__gap })',
  );
}

/** Waits until the page has had no long task for `quietMs`; resolves to when it was last busy. */
async function settle(page: Page, quietMs = 1000, timeoutMs = 180_000): Promise<void> {
  await page.waitForFunction(`performance.now() - window.__lastBusy > ${quietMs}`, null, {
    timeout: timeoutMs,
    polling: 100,
  });
}

/** What one page load of one graph measured (ms); `error` when the page died or timed out. */
interface Sample {
  /** From the click on Open… to the file chooser. */
  dialog: number;
  open: number;
  settled: number;
  openTask: number;
  openGap: number;
  layout: number;
  layoutTask: number;
  editTask: number;
  panMedian: number;
  panP95: number;
  error?: string;
}

/** Opens `doc` in a fresh page and measures it. */
async function measure(page: Page, doc: GraphDoc): Promise<Sample> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const file = join(mkdtempSync(join(tmpdir(), 'bps-big-')), 'big.json');
  writeFileSync(file, serializeGraph(doc));
  await watchMainThread(page);
  await resetWatch(page);
  let start = Date.now();
  const sample: Sample = {
    dialog: NaN,
    open: NaN,
    settled: NaN,
    openTask: NaN,
    openGap: NaN,
    layout: NaN,
    layoutTask: NaN,
    editTask: NaN,
    panMedian: NaN,
    panP95: NaN,
  };
  try {
    // Timed from the file being chosen: the Open dialog itself waits (up to a second, once) for the
    // interop worker's list of importers, which has nothing to do with the graph.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open…' }).click(),
    ]);
    sample.dialog = Date.now() - start;
    start = Date.now();
    // A path, not a buffer: Playwright rebuilds a buffer as a File on the page's main thread, a long
    // task of its own that the editor's figures would otherwise carry.
    await chooser.setFiles(file);
    await page.waitForFunction(
      `document.querySelectorAll('.react-flow__node').length > 0 || document.body.innerText.trim() === ''`,
      null,
      { timeout: 180_000, polling: 50 },
    );
    sample.open = Date.now() - start;
    if ((await page.locator('.react-flow__node').count()) === 0)
      throw new Error(`blank page${errors.length ? `: ${errors[0]}` : ''}`);
    await settle(page);
    sample.settled = Date.now() - start - 1000;
    const open = await longest(page);
    sample.openTask = open.task;
    sample.openGap = open.gap;

    // Start the drag on empty pane: one that starts on an edge or a node pans nothing (an edge
    // under the middle of the canvas once made every pan figure a still page's 17 ms).
    const from = await page.evaluate<{ x: number; y: number } | null>(`(() => {
      const c = document.querySelector('[data-testid="canvas"]').getBoundingClientRect();
      for (let r = 0; r < 300; r += 10)
        for (let a = 0; a < 360; a += 30) {
          const x = c.left + c.width / 2 + r * Math.cos(a * Math.PI / 180);
          const y = c.top + c.height / 2 + r * Math.sin(a * Math.PI / 180);
          if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
        }
      return null;
    })()`);
    if (!from) throw new Error('no empty pane near the middle of the canvas to drag');
    const { x: cx, y: cy } = from;
    const viewport = `document.querySelector('.react-flow__viewport').style.transform`;
    const before = await page.evaluate<string>(viewport);
    const pan = await recordFrames(page, async () => {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 40; i++) await page.mouse.move(cx - i * 8, cy - i * 4);
      await page.mouse.up();
    });
    if ((await page.evaluate<string>(viewport)) === before)
      throw new Error('the drag did not pan the canvas');
    const sorted = [...pan].sort((a, b) => a - b);
    sample.panMedian = median(pan);
    sample.panP95 = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? NaN;

    // An edit: select the node nearest the middle of the canvas by clicking its title, delete it.
    await settle(page, 500);
    await resetWatch(page);
    const at = await middleNodeTitle(page);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('Delete');
    await settle(page, 500);
    sample.editTask = (await longest(page)).task;

    await resetWatch(page);
    const t = Date.now();
    await page.getByRole('button', { name: 'Layout' }).click();
    await settle(page);
    sample.layout = Date.now() - t - 1000;
    sample.layoutTask = (await longest(page)).task;
  } catch (e) {
    sample.error = (errors[0] ?? (e instanceof Error ? e.message : String(e))).split('\n')[0];
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
  return sample;
}

/**
 * Where to click to select the node nearest the middle of the canvas: the centre of its title.
 *
 * @throws Error when no node is in view.
 */
export async function middleNodeTitle(page: Page): Promise<{ x: number; y: number }> {
  const at = await page.evaluate<{ x: number; y: number } | null>(`(() => {
    const c = document.querySelector('[data-testid="canvas"]').getBoundingClientRect();
    let best = null, bestD = Infinity;
    for (const el of document.querySelectorAll('.react-flow__node .op-node-title')) {
      const r = el.getBoundingClientRect();
      const x = r.x + r.width / 2, y = r.y + r.height / 2;
      if (x < c.left || x > c.right || y < c.top || y > c.bottom) continue;
      const d = Math.hypot(x - (c.left + c.right) / 2, y - (c.top + c.bottom) / 2);
      if (d < bestD) { bestD = d; best = { x, y }; }
    }
    return best;
  })()`);
  if (!at) throw new Error('no node in view to select');
  return at;
}

const fmt = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');

/**
 * Runs the benchmark and prints its table.
 *
 * @param against - Another checkout to measure alongside this one (its rows are marked "base").
 */
export async function runBigGraphs(
  sizes: number[] = [1000, 5000, 10000],
  runs = 1,
  against?: string,
): Promise<void> {
  if (!chromiumAvailable()) {
    console.log(`big-graphs: no Chromium at ${CHROMIUM_PATH}; install it with apt-get install chromium`);
    return;
  }
  const servers = [{ label: '', ...(await startWebMode()) }];
  if (against) servers.push({ label: ' (base)', ...(await startWebMode({ root: resolve(against) })) });
  const browser = await launchChromium(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
  const rows: string[][] = [];
  try {
    for (const size of sizes)
      for (const [kind, make] of [
        ['chain', chainGraph],
        ['ladder', ladderGraph],
      ] as const) {
        const samples = servers.map((): Sample[] => []);
        for (let r = 0; r < runs; r++)
          for (const [i, web] of servers.entries()) {
            // bypassCSP: the app's policy refuses eval, and Playwright's waitForFunction evaluates its text.
            const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, bypassCSP: true });
            await page.goto(web.url);
            await page.waitForSelector('[data-testid="canvas"]');
            // The editor starts its workers (training, interop: tfjs each) after it is drawn; opening
            // a graph while they load shares the cores with them, and how far they got differed
            // between builds. Measure an editor that has settled.
            await page.waitForTimeout(STARTUP_SETTLE_MS);
            samples[i].push(await measure(page, make(size)));
            await page.close();
          }
        for (const [i, web] of servers.entries()) {
          const ok = samples[i].filter((s) => !s.error);
          const m = (key: keyof Omit<Sample, 'error'>) =>
            fmt(ok.length ? median(ok.map((s) => s[key])) : NaN);
          const failed = samples[i].find((s) => s.error)?.error;
          rows.push([
            `${kind} ${size.toLocaleString('en-US')}${web.label}`,
            m('dialog'),
            m('open'),
            m('settled'),
            m('openTask'),
            m('openGap'),
            m('editTask'),
            m('layout'),
            m('layoutTask'),
            `${m('panMedian')}/${m('panP95')}`,
            failed ? `${samples[i].length - ok.length}/${samples[i].length}: ${failed.slice(0, 60)}` : '',
          ]);
          console.log(`${kind} ${size}${web.label}: ${JSON.stringify(samples[i])}`);
        }
      }
  } finally {
    await browser.close();
    for (const web of servers) web.stop();
  }
  printTable(
    `Big graphs in the editor (Chromium + SwiftShader; ms, median of ${runs})`,
    [
      'graph',
      'dialog',
      'open',
      'quiet',
      'longest task',
      'timer gap',
      'delete: task',
      'layout',
      'layout: task',
      'pan frame med/p95',
      'failed',
    ],
    rows,
  );
}

if (process.argv[1]?.endsWith('big-graphs.ts')) {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 1;
  const againstAt = args.indexOf('--against');
  const against = againstAt >= 0 ? args.splice(againstAt, 2)[1] : undefined;
  const sizes = args.map(Number).filter((n) => n >= 5);
  await runBigGraphs(sizes.length ? sizes : undefined, runs, against);
}

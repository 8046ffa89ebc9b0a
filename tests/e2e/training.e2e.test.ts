/**
 * End-to-end: training from the canvas in web mode, in Debian's Chromium driven by playwright-core
 * with WebGPU and WebGL emulated by SwiftShader. Covers step mode on the slides' XOR network
 * (checked against float64 arithmetic done here), training the spiral to ≥ 95 % on WASM, pause,
 * resume and reset, CSV import, the NaN report, expanding and collapsing a Dense layer, and
 * trained weights saved with the graph. Skips (with the reason printed) where no Chromium is
 * installed. Failing tests keep a screenshot in tests/e2e/artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, startWebMode } from '../../scripts/web-mode';
import { slidesByHand } from '../step/xor-slides-by-hand';

const available = chromiumAvailable();
if (!available)
  console.log(
    `skipping training end-to-end tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
  );

/**
 * WebGPU and WebGL through SwiftShader (software), so the fastest-backend choice has something to
 * choose. The page itself is composited in software: compositing through SwiftShader's GL costs
 * 150–300 ms a frame on this machine while the worker trains, which no user with a GPU sees.
 */
const GPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-gpu-compositing',
];
const ARTIFACTS = 'tests/e2e/artifacts';
/** Where the app remembers the chosen backend (renderer/run/client.ts). */
const BACKEND_KEY = 'backprop-studio.backend';

let web: { url: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;
let base = '';

// ---------------------------------------------------------------------------------------------
// The slides' XOR network by hand, in float64: x = (1, 0), t = 1, μ = 10.

function slides() {
  const hand = slidesByHand();
  const { x, W1, b1, W2, b2, t, mu, s1, z1, h, s2, z2, y, E, dEdy, dydz2, dEdz2, dEdh, dhdz1, dEdz1, dEdW2 } =
    hand;
  const dEdW1 = hand.dEdW1.flat();
  // Row-major values and the last dimension (columns) of every node, as the canvas shows them.
  const forward: Record<string, [number[], number]> = {
    x: [x, 2],
    W1: [W1.flat(), 2],
    b1: [b1, 2],
    W2: [W2, 1],
    b2: [[b2], 1],
    t: [[t], 1],
    s1: [s1, 2],
    z1: [z1, 2],
    h: [h, 2],
    s2: [[s2], 1],
    z2: [[z2], 1],
    y: [[y], 1],
    E: [[E], 0],
  };
  const backward: Record<string, [number[], number]> = {
    E: [[1], 0],
    y: [[dEdy], 1],
    z2: [[dEdz2], 1],
    s2: [[dEdz2], 1],
    h: [dEdh, 2],
    z1: [dEdz1, 2],
    s1: [dEdz1, 2],
    // E = ½(t − y)², so dE/dt = t − y.
    t: [[t - y], 1],
    b2: [[dEdz2], 1],
    W2: [dEdW2, 1],
    b1: [dEdz1, 2],
    W1: [dEdW1, 2],
    x: [[W1[0][0] * dEdz1[0] + W1[0][1] * dEdz1[1], W1[1][0] * dEdz1[0] + W1[1][1] * dEdz1[1]], 2],
  };
  const update = (key: string, value: number[], grad: number[], cols: number) => ({
    key,
    cols,
    value,
    grad,
    delta: grad.map((g) => -mu * g),
    after: value.map((w, i) => w - mu * grad[i]),
  });
  const updates = {
    W1: update('W1', W1.flat(), dEdW1, 2),
    b1: update('b1', b1, dEdz1, 2),
    W2: update('W2', W2, dEdW2, 1),
    b2: update('b2', [b2], [dEdz2], 1),
  };
  return { forward, backward, updates, E, local: { dEdy, dydz2, dEdz2, dEdh, dhdz1, dEdz1 }, mu };
}

/** A number the way the step panel writes it: 4 significant digits, exponent form when tiny, U+2212 minus. */
function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a < 1e-3 || a >= 1e5 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  return text.replace('-', '−');
}

/** Row-major values as nested rows: `[a, b]`, `[[a], [b]]`; a scalar (cols 0) as the number. */
function fmtTensor(values: number[], cols: number): string {
  if (cols === 0) return fmt(values[0]);
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += cols)
    rows.push(
      `[${values
        .slice(i, i + cols)
        .map(fmt)
        .join(', ')}]`,
    );
  return rows.length === 1 ? rows[0] : `[${rows.join(', ')}]`;
}

function close(actual: unknown, want: number[], what: string): string | null {
  if (!Array.isArray(actual) || actual.length !== want.length)
    return `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(want)}`;
  for (let i = 0; i < want.length; i++) {
    const a = actual[i] as number;
    if (!(Math.abs(a - want[i]) <= 1e-5 * Math.max(1, Math.abs(want[i]))))
      return `${what}[${i}]: ${a} vs ${want[i]}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Page helpers

const testId = (id: string) => page.getByTestId(id);

/** Clicks a button that opens the platform's file chooser and hands it one file. */
async function chooseFile(button: Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles(file);
}
const attr = async (id: string, name: string) => (await testId(id).getAttribute(name)) ?? '';
const runState = () => attr('run-state', 'data-state');
const progressStep = async () => Number(await attr('progress', 'data-step'));
const lossValue = () => attr('loss-value', 'data-value');

async function waitState(state: string, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`[data-testid="run-state"][data-state="${state}"]`, { timeout });
}

/** Opens the app; `backend` stores a backend choice first, as if the user had picked it before. */
async function open(query: string, backend?: string): Promise<void> {
  page = await browser!.newPage({ viewport: { width: 1400, height: 860 } });
  if (backend) await page.addInitScript(`localStorage.setItem(${JSON.stringify(BACKEND_KEY)}, '${backend}')`);
  await page.goto(`${base}${query}`);
  await page.waitForSelector('[data-testid="canvas"]');
  await page.bringToFront();
}

/** Opens an example on WASM with the Training tab shown, ready to train. */
async function openOnWasm(example: string): Promise<void> {
  await open(`?example=${example}`, 'wasm');
  await testId('tab-training').click();
  await expect.poll(() => testId('backend-name').textContent(), { timeout: 60_000 }).toBe('WASM');
  await waitState('ready');
}

/** Takes one batch and waits for its step to be reported. */
async function stepBatch(): Promise<void> {
  const before = await progressStep();
  await testId('step-batch-button').click();
  await expect.poll(progressStep, { timeout: 30_000 }).toBe(before + 1);
  await expect.poll(runState, { timeout: 30_000 }).not.toBe('running');
}

/** Every node readout on the canvas: values and gradients by node id, and the focused node. */
function readCanvas(): Promise<{
  value: Record<string, unknown>;
  grad: Record<string, unknown>;
  focus: string[];
}> {
  return page.evaluate(`(() => {
    const out = { value: {}, grad: {}, focus: [] };
    for (const e of document.querySelectorAll('[data-testid^="node-value-"]'))
      out.value[e.getAttribute('data-testid').slice('node-value-'.length)] = JSON.parse(e.getAttribute('data-values'));
    for (const e of document.querySelectorAll('[data-testid^="node-grad-"]'))
      out.grad[e.getAttribute('data-testid').slice('node-grad-'.length)] = JSON.parse(e.getAttribute('data-values'));
    for (const e of document.querySelectorAll('.op-node')) {
      const m = /\\bfocus-(forward|backward|update)\\b/.exec(e.className);
      if (m) out.focus.push(e.getAttribute('data-testid').slice('node-'.length) + ':' + m[1]);
    }
    return out;
  })()`);
}

/** Sets a range input the way dragging it does. */
async function setRange(id: string, value: number): Promise<void> {
  await testId(id).evaluate((el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** Counts canvas pixels by the nearest of the first `k` class colours (opaque enough pixels only). */
function classPixels(k: number): Promise<number[]> {
  return testId('decision-boundary').evaluate((el, classes) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colors = [
      [0x2f, 0x6f, 0xd6],
      [0xe8, 0x73, 0x1e],
      [0x2e, 0x9e, 0x5b],
      [0xc0, 0x3d, 0x8f],
    ].slice(0, classes);
    const counts = colors.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 20) continue;
      let best = 0;
      let bestD = Infinity;
      colors.forEach((col, j) => {
        const d = (data[i] - col[0]) ** 2 + (data[i + 1] - col[1]) ** 2 + (data[i + 2] - col[2]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      });
      if (bestD < 60 ** 2) counts[best]++;
    }
    return counts;
  }, k);
}

/** A CSV of two separable classes around (−2, −2) and (2, 2), deterministic. */
function twoClassCsv(rows: number): { text: string; lines: string[][] } {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const lines: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const label = i % 2;
    const c = label ? 2 : -2;
    lines.push([(c + rand()).toFixed(3), (c + rand()).toFixed(3), String(label)]);
  }
  return { text: ['a,b,label', ...lines.map((l) => l.join(','))].join('\n') + '\n', lines };
}

describe.skipIf(!available)('training in web mode', () => {
  beforeAll(async () => {
    web = await startWebMode();
    base = web.url;
    browser = await launchChromium(GPU_FLAGS);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    web?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}/${ctx.task.name.replace(/\W+/g, '-')}.png` });
    }
    await page?.close();
  });

  it('steps through the slides’ XOR network event by event with the numbers of the hand computation', async () => {
    const hand = slides();
    const graph = JSON.parse(readFileSync('graphs/xor-slides.json', 'utf8')) as {
      nodes: { id: string }[];
      edges: { source: string; target: string }[];
    };
    const ids = graph.nodes.map((n) => n.id);
    expect(Object.keys(hand.forward).sort()).toEqual([...ids].sort());

    await open('?example=xor-slides');
    await waitState('ready');
    await testId('step-mode-button').click();
    await testId('step-panel').waitFor();
    // Every event, Parameters' and the Target's forward events included (hidden by default).
    await testId('step-show-setup').check();
    await expect.poll(() => testId('step-counter').textContent(), { timeout: 30_000 }).toBe('1/30');
    expect(Number(await attr('step-timeline', 'max'))).toBe(29);
    expect(Number(await attr('step-loss', 'data-value'))).toBeCloseTo(hand.E, 6);

    // What each event is about, read from its title as the walk goes.
    const events: { phase: string; id: string }[] = [];
    const readEvent = async (index: number) => {
      const title = (await page.locator('[data-testid="step-explanation"] .step-title').textContent()) ?? '';
      const m = /(Forward|Backward|Update) (\d+)\/(\d+): (\S+)/.exec(title);
      expect(m, title).not.toBeNull();
      const event = { phase: m![1].toLowerCase(), id: m![4] };
      if (events[index]) expect(event, `event ${index + 1} again`).toEqual(events[index]);
      events[index] = event;
      return event;
    };

    /** The canvas shows the values of forward events passed, the gradients of backward ones passed. */
    const problemsAt = async (index: number): Promise<string[]> => {
      const view = await readCanvas();
      const problems: string[] = [];
      const passed = events.slice(0, index + 1);
      const valueIds = passed.filter((e) => e.phase === 'forward').map((e) => e.id);
      const gradIds = passed.filter((e) => e.phase === 'backward').map((e) => e.id);
      if (JSON.stringify(Object.keys(view.value).sort()) !== JSON.stringify([...valueIds].sort()))
        problems.push(`values shown on ${Object.keys(view.value).join(',')}, expected ${valueIds.join(',')}`);
      if (JSON.stringify(Object.keys(view.grad).sort()) !== JSON.stringify([...gradIds].sort()))
        problems.push(
          `gradients shown on ${Object.keys(view.grad).join(',')}, expected ${gradIds.join(',')}`,
        );
      for (const id of valueIds) {
        const p = close(view.value[id], hand.forward[id][0], `value of ${id}`);
        if (p) problems.push(p);
      }
      for (const id of gradIds) {
        const p = close(view.grad[id], hand.backward[id][0], `dE/d${id}`);
        if (p) problems.push(p);
      }
      // Exactly one node is in focus: the one the event is about (a weight's node for an update).
      const e = events[index];
      if (JSON.stringify(view.focus) !== JSON.stringify([`${e.id}:${e.phase}`]))
        problems.push(`focus on ${view.focus.join(',')}, expected ${e.id}:${e.phase}`);
      return problems;
    };

    const checkAt = async (index: number) => {
      await expect
        .poll(() => testId('step-counter').textContent(), { timeout: 10_000 })
        .toBe(`${index + 1}/30`);
      const e = await readEvent(index);
      await expect.poll(() => problemsAt(index), { timeout: 10_000 }).toEqual([]);
      const text = (await testId('step-explanation').textContent()) ?? '';
      if (e.phase === 'forward') {
        const [values, cols] = hand.forward[e.id];
        expect(text, `event ${index + 1}`).toContain(`${e.id} = ${fmtTensor(values, cols)}`);
      } else if (e.phase === 'backward') {
        const [values, cols] = hand.backward[e.id];
        expect(text, `event ${index + 1}`).toContain('dE/dA = dE/dB · dB/dA');
        expect(text, `event ${index + 1}`).toContain(`dE/d${e.id} = ${fmtTensor(values, cols)}`);
      } else {
        const u = hand.updates[e.id as keyof typeof hand.updates];
        expect(u, e.id).toBeDefined();
        expect(text).toContain(`dE/d${u.key} = ${fmtTensor(u.grad, u.cols)}`);
        expect(text).toContain(`Δ${u.key} = −${hand.mu} · dE/d${u.key} = ${fmtTensor(u.delta, u.cols)}`);
        expect(text).toContain(
          `${u.key} ← ${fmtTensor(u.value, u.cols)} + Δ${u.key} = ${fmtTensor(u.after, u.cols)}`,
        );
      }
      await expect(testId(`node-${e.id}`).getAttribute('class')).resolves.toContain(`focus-${e.phase}`);
      return { e, text };
    };

    const L = hand.local;
    // The numbers the slides' worked example shows (unrounded here; displayed in 4 digits).
    expect(fmt(L.dEdz2)).toBe('−0.04239');
    expect(fmt(hand.updates.b2.delta[0])).toBe('0.4239');
    expect(fmt(hand.updates.b2.after[0])).toBe('−1.576');

    await checkAt(0);
    const keyboard = new Set([3, 4, 5, 20, 21]);
    for (let i = 1; i < 30; i++) {
      if (keyboard.has(i)) await page.keyboard.press('ArrowRight');
      else await testId('step-next').click();
      const { e, text } = await checkAt(i);
      if (e.phase === 'backward' && e.id === 'z2') {
        // The chain rule along y → z2 with the numbers: dE/dz2 = dE/dy · y(1 − y).
        expect(text).toContain(
          `dE/dz2 via y.in: dE/dy · dy/dz2 = [${fmt(L.dEdy)}] ⊙ [${fmt(L.dydz2)}] = [${fmt(L.dEdz2)}]`,
        );
        expect(text).toContain('dE/dz2 = [−0.04239]');
        // Back one event (button), another (key), and forward again.
        await testId('step-prev').click();
        await checkAt(i - 1);
        await page.keyboard.press('ArrowLeft');
        await checkAt(i - 2);
        await page.keyboard.press('ArrowRight');
        await checkAt(i - 1);
        await testId('step-next').click();
        await checkAt(i);
      }
      if (e.phase === 'backward' && e.id === 'z1') {
        expect(text).toContain(
          `dE/dz1 via h.in: dE/dh · dh/dz1 = ${fmtTensor(L.dEdh, 2)} ⊙ ${fmtTensor(L.dhdz1, 2)} = ${fmtTensor(L.dEdz1, 2)}`,
        );
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: `${ARTIFACTS}/step-mode.png` });
      }
    }

    // Forward in an order where every node comes after its inputs, backward in reverse, then updates.
    const forward = events.filter((e) => e.phase === 'forward').map((e) => e.id);
    const backward = events.filter((e) => e.phase === 'backward').map((e) => e.id);
    expect([...forward].sort()).toEqual([...ids].sort());
    for (const edge of graph.edges)
      expect(forward.indexOf(edge.source)).toBeLessThan(forward.indexOf(edge.target));
    expect(backward).toEqual([...forward].reverse());
    expect(
      events
        .slice(26)
        .map((e) => `${e.phase}:${e.id}`)
        .sort(),
    ).toEqual(['update:W1', 'update:W2', 'update:b1', 'update:b2'].sort());

    // The last event: b2's update, Δb2 = −μ · dE/db2 ≈ 0.4239, b2 ≈ −1.576; Next now walks a new step.
    const last = (await testId('step-explanation').textContent()) ?? '';
    expect(events[29]).toEqual({ phase: 'update', id: 'b2' });
    expect(last).toContain('Δb2 = −10 · dE/db2 = [0.4239]');
    expect(last).toContain('b2 ← [−2] + Δb2 = [−1.576]');
    await expect(testId('step-next').textContent()).resolves.toContain('Next step');

    // The timeline jumps anywhere, backwards and forwards.
    await setRange('step-timeline', 7);
    await checkAt(7);
    await setRange('step-timeline', 24);
    await checkAt(24);
    await setRange('step-timeline', 29);
    await checkAt(29);

    await testId('step-exit').click();
    await expect(testId('step-panel').count()).resolves.toBe(0);
  });

  it('picks WASM by measurement on this GPU-less machine, switches backend, trains the spiral MLP to ≥ 95 %', async () => {
    const served = await fetch(base);
    expect(served.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(served.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    await open('?example=spiral-mlp');
    // Served with COOP/COEP: the page and its worker may use threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await testId('tab-training').click();
    await expect.poll(() => testId('backend-name').textContent(), { timeout: 60_000 }).not.toBe('measuring…');
    // WebGPU and WebGL start here, on SwiftShader: measured (or recognised) as far slower than WASM.
    expect(await testId('backend-name').textContent()).toBe('WASM');
    // One thread per core as tfjs counts them: half the logical cores (hyper-threads), 1 to 8.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threads = Math.max(1, Math.min(8, Math.floor(cores / 2)));
    expect(await testId('backend-threads').textContent()).toBe(
      ` · ${threads} thread${threads === 1 ? '' : 's'}`,
    );
    await waitState('ready');
    await page.getByRole('button', { name: 'why?' }).click();
    const measured = await testId('backend-reasons').locator('li').allTextContents();
    expect(measured.find((r) => r.startsWith('WASM:'))).toMatch(
      /^WASM: fastest, in use: [\d,.]+ examples\/s$/,
    );
    expect(measured.find((r) => r.startsWith('CPU:'))).toMatch(
      /^CPU: [\d.]+× slower than WASM: [\d,.]+ examples\/s$/,
    );
    for (const gpu of ['WebGPU', 'WebGL'])
      expect(measured.find((r) => r.startsWith(`${gpu}:`))).toMatch(
        /software renderer.*SwiftShader|swiftshader/i,
      );
    // The figures are kept for the next start of this machine.
    const kept = await page.evaluate(() => localStorage.getItem('backprop-studio.backend-measurements'));
    expect(JSON.parse(kept!).measurements.map((m: { name: string }) => m.name)).toEqual([
      'webgpu',
      'webgl',
      'wasm',
      'cpu',
    ]);

    await testId('backend-select').selectOption('cpu');
    await expect.poll(() => testId('backend-name').textContent(), { timeout: 60_000 }).toBe('CPU');
    await waitState('ready');
    await testId('backend-select').selectOption('wasm');
    await expect.poll(() => testId('backend-name').textContent(), { timeout: 60_000 }).toBe('WASM');
    await waitState('ready');
    // Every backend is listed with why it is or is not the one in use.
    const reasons = await testId('backend-reasons').locator('li').allTextContents();
    for (const name of ['WebGPU', 'WebGL', 'WASM', 'CPU'])
      expect(
        reasons.some((r) => new RegExp(`^${name}: \\S`).test(r)),
        `${name} in ${reasons.join(' | ')}`,
      ).toBe(true);
    expect(reasons.find((r) => r.startsWith('WASM:'))).toMatch(/^WASM: fastest, in use/);

    // Before training, the boundary of the initial weights (step 0).
    await expect.poll(async () => Number(await attr('decision-boundary', 'data-step'))).toBe(0);
    await testId('train-button').click();
    await waitState('running', 30_000);
    // Readouts follow the training while it runs.
    await testId('node-value-hidden').waitFor({ timeout: 30_000 });
    await testId('node-grad-output').waitFor({ timeout: 30_000 });
    await waitState('done', 110_000);

    const accuracy = Number(await attr('accuracy-value', 'data-value'));
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    await expect(testId('accuracy-value').textContent()).resolves.toMatch(/^(9[5-9]|100)\.\d %$/);
    expect(Number(await attr('progress', 'data-fraction'))).toBe(1);
    const loss = Number(await lossValue());
    expect(loss).toBeGreaterThan(0);
    expect(loss).toBeLessThan(0.5);
    expect(Number(await attr('loss-chart', 'data-points'))).toBeGreaterThan(10);
    expect(Number(await attr('accuracy-chart', 'data-points'))).toBeGreaterThan(10);

    // The boundary was drawn for a trained step and shows all three classes.
    await expect.poll(async () => Number(await attr('decision-boundary', 'data-step'))).toBeGreaterThan(0);
    const counts = await classPixels(3);
    const total = 300 * 300;
    for (const c of counts) expect(c, `class pixels ${counts.join(', ')}`).toBeGreaterThan(total * 0.1);

    // Node readouts: full numbers for the small output, statistics for the 100 hidden units.
    const hidden = JSON.parse(await attr('node-value-hidden', 'data-values')) as {
      mean: number;
      max: number;
    };
    expect(Number.isFinite(hidden.mean)).toBe(true);
    expect(hidden.max).toBeGreaterThan(0);
    const grad = JSON.parse(await attr('node-grad-output', 'data-values')) as number[] | { norm: number };
    expect(Array.isArray(grad) ? grad.every(Number.isFinite) : Number.isFinite(grad.norm)).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/training.png` });
  });

  it('pauses, resumes with Space, and resets to the same initial weights for the seed', async () => {
    await openOnWasm('spiral-mlp');
    // The first batch's loss right after loading.
    await stepBatch();
    const initial = await lossValue();
    expect(Number(initial)).toBeGreaterThan(0);
    // Many epochs, so the run cannot end before the pause however slowly the page draws. The change
    // reloads the graph keeping the weights, which starts the step count over: that shows it arrived.
    await testId('epochs').fill('5000');
    await expect.poll(progressStep, { timeout: 30_000 }).toBe(0);
    await waitState('ready');
    await testId('reset-button').click();
    await waitState('ready');
    expect(await progressStep()).toBe(0);

    await testId('train-button').click();
    await waitState('running');
    await expect.poll(progressStep, { timeout: 30_000 }).toBeGreaterThan(5);
    await testId('pause-button').click();
    await waitState('paused');
    const paused = await progressStep();
    expect(paused).toBeGreaterThan(5);
    // Nothing moves while paused.
    await page.waitForTimeout(1000);
    expect(await progressStep()).toBe(paused);
    expect(await runState()).toBe('paused');

    await page.keyboard.press('Space');
    await waitState('running');
    await expect.poll(progressStep, { timeout: 30_000 }).toBeGreaterThan(paused + 5);
    await page.keyboard.press('Space');
    await waitState('paused');

    await testId('reset-button').click();
    await waitState('ready');
    await expect.poll(progressStep).toBe(0);
    expect(await lossValue()).toBe('');
    await stepBatch();
    const afterReset = await lossValue();
    expect(afterReset).toBe(initial);

    await testId('reset-button').click();
    await waitState('ready');
    await expect.poll(progressStep).toBe(0);
    await stepBatch();
    expect(await lossValue()).toBe(initial);
  });

  it('imports a CSV data set with a preview, and refuses one with a bad cell naming its line', async () => {
    await openOnWasm('xor-mlp');
    await expect(testId('dataset-kind').inputValue()).resolves.toBe('xor');

    // A bad cell in the fifth data row, which is line 6 of the file (the header is line 1).
    const bad = twoClassCsv(20);
    const badLines = ['a,b,label', ...bad.lines.map((l) => l.join(','))];
    badLines[5] = `${bad.lines[4][0]},abc,${bad.lines[4][2]}`;
    await testId('dataset-kind').selectOption('csv');
    await testId('csv-dialog').waitFor();
    await chooseFile(testId('csv-file'), {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(badLines.join('\n') + '\n'),
    });
    await testId('csv-preview').waitFor();
    await testId('csv-apply').click();
    // Named once: the file, the line, the column and the cell.
    await expect(testId('csv-error').textContent()).resolves.toBe(
      'bad.csv: line 6, column "b": "abc" is not a number',
    );
    await expect(testId('csv-dialog').count()).resolves.toBe(1);
    await testId('csv-dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(testId('csv-dialog').count()).resolves.toBe(0);
    await expect(testId('dataset-kind').inputValue()).resolves.toBe('xor');
    await expect(testId('file-name').textContent()).resolves.toBe('xor-mlp.json');

    const good = twoClassCsv(60);
    await testId('dataset-kind').selectOption('csv');
    await testId('csv-dialog').waitFor();
    await chooseFile(testId('csv-file'), {
      name: 'two-classes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good.text),
    });
    const preview = testId('csv-preview');
    await preview.waitFor();
    const header = await preview.locator('th').allTextContents();
    expect(header.map((h) => h.trim())).toEqual(['a', 'b', 'label (label)']);
    const rows = await preview
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows).toEqual(good.lines.slice(0, rows.length));
    await expect(testId('csv-label').inputValue()).resolves.toBe('2');
    await testId('csv-apply').click();
    await expect(testId('csv-dialog').count()).resolves.toBe(0);
    await expect(testId('dataset-kind').inputValue()).resolves.toBe('csv');
    await expect
      .poll(() => testId('dataset-summary').textContent(), { timeout: 30_000 })
      .toMatch(/two-classes\.csv.*60 training examples/);
    await expect(testId('training-blocked').count()).resolves.toBe(0);

    await waitState('ready');
    for (let i = 0; i < 3; i++) await stepBatch();
    expect(await progressStep()).toBe(3);
    expect(Number.isFinite(Number(await lossValue()))).toBe(true);
    expect(Number(await lossValue())).toBeGreaterThan(0);
    // Training on: the two clusters are separable, so the accuracy climbs.
    await testId('train-button').click();
    await expect
      .poll(async () => Number(await attr('accuracy-value', 'data-value')), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(0.95);
  });

  it('reports a NaN at its step and marks the node where it first appeared', async () => {
    await openOnWasm('spiral-mlp');
    // Each settings change reloads the graph keeping the weights, which starts the count over: after
    // one batch, the step going back to 0 shows that the change has reached the worker.
    await stepBatch();
    await testId('optimizer-type').selectOption('sgd');
    await expect.poll(progressStep, { timeout: 30_000 }).toBe(0);
    await waitState('ready');
    await stepBatch();
    await testId('learning-rate').fill('1e6');
    await expect.poll(progressStep, { timeout: 30_000 }).toBe(0);
    await waitState('ready');

    await testId('train-button').click();
    const report = testId('nonfinite-report');
    await report.waitFor({ timeout: 60_000 });
    await waitState('paused');
    const text = (await report.textContent()) ?? '';
    const step = /Training paused at step (\d+)/.exec(text);
    expect(step, text).not.toBeNull();
    expect(Number(step![1])).toBeGreaterThan(0);

    const marked = await page
      .locator('.op-node.nonfinite')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('node-'.length)));
    expect(marked).toHaveLength(1);
    expect(text).toContain(`"${marked[0]}"`);
    expect(marked[0]).toBe('reg');
    // The node is selected, so the inspector (a click away) shows it.
    await testId('tab-inspector').click();
    await expect(testId('inspector').textContent()).resolves.toContain(marked[0]);
  });

  it('expands a Dense layer into its ops, shows their values, collapses it back, and undoes', async () => {
    await openOnWasm('xor-mlp');
    await stepBatch();
    await testId('tab-inspector').click();
    await testId('node-hidden').click();
    await testId('expand-node').click();
    for (const part of ['matmul', 'W', 'b', 'add', 'act'])
      await expect.poll(() => testId(`node-hidden.${part}`).count()).toBe(1);
    await expect(testId('node-hidden').count()).resolves.toBe(0);
    // The expanded graph is loaded with the weights trained so far: the count starts over.
    await testId('tab-training').click();
    await expect.poll(progressStep, { timeout: 30_000 }).toBe(0);
    await waitState('ready');

    await stepBatch();
    const view = await readCanvas();
    for (const part of ['matmul', 'W', 'b', 'add', 'act'])
      expect(view.value[`hidden.${part}`], `value of hidden.${part}`).toBeDefined();
    // The readouts are what the ops compute: act = tanh(x·W + b) for the 4 examples of the batch.
    const x = view.value.x as number[];
    const W = view.value['hidden.W'] as number[];
    const b = view.value['hidden.b'] as number[];
    const matmul = view.value['hidden.matmul'] as number[];
    const add = view.value['hidden.add'] as number[];
    const act = view.value['hidden.act'] as number[];
    expect([x.length, W.length, b.length, matmul.length, add.length, act.length]).toEqual([
      8, 8, 4, 16, 16, 16,
    ]);
    for (let n = 0; n < 4; n++)
      for (let j = 0; j < 4; j++) {
        const xw = x[2 * n] * W[j] + x[2 * n + 1] * W[4 + j];
        expect(matmul[4 * n + j]).toBeCloseTo(xw, 5);
        expect(add[4 * n + j]).toBeCloseTo(xw + b[j], 5);
        expect(act[4 * n + j]).toBeCloseTo(Math.tanh(xw + b[j]), 5);
      }
    expect(view.grad['hidden.W']).toBeDefined();

    await testId('tab-inspector').click();
    await testId('node-hidden.matmul').click();
    await testId('collapse-node').click();
    await expect.poll(() => testId('node-hidden').count()).toBe(1);
    await expect(testId('node-hidden.matmul').count()).resolves.toBe(0);
    await testId('canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => testId('node-hidden.matmul').count()).toBe(1);
    await expect(testId('node-hidden').count()).resolves.toBe(0);
  });

  it('saves the trained weights with the graph and restores them when the file is opened', async () => {
    await openOnWasm('xor-mlp');
    for (let i = 0; i < 5; i++) await stepBatch();
    page.once('dialog', (d) => void d.accept('trained-xor.json'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save as…' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('trained-xor.json');
    const dir = mkdtempSync(join(tmpdir(), 'bps-e2e-'));
    const path = join(dir, 'trained-xor.json');
    await download.saveAs(path);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as {
      weights?: Record<string, Record<string, { shape: number[]; values: number[] }>>;
    };
    // By node, then by weight name, with the layer's shapes.
    const w = saved.weights ?? {};
    expect(Object.keys(w).sort()).toEqual(['hidden', 'output']);
    expect(w.hidden.kernel.shape).toEqual([2, 4]);
    expect(w.hidden.bias.shape).toEqual([4]);
    expect(w.output.kernel.shape).toEqual([4, 1]);
    expect(w.output.bias.shape).toEqual([1]);
    expect(w.hidden.kernel.values).toHaveLength(8);
    // Trained: Adam has moved the zero-initialized biases.
    expect(w.hidden.bias.values.some((v) => v !== 0)).toBe(true);

    // The loss of the saved weights on the whole data set (one batch of all 4 examples).
    await stepBatch();
    const savedLoss = Number(await lossValue());
    // Train on, so the weights in the worker are no longer the saved ones.
    for (let i = 0; i < 3; i++) await stepBatch();
    expect(Number(await lossValue())).not.toBe(savedLoss);

    page.on('dialog', (d) => void d.accept());
    const openFile = async (file: string) => {
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByRole('button', { name: 'Open…' }).click(),
      ]);
      await chooser.setFiles(file);
    };
    await openFile(path);
    // The file is read asynchronously after the chooser closes.
    await expect.poll(() => testId('file-name').textContent(), { timeout: 10_000 }).toBe('trained-xor.json');
    await expect
      .poll(() => testId('training-panel').textContent(), { timeout: 30_000 })
      .toContain('Weights restored from the file');
    await waitState('ready');
    expect(await progressStep()).toBe(0);
    await stepBatch();
    expect(Number(await lossValue())).toBeCloseTo(savedLoss, 6);

    // Without its weights the file is still a valid graph, trained from the initializers.
    const plain = { ...saved };
    delete plain.weights;
    const plainPath = join(dir, 'untrained-xor.json');
    writeFileSync(plainPath, JSON.stringify(plain, null, 2));
    await openFile(plainPath);
    // The file is read asynchronously after the chooser closes.
    await expect
      .poll(() => testId('file-name').textContent(), { timeout: 10_000 })
      .toBe('untrained-xor.json');
    await waitState('ready');
    await expect.poll(() => testId('training-panel').textContent()).not.toContain('Weights restored');
    await expect(testId('training-blocked').count()).resolves.toBe(0);
    await testId('tab-inspector').click();
    await expect(testId('problems-panel').textContent()).resolves.toContain('No problems');
  });
});

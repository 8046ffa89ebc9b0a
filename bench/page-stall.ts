/**
 * How responsive the page stays while the worker trains fast: `tsx bench/page-stall.ts [runs] [trainMs]`.
 *
 * Opens `?example=spiral-mlp` and `?example=xor-keras`, switches to WASM (the fastest backend for
 * these small graphs, so the most worker traffic per second), and while training measures the
 * longest gap between ticks of a 50 ms `setInterval` in the page and the browser's long tasks; then
 * presses Pause and measures how long until the toolbar shows `paused` and how many steps the
 * worker started after the click. Prints medians over `runs` (default 3); asserts nothing.
 */
import type { Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  startWebMode,
  switchBackend,
} from '../scripts/web-mode';

/** What one training-and-pause of the page measured. */
export interface StallSample {
  /** Longest gap between two ticks of a 50 ms timer while training, in ms. */
  longestGapMs: number;
  /** Long tasks (over 50 ms) the browser reported while training. */
  longTasks: number;
  /** Longest of them, in ms (0 without any). */
  longestTaskMs: number;
  /** From the Pause click (in the page) until the toolbar showed `paused`, in ms. */
  pauseDelayMs: number;
  /** From before the click (test side) until the test saw `paused`, in ms. */
  pauseDelayOutsideMs: number;
  /**
   * Steps the worker started after the Pause request was sent, as the worker reported it; null
   * when the page does not report it (older builds).
   */
  stepsAfterPause: number | null;
  /** Steps shown by the progress bar after the pause minus those shown at the click (an upper bound). */
  shownStepsAfterPause: number;
  /** Test-side ms from the end of `trainMs` until Pause could be clicked and showed (or the run was done). */
  waitedMs: number;
  /** The run finished all epochs before Pause could be clicked. */
  done: boolean;
  /** Steps trained while measuring. */
  steps: number;
}

/**
 * Installs the in-page probes: a 50 ms interval recording its longest gap, a long-task observer,
 * and a capturing click listener that notes when Pause was clicked and the step shown then.
 * Passed as text: tsx would wrap a function with helpers the page does not have.
 */
const PROBE = `(() => {
  const w = window;
  w.__stall = { maxGap: 0, longTasks: 0, longestTask: 0, pauseClickAt: null, pausedAt: null, stepAtClick: null };
  let last = performance.now();
  w.__stallTimer = setInterval(() => {
    const t = performance.now();
    w.__stall.maxGap = Math.max(w.__stall.maxGap, t - last);
    last = t;
  }, 50);
  try {
    w.__stallObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__stall.longTasks++;
        w.__stall.longestTask = Math.max(w.__stall.longestTask, e.duration);
      }
    });
    w.__stallObserver.observe({ type: 'longtask' });
  } catch {}
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid=pause-button]')) {
      w.__stall.pauseClickAt = performance.now();
      w.__stall.stepAtClick = Number(document.querySelector('[data-testid=progress]')?.getAttribute('data-step') ?? 0);
    }
  }, true);
  const state = document.querySelector('[data-testid=run-state]');
  new MutationObserver(() => {
    if (w.__stall.pauseClickAt !== null && w.__stall.pausedAt === null && state.getAttribute('data-state') === 'paused')
      w.__stall.pausedAt = performance.now();
  }).observe(state, { attributes: true, attributeFilter: ['data-state'] });
})()`;

/**
 * Trains the graph open in `page` (already on its backend, state `ready`) for `trainMs`, then
 * pauses it, measuring the page's responsiveness throughout.
 */
export async function measureTrainAndPause(page: Page, trainMs: number): Promise<StallSample> {
  await page.evaluate(PROBE);
  await page.getByTestId('train-button').click();
  await page.waitForSelector('[data-testid=run-state][data-state=running]', { timeout: 60_000 });
  await page.waitForTimeout(trainMs);
  const t0 = performance.now();
  // The run may have ended meanwhile (then there is nothing to pause: reported as NaN).
  const pauseOrDone = page.locator('[data-testid=pause-button], [data-testid=run-state][data-state=done]');
  await pauseOrDone.first().waitFor({ timeout: 120_000 });
  const isDone = async () => (await page.getByTestId('run-state').getAttribute('data-state')) === 'done';
  let done = await isDone();
  // The run can end between the check and the click, and Pause is gone then: retry in short tries.
  for (let tries = 0; !done; tries++) {
    try {
      await page.getByTestId('pause-button').click({ timeout: 2_000 });
      break;
    } catch (e) {
      done = await isDone();
      if (!done && tries >= 60) throw e;
    }
  }
  if (!done) await page.waitForSelector('[data-testid=run-state][data-state=paused]', { timeout: 120_000 });
  const pauseDelayOutsideMs = performance.now() - t0;
  // The final progress of the run follows the state within a message or two.
  await page.waitForTimeout(300);
  const s = await page.evaluate<{
    maxGap: number;
    longTasks: number;
    longestTask: number;
    pauseClickAt: number;
    pausedAt: number;
    stepAtClick: number;
    step: number;
    pauseSteps: string | null;
  }>(`(() => {
    clearInterval(window.__stallTimer);
    window.__stallObserver?.disconnect();
    const controls = document.querySelector('[data-testid=run-state]');
    return {
      ...window.__stall,
      step: Number(document.querySelector('[data-testid=progress]').getAttribute('data-step')),
      pauseSteps: controls.getAttribute('data-pause-steps'),
    };
  })()`);
  return {
    longestGapMs: s.maxGap,
    longTasks: s.longTasks,
    longestTaskMs: s.longestTask,
    pauseDelayMs: done ? NaN : s.pausedAt - s.pauseClickAt,
    pauseDelayOutsideMs: done ? NaN : pauseDelayOutsideMs,
    waitedMs: pauseDelayOutsideMs,
    done,
    stepsAfterPause: s.pauseSteps === null || s.pauseSteps === '' ? null : Number(s.pauseSteps),
    shownStepsAfterPause: s.step - s.stepAtClick,
    steps: s.step,
  };
}

/**
 * Opens `example` at `base`, switches it to WASM and measures one train-and-pause. With `epochs`,
 * the Training tab's epoch count is raised first, so that a fast machine cannot finish the run
 * before Pause is pressed (the step traffic, what is measured, does not depend on it).
 */
export async function measureExample(
  page: Page,
  base: string,
  example: string,
  trainMs = 10_000,
  epochs?: number,
): Promise<StallSample> {
  await page.goto(`${base}?example=${example}`);
  await page.waitForSelector('[data-testid="canvas"]');
  await switchBackend(page, 'wasm');
  if (epochs !== undefined) {
    await page.getByTestId('epochs').fill(String(epochs));
    // The change reloads the graph in the worker; a training click before that lands would be
    // undone by it. One batch shows the new epoch count once it has arrived; Reset then undoes it.
    const arrived = () =>
      page.evaluate(
        `(document.querySelector('[data-testid=progress]')?.textContent ?? '').includes('/${epochs} ')`,
      );
    for (let t0 = Date.now(); !(await arrived());) {
      if (Date.now() - t0 > 60_000) throw new Error(`the epoch count ${epochs} never reached the run`);
      const batch = page.getByTestId('step-batch-button');
      if (await batch.isEnabled()) await batch.click();
      await page.waitForTimeout(300);
    }
    await page.getByTestId('reset-button').click();
    await page.waitForSelector('[data-testid=progress][data-step="0"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=run-state][data-state=ready]', { timeout: 60_000 });
  }
  return measureTrainAndPause(page, trainMs);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** One table row: the median of every column over the samples. */
export function stallRow(name: string, samples: StallSample[]): string {
  const m = (f: (s: StallSample) => number | null) => {
    const v = samples.map(f).filter((x): x is number => x !== null && !Number.isNaN(x));
    return v.length ? median(v) : NaN;
  };
  const cells = [
    m((s) => s.longestGapMs).toFixed(0),
    m((s) => s.longTasks).toFixed(0),
    m((s) => s.longestTaskMs).toFixed(0),
    m((s) => s.pauseDelayMs).toFixed(0),
    m((s) => s.pauseDelayOutsideMs).toFixed(0),
    Number.isNaN(m((s) => s.stepsAfterPause)) ? '—' : m((s) => s.stepsAfterPause).toFixed(0),
    m((s) => s.shownStepsAfterPause).toFixed(0),
    m((s) => s.steps).toFixed(0),
  ];
  return `${name.padEnd(12)} ${cells.map((c, i) => c.padStart(STALL_HEADER[i + 1].length)).join(' ')}`;
}

const STALL_HEADER = [
  'graph'.padEnd(12),
  'longest gap ms',
  'long tasks',
  'longest task ms',
  'pause ms (page)',
  'pause ms (test)',
  'steps after pause',
  'shown steps after',
  'steps',
];

/** The header of {@link stallRow}'s table. */
export const stallHeader = (): string => STALL_HEADER.join(' ');

/** Runs the measurement `runs` times per example and prints the medians. */
export async function runPageStall(
  runs = 3,
  trainMs = 10_000,
  browserArgs = ['--disable-gpu-compositing'],
): Promise<void> {
  if (!chromiumAvailable()) {
    console.log(`page-stall: no Chromium at ${CHROMIUM_PATH}; install it with apt-get install chromium`);
    return;
  }
  const web = await startWebMode();
  const browser = await launchChromium(browserArgs);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    console.log(
      `Page responsiveness while training on WASM (medians over runs; ${trainMs} ms of training each)`,
    );
    console.log(stallHeader());
    for (const example of ['spiral-mlp', 'xor-keras']) {
      const samples: StallSample[] = [];
      for (let i = 0; i < runs; i++) {
        const s = await measureExample(page, web.url, example, trainMs);
        console.log(
          `  ${example} run ${i + 1}: ${JSON.stringify(s, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`,
        );
        samples.push(s);
      }
      console.log(stallRow(example, samples));
    }
  } finally {
    await browser.close();
    web.stop();
  }
}

/**
 * Software compositing by default, as in the end-to-end tests, so the page's own work is what is
 * measured; `--gpu` composites through SwiftShader's GL instead (slow frames, as on a weak GPU).
 */
const SWIFTSHADER_GL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const gpu = args.includes('--gpu');
  const [runs, trainMs] = args.filter((a) => !a.startsWith('--')).map(Number);
  await runPageStall(runs || 3, trainMs || 10_000, gpu ? SWIFTSHADER_GL : ['--disable-gpu-compositing']);
}

/**
 * Where opening a big graph spends the main thread: `tsx bench/profile-open.ts [nodes] [chain|ladder]`
 * builds the renderer unminified (readable function names), opens a generated graph through Open…,
 * records a V8 CPU profile over the open and prints each busy stretch of the main thread over 40 ms
 * with the functions that took its time (self and inclusive); `PROFILE_PAN=1` profiles a pan and
 * `PROFILE_DELETE=1` a click and Delete on the middle node instead. Prints, asserts nothing.
 */
import { serializeGraph } from '../src/graph/load';
import { launchChromium, recordFrames, startWebMode } from '../scripts/web-mode';
import { chainGraph, middleNodeTitle } from './big-graphs';
import { ladderGraph } from './large-graph';

/** One node of a V8 CPU profile (Profiler.Profile). */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** One trace event (complete events only are used). */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string; data?: { type?: string } };
}

/** Prints the main thread's tasks over 40 ms, and what they spent their time on (self times). */
function tasks(events: TraceEvent[]): [number, number][] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) {
    console.log('no renderer main thread in the trace');
    return [];
  }
  const long: [number, number][] = [];
  const onMain = events
    .filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const top = onMain.filter((e) => e.name === 'RunTask');
  const t0 = top[0]?.ts ?? 0;
  for (const task of top) {
    if (task.dur! >= 5000 && task.dur! < 40_000)
      console.log(`  task ${(task.dur! / 1000).toFixed(0)} ms at +${((task.ts - t0) / 1000).toFixed(0)}`);
    if (task.dur! < 40_000) continue;
    long.push([task.ts, task.ts + task.dur!]);
    const end = task.ts + task.dur!;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
    // Self time by name: an event's duration less its direct children's.
    const self = new Map<string, number>();
    const stack: TraceEvent[] = [];
    const add = (e: TraceEvent, v: number) => {
      const k = e.name + (e.args?.data?.type ? `(${e.args.data.type})` : '');
      self.set(k, (self.get(k) ?? 0) + v);
    };
    for (const e of inside) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      add(e, e.dur!);
      if (parent) add(parent, -e.dur!);
      stack.push(e);
    }
    const list = [...self]
      .filter(([, v]) => v > 1000)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`)
      .join(', ');
    console.log(
      `task ${(task.dur! / 1000).toFixed(0)} ms at +${((task.ts - t0) / 1000).toFixed(0)}: ${list}`,
    );
  }
  // Other threads: total time by thread and top event names (compositor, raster, GPU).
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const byThread = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const th = names.get(`${e.pid}:${e.tid}`) ?? '?';
    if (th === 'CrRendererMain') continue;
    const m = byThread.get(th) ?? new Map<string, number>();
    m.set(e.name, (m.get(e.name) ?? 0) + e.dur);
    byThread.set(th, m);
  }
  for (const [th, m] of byThread) {
    const list = [...m].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`thread ${th}: ${list.map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join(', ')}`);
  }
  return long;
}

/** Prints the busy stretches of `profile` and their heaviest functions. */
function report(
  profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number },
  windows?: [number, number][],
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d) / 1000);
  const idle = (i: number) => {
    const f = byId.get(profile.samples[i])!.callFrame.functionName;
    return f === '(idle)' || f === '(program)' || f === '(garbage collector)' ? f === '(idle)' : false;
  };
  // Stretches: runs of non-idle samples, a gap of idle under 2 ms does not end one.
  const stretches: [number, number][] = [];
  let start = -1;
  let lastBusy = -1;
  for (let i = 0; i < profile.samples.length; i++) {
    if (idle(i)) {
      if (start >= 0 && times[i] - times[lastBusy] > 2) {
        stretches.push([start, lastBusy]);
        start = -1;
      }
      continue;
    }
    if (start < 0) start = i;
    lastBusy = i;
  }
  if (start >= 0) stretches.push([start, lastBusy]);
  const t0 = times[0];
  if (windows) {
    stretches.length = 0;
    for (const [from, to] of windows) {
      const a = times.findIndex((x) => x >= from / 1000);
      let b = a;
      while (b + 1 < times.length && times[b + 1] <= to / 1000) b++;
      if (a >= 0) stretches.push([a, b]);
    }
  }
  for (const [a, b] of stretches) {
    const ms = times[b] - times[a];
    if (ms < 40) continue;
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    for (let i = a; i <= b; i++) {
      const dt = (times[i + 1] ?? times[i]) - times[i];
      const leaf = byId.get(profile.samples[i])!;
      self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const k = name(byId.get(id)!);
        if (seen.has(k)) continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .sort((x, y) => y[1] - x[1])
        .slice(0, n)
        .map(([k, v]) => `    ${v.toFixed(1).padStart(7)}  ${k}`)
        .join('\n');
    console.log(`\n== busy ${ms.toFixed(0)} ms at +${(times[a] - t0).toFixed(0)} ms`);
    console.log(`  self:\n${top(self, 30)}`);
    console.log(`  inclusive:\n${top(incl, 120)}`);
  }
}

const nodes = Number(process.argv[2] ?? 1000);
const kind = process.argv[3] ?? 'chain';
const web = await startWebMode({ buildFlags: ['--minify', 'false'] });
const browser = await launchChromium(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, bypassCSP: true });
  await page.goto(web.url);
  await page.waitForSelector('[data-testid="canvas"]');
  await page.waitForTimeout(1500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: Number(process.env.PROFILE_INTERVAL ?? 1000) });
  const doc = kind === 'ladder' ? ladderGraph(nodes) : chainGraph(nodes);
  const text = serializeGraph(doc);
  const pan = process.env.PROFILE_PAN === '1';
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  const startRecording = async () => {
    await cdp.send('Profiler.start');
    await cdp.send('Tracing.start', {
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8',
          'blink',
          'cc',
          'gpu',
        ],
      },
      transferMode: 'ReportEvents',
    });
  };
  // PROFILE_DELETE=1: profile deleting the node nearest the canvas's middle instead of the open.
  const del = process.env.PROFILE_DELETE === '1';
  if (!pan && !del) await startRecording();
  const t = Date.now();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open…' }).click(),
  ]);
  console.log(`file chooser after ${Date.now() - t} ms`);
  await chooser.setFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  console.log(`file set after ${Date.now() - t} ms`);
  await page.waitForFunction(`document.querySelectorAll('.react-flow__node').length > 0`, null, {
    timeout: 180_000,
    polling: 50,
  });
  console.log(`nodes on screen after ${Date.now() - t} ms`);
  console.log(
    `at once: ${await page.locator('.react-flow__node').count()} nodes, ${await page.evaluate(`document.querySelector('.react-flow__viewport').style.transform`)}`,
  );
  await page.waitForTimeout(Number(process.env.PROFILE_WAIT ?? 4000));
  console.log(
    `settled: ${await page.locator('.react-flow__node').count()} nodes, ${await page.evaluate(`document.querySelector('.react-flow__viewport').style.transform`)}`,
  );
  if (process.env.PROFILE_CSS) await page.addStyleTag({ content: process.env.PROFILE_CSS });
  if (pan) {
    const c = (await page.locator('.react-flow__pane').boundingBox())!;
    const cx = c.x + c.width / 2 + 15;
    const cy = c.y + c.height / 2 + 15;
    await startRecording();
    const frames = await recordFrames(page, async () => {
      if (process.env.PROFILE_IDLE) return void (await page.waitForTimeout(3000));
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 40; i++) await page.mouse.move(cx - i * 8, cy - i * 4);
      await page.mouse.up();
    });
    const sorted = [...frames].sort((a, b) => a - b);
    console.log(
      `frame median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} mean ${(frames.reduce((a, b) => a + b, 0) / frames.length).toFixed(0)} n ${frames.length}`,
    );
    console.log(`frames: ${frames.map((f) => f.toFixed(0)).join(' ')}`);
    console.log(
      `nodes in page ${await page.locator('.react-flow__node').count()}, edges ${await page.locator('.react-flow__edge').count()}`,
    );
  }
  if (del) {
    const at = await middleNodeTitle(page);
    await startRecording();
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(300);
    console.log('--- Delete pressed');
    await page.keyboard.press('Delete');
    await page.waitForTimeout(1500);
    console.log(`nodes in page after the delete: ${await page.locator('.react-flow__node').count()}`);
  }
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  const long = tasks(events);
  if (process.env.PROFILE_JS) report(profile as never, long);
} finally {
  await browser.close();
  web.stop();
}

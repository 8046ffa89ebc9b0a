/**
 * Where the editor's worker loses time against the CLI, in Node without a browser:
 * `tsx bench/run-all.ts session-breakdown`. The worker's logic (`TrainingSession`, traces
 * acknowledged at once, as a UI that keeps up would) trains spiral-mlp with every side-feed on, then
 * with one feed off at a time, alternating with the CLI's `Trainer.run` so drift of the machine's load
 * hits every column alike. Prints examples/s and ratios; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { parseGraphText } from '../src/graph/load';
import { checkGraph } from '../src/graph/check';
import type { GraphDoc } from '../src/graph/types';
import { loadDataset } from '../src/data/load';
import { Trainer } from '../src/train/trainer';
import { TrainingSession } from '../src/worker/session';
import type { ReportRates, WorkerEvent, WorkerRequest } from '../src/worker/protocol';
import { graphPath, median, num, printTable } from './util';

const EPOCHS = Number(process.env.EPOCHS ?? 150);

/** The side-feeds switched off in each column. */
const MODES: { name: string; rates: Partial<ReportRates>; sliced?: boolean }[] = [
  { name: 'editor, every feed, sliced (shared counter)', rates: {}, sliced: true },
  { name: 'editor, every feed', rates: {} },
  { name: 'no traces', rates: { traceEveryMs: 0 } },
  { name: 'no boundary/unit maps', rates: { boundaryEveryMs: 0 } },
  { name: 'no views', rates: { viewsEveryMs: 0 } },
  { name: 'no feed at all', rates: { traceEveryMs: 0, boundaryEveryMs: 0, viewsEveryMs: 0 } },
];

function spiral(): GraphDoc {
  const { doc } = parseGraphText(readFileSync(graphPath('spiral-mlp.json'), 'utf8'));
  return { ...doc!, training: { ...doc!.training, epochs: EPOCHS } };
}

/**
 * Examples per second of this process's CPU time while `run` trains `examples`: on a machine shared
 * with other work, wall-clock rates move with the neighbours' load, CPU time much less.
 */
async function perCpuSecond<T>(examples: number, run: () => Promise<T>): Promise<[number, T]> {
  const before = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(before);
  return [examples / ((used.user + used.system) / 1e6), result];
}

/** Examples/s of the CLI's trainer (no traces, progress every 250 ms). */
async function cli(doc: GraphDoc): Promise<number> {
  const graph = checkGraph(doc).graph!;
  const trainer = new Trainer({ graph, dataset: loadDataset(doc.training.dataset, doc.training.seed) });
  try {
    const examples = trainer.totalSteps * trainer.batchSize;
    const [eps] = await perCpuSecond(examples, () =>
      trainer.run(() => undefined, { progressEveryMs: 250, evaluateEachEpoch: true }),
    );
    return eps;
  } finally {
    trainer.dispose();
  }
}

/** Examples/s of a session training `doc` to the end with `rates`, and the events it posted by type. */
async function session(
  doc: GraphDoc,
  rates: Partial<ReportRates>,
  sliced = false,
): Promise<{ eps: number; counts: Record<string, number> }> {
  // Sliced: the UI's request counter is shared, as the editor does where the page is isolated.
  const counter = sliced ? new Int32Array(new SharedArrayBuffer(4)) : null;
  const send = (request: WorkerRequest) => {
    if (counter) Atomics.add(counter, 0, 1);
    return s.handle(request);
  };
  const counts: Record<string, number> = {};
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const events: WorkerEvent[] = [];
  const s: TrainingSession = new TrainingSession((event: WorkerEvent) => {
    events.push(event);
    counts[event.type] = (counts[event.type] ?? 0) + 1;
    if (event.type === 'trace') void send({ type: 'traceAck', seq: event.seq });
    if (event.type === 'state' && event.state === 'done') finish();
    if (event.type === 'error') throw new Error(event.message);
  });
  if (counter) await s.handle({ type: 'requestCounter', counter });
  await send({ type: 'load', doc });
  await send({ type: 'configure', rates });
  const loaded = events.find((e) => e.type === 'loaded');
  const examples = loaded?.type === 'loaded' ? loaded.dataset.trainCount * doc.training.epochs : NaN;
  const [eps] = await perCpuSecond(examples, async () => {
    await send({ type: 'play' });
    await done;
  });
  await send({ type: 'dispose' });
  return { eps, counts };
}

/**
 * Runs the columns in alternating rounds and prints them against the CLI. `NO_SLICED=1` leaves out
 * the sliced column (for a build whose worker does not know the request counter).
 */
export async function runSessionBreakdown(): Promise<void> {
  const modes = process.env.NO_SLICED ? MODES.filter((m) => !m.sliced) : MODES;
  const doc = spiral();
  const rounds = Number(process.env.ROUNDS ?? 3);
  const cliRuns: number[] = [];
  const runs = modes.map(() => [] as number[]);
  const counts = modes.map(() => ({}) as Record<string, number>);
  await cli(doc); // warm-up: kernels, caches
  for (let round = 0; round < rounds; round++) {
    cliRuns.push(await cli(doc));
    for (let i = 0; i < modes.length; i++) {
      const r = await session(doc, modes[i].rates, modes[i].sliced);
      runs[i].push(r.eps);
      counts[i] = r.counts;
    }
  }
  const base = median(cliRuns);
  printTable(
    `spiral-mlp, ${EPOCHS} epochs, worker session (Node) vs CLI trainer: examples per CPU-second of this process, median of ${rounds} alternating rounds`,
    ['column', 'examples/CPU-s', '/ CLI', 'events (last round)'],
    [
      ['CLI trainer', num(base), '1.00', ''],
      ...modes.map((m, i) => [
        m.name,
        num(median(runs[i])),
        (median(runs[i]) / base).toFixed(2),
        Object.entries(counts[i])
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ]),
    ],
  );
}

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
import type { ReportRates, WorkerEvent } from '../src/worker/protocol';
import { graphPath, median, num, printTable } from './util';

const EPOCHS = 60;

/** The side-feeds switched off in each column. */
const MODES: { name: string; rates: Partial<ReportRates> }[] = [
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

/** Examples/s of the CLI's trainer (no traces, progress every 250 ms). */
async function cli(doc: GraphDoc): Promise<number> {
  const graph = checkGraph(doc).graph!;
  const trainer = new Trainer({ graph, dataset: loadDataset(doc.training.dataset, doc.training.seed) });
  try {
    return (await trainer.run(() => undefined, { progressEveryMs: 250, evaluateEachEpoch: true }))
      .examplesPerSecond;
  } finally {
    trainer.dispose();
  }
}

/** Examples/s of a session training `doc` to the end with `rates`, and the events it posted by type. */
async function session(
  doc: GraphDoc,
  rates: Partial<ReportRates>,
): Promise<{ eps: number; counts: Record<string, number> }> {
  const counts: Record<string, number> = {};
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  let last = 0;
  const s: TrainingSession = new TrainingSession((event: WorkerEvent) => {
    counts[event.type] = (counts[event.type] ?? 0) + 1;
    if (event.type === 'trace') void s.handle({ type: 'traceAck', seq: event.seq });
    if (event.type === 'progress') last = event.progress.examplesPerSecond;
    if (event.type === 'state' && event.state === 'done') finish();
    if (event.type === 'error') throw new Error(event.message);
  });
  await s.handle({ type: 'load', doc });
  await s.handle({ type: 'configure', rates });
  await s.handle({ type: 'play' });
  await done;
  await s.handle({ type: 'dispose' });
  return { eps: last, counts };
}

/** Runs the columns in alternating rounds and prints them against the CLI. */
export async function runSessionBreakdown(): Promise<void> {
  const doc = spiral();
  const rounds = Number(process.env.ROUNDS ?? 3);
  const cliRuns: number[] = [];
  const runs = MODES.map(() => [] as number[]);
  const counts = MODES.map(() => ({}) as Record<string, number>);
  await cli(doc); // warm-up: kernels, caches
  for (let round = 0; round < rounds; round++) {
    cliRuns.push(await cli(doc));
    for (let i = 0; i < MODES.length; i++) {
      const r = await session(doc, MODES[i].rates);
      runs[i].push(r.eps);
      counts[i] = r.counts;
    }
  }
  const base = median(cliRuns);
  printTable(
    `spiral-mlp, ${EPOCHS} epochs, worker session (Node) vs CLI trainer, median of ${rounds} alternating rounds`,
    ['column', 'examples/s', '/ CLI', 'events (last round)'],
    [
      ['CLI trainer', num(base), '1.00', ''],
      ...MODES.map((m, i) => [
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

/**
 * Training fuzz: 10,000 generated graph files (seeded) — structured random graphs built from the op
 * registry, example graphs with params changed, and the loader mutations of `mutate.ts` — through
 * loading, checking, `prepareRun` under a small memory limit, building a trainer and one training
 * step (and, for a sample, a traced step and a step-mode walk). Nothing may throw, a refusal must
 * come with diagnostics, disposing the trainer must free every tensor, and each graph must finish
 * within a time limit.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/graph/diagnostics';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import { MB } from '../../src/run/memory';
import { prepareRun } from '../../src/run/prepare';
import type { RunStage } from '../../src/run/prepare';
import { walkTrainerStep } from '../../src/step/stepper';
import { tf } from '../helpers/tf';
import { generateTrainCorpus } from './mutate';
import type { TrainGraph } from './mutate';

const SEED = 20_250_301;
/** At least 10,000; `FUZZ_TRAIN_COUNT` runs fewer while working on the fuzz itself. */
const COUNT = Number(process.env.FUZZ_TRAIN_COUNT ?? 10_000);
const CHUNKS = 10;
/** Per-graph time limit: from the text to a trainer that took one step. */
const LIMIT_MS = 2_000;
/** Time limit of the sampled traced step and step-mode walks (they read every value back). */
const WALK_LIMIT_MS = 10_000;
/**
 * Failures known and reported, not yet fixed (their home is outside this fuzz's files): a
 * SparseCategoricalCrossEntropy or MulticlassHinge loss on a prediction of width 1 passes the
 * checks, then its forward pass throws from tfjs (one-hot of depth 1) and the failed step leaks
 * the tensors of its gradient tape. Counted and printed, not failed; remove once fixed.
 */
/** Failures known and tolerated (counted, printed): none left. */
const KNOWN: { name: string; pattern: RegExp }[] = [];
const LIMITS = { memoryBytes: 64 * MB, fileBytes: 1 * MB };
/** One graph in this many that trains also takes a traced step and a step-mode walk. */
const WALK_EVERY = 10;

interface Counts {
  generated: number;
  byOrigin: Map<string, number>;
  /** Parse or check errors, by the code of the first error. */
  rejected: Map<string, number>;
  refused: Map<RunStage, number>;
  trained: number;
  nonFinite: number;
  walked: number;
  known: Map<string, number>;
  slowestWalk: { ms: number; what: string };
  slowest: { ms: number; what: string };
  totalMs: number;
}

const counts: Counts = {
  generated: 0,
  byOrigin: new Map(),
  rejected: new Map(),
  refused: new Map(),
  trained: 0,
  nonFinite: 0,
  walked: 0,
  known: new Map(),
  slowestWalk: { ms: 0, what: '' },
  slowest: { ms: 0, what: '' },
  totalMs: 0,
};

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
const errorText = (err: unknown) =>
  err instanceof Error ? `${err.name}: ${err.message.slice(0, 300)}` : String(err);
/** The graph as one line of compact JSON (the text itself when it is not JSON), cut to 3,000 characters. */
function compact(text: string): string {
  let line: string;
  try {
    line = JSON.stringify(JSON.parse(text));
  } catch {
    line = text.replace(/\s+/g, ' ');
  }
  return line.length > 3000 ? `${line.slice(0, 3000)}…` : line;
}
const describeGraph = (g: TrainGraph, i: number) =>
  `#${i} ${g.origin} (${g.note.slice(0, 160)}): ${compact(g.text)}`;

/** Drives one graph as far as it goes; returns its problems (empty when it behaved). */
async function drive(g: TrainGraph, i: number): Promise<string[]> {
  const problems: string[] = [];
  const started = performance.now();
  const before = tf.memory().numTensors;
  let stepMs: number | null = null;
  try {
    const loaded = parseGraphText(g.text);
    if (!loaded.doc) {
      if (!hasErrors(loaded.diagnostics)) problems.push('no document and no error');
      bump(counts.rejected, `parse:${loaded.diagnostics[0]?.code}`);
      return problems;
    }
    const checked = checkGraph(loaded.doc);
    if (!checked.graph) {
      if (!hasErrors(checked.diagnostics)) problems.push('no graph and no error');
      bump(counts.rejected, checked.diagnostics.find((d) => d.severity === 'error')?.code ?? 'none');
      return problems;
    }
    const prepared = await prepareRun(loaded.doc, {}, { limits: LIMITS });
    if (!prepared.ok) {
      bump(counts.refused, prepared.stage);
      if (!hasErrors(prepared.diagnostics)) problems.push(`refused at ${prepared.stage} without an error`);
      // checkGraph accepted it: the graph stage may only refuse a graph with nothing to train (its
      // scratch nodes' own errors are then listed too, since nothing is left to set them aside for).
      if (prepared.stage === 'graph' && !prepared.diagnostics.some((d) => d.code === 'nothing-to-train'))
        problems.push(`refused at graph: ${prepared.diagnostics.map((d) => d.message).join('; ')}`);
      return problems;
    }
    const { trainer } = prepared;
    try {
      const loss = trainer.stepFast();
      const value = (await loss.data())[0];
      loss.dispose();
      counts.trained++;
      if (!Number.isFinite(value)) counts.nonFinite++;
      stepMs = performance.now() - started;
      if (counts.trained % WALK_EVERY === 0) {
        const walkStarted = performance.now();
        await trainer.stepTraced();
        await walkTrainerStep(trainer, 0, false);
        await walkTrainerStep(trainer, null, true);
        counts.walked++;
        const ms = performance.now() - walkStarted;
        if (ms > counts.slowestWalk.ms)
          counts.slowestWalk = { ms, what: `#${i} ${g.origin} (${g.note.slice(0, 100)})` };
        if (ms > WALK_LIMIT_MS)
          problems.push(`traced step and walks took ${ms.toFixed(0)} ms, over ${WALK_LIMIT_MS} ms`);
      }
    } finally {
      trainer.dispose();
    }
  } catch (err) {
    problems.push(`threw ${errorText(err)}`);
  } finally {
    const after = tf.memory().numTensors;
    if (after !== before) problems.push(`leaked ${after - before} tensors`);
    counts.totalMs += performance.now() - started;
    const ms = stepMs ?? performance.now() - started;
    if (ms > counts.slowest.ms) counts.slowest = { ms, what: `#${i} ${g.origin} (${g.note.slice(0, 100)})` };
    if (ms > LIMIT_MS) problems.push(`took ${ms.toFixed(0)} ms, over the ${LIMIT_MS} ms limit`);
  }
  const known = KNOWN.find((k) => problems.some((p) => k.pattern.test(p)));
  if (known) {
    bump(counts.known, known.name);
    return [];
  }
  return problems;
}

const sorted = <K>(map: Map<K, number>) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${String(k)} ${n}`)
    .join(', ');

describe(`training fuzz: ${COUNT} generated graphs, seed ${SEED}`, () => {
  const corpus = generateTrainCorpus(COUNT, SEED);
  const size = Math.ceil(COUNT / CHUNKS);

  it('generates the corpus reproducibly from the seed, mostly structured random graphs', () => {
    expect(corpus.length).toBe(COUNT);
    const again = generateTrainCorpus(50, SEED);
    expect(again.map((g) => g.text)).toEqual(corpus.slice(0, 50).map((g) => g.text));
    expect(corpus.filter((g) => g.origin === 'random').length).toBeGreaterThanOrEqual(COUNT * 0.75);
  });

  it.each(Array.from({ length: CHUNKS }, (_, c) => [c * size, Math.min(COUNT, (c + 1) * size)]))(
    'graphs %i to %i: never throw, leak or run over the time limit',
    async (from, to) => {
      const failures: string[] = [];
      for (let i = from; i < to; i++) {
        const g = corpus[i];
        counts.generated++;
        bump(counts.byOrigin, g.origin === 'random' || g.origin === 'tweak' ? g.origin : 'mutation');
        for (const p of await drive(g, i)) failures.push(`${p} — ${describeGraph(g, i)}`);
      }
      if (process.env.FUZZ_TRAIN_DUMP)
        appendFileSync(process.env.FUZZ_TRAIN_DUMP, failures.map((f) => `${f}\n`).join(''));
      expect({ count: failures.length, first: failures.slice(0, 5) }).toEqual({ count: 0, first: [] });
    },
    240_000,
  );

  it('trains a good share of the random graphs', () => {
    expect(counts.generated).toBe(COUNT);
    expect(counts.trained).toBeGreaterThanOrEqual(COUNT * 0.2);
    expect(counts.walked).toBeGreaterThanOrEqual(counts.trained / WALK_EVERY - 1);
  });

  afterAll(() => {
    const rejected = [...counts.rejected.values()].reduce((a, b) => a + b, 0);
    const refused = [...counts.refused.values()].reduce((a, b) => a + b, 0);
    console.info(
      [
        `training fuzz: ${counts.generated} generated (${sorted(counts.byOrigin)}) in ${(counts.totalMs / 1000).toFixed(1)} s`,
        `  rejected by validation: ${rejected} (${sorted(counts.rejected)})`,
        `  refused by prepareRun: ${refused} (${sorted(counts.refused)})`,
        `  trained one step: ${counts.trained} (non-finite loss ${counts.nonFinite}); traced + walked: ${counts.walked}`,
        `  known failures (reported, not fixed): ${sorted(counts.known) || 'none'}`,
        `  slowest to a first step: ${counts.slowest.ms.toFixed(0)} ms, ${counts.slowest.what}`,
        `  slowest traced step + walks: ${counts.slowestWalk.ms.toFixed(0)} ms, ${counts.slowestWalk.what}`,
      ].join('\n'),
    );
  });
});

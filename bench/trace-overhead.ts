/**
 * Cost of tracing: the Trainer on spiral-mlp with traces off, at 30 Hz and at every step; then the
 * two ways of capturing per-node gradients (custom-gradient wrapper vs zero probes) against a step
 * that captures nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../src/compile/program';
import type { Feeds } from '../src/compile/program';
import { loadDataset } from '../src/data/load';
import type { Dataset } from '../src/data/dataset';
import type { ShapedGraph } from '../src/shapes/infer';
import { disposeFeeds, uploadData } from '../src/train/feeds';
import { createOptimizer } from '../src/train/optimizers';
import { fastStep } from '../src/train/step';
import { Trainer } from '../src/train/trainer';
import type { ReportOptions } from '../src/train/progress';
import { disposeCaptured, gradientNodes, maxGradDifference, probeStep, wrapperStep } from './probe-capture';
import type { CapturedStep } from './probe-capture';
import { race } from './race';
import { tracedStepBreakdown } from './trace-breakdown';
import type { Contender } from './race';
import { examplesAhead, loadGraph, num, pct, printTable, randomDigits } from './util';

const TARGET_OVERHEAD = 0.1;
const ROUNDS = 7;

/** Trainer.run on spiral-mlp in three trace modes. */
async function traceModes(graph: ShapedGraph, dataset: Dataset): Promise<void> {
  const modes: { name: string; traceEveryMs?: number }[] = [
    { name: 'trace off' },
    { name: 'trace 30 Hz (33 ms)', traceEveryMs: 33 },
    { name: 'trace every step (0 ms)', traceEveryMs: 0 },
  ];
  const trainers = modes.map(() => new Trainer({ graph, dataset, overrides: { epochs: 1e9 } }));
  const frames = modes.map(() => 0);
  const steps = modes.map(() => 0);
  const contenders: Contender[] = modes.map((mode, i) => ({
    name: mode.name,
    round: async (n) => {
      const examples = examplesAhead(trainers[i], n);
      const report: ReportOptions = {
        traceEveryMs: mode.traceEveryMs,
        progressEveryMs: 250,
        evaluateEachEpoch: false,
      };
      await trainers[i].run((e) => e.type === 'trace' && frames[i]++, report, n);
      steps[i] += n;
      return examples;
    },
  }));
  try {
    const results = await race(contenders, {
      rounds: ROUNDS,
      warmupSteps: 20,
      // Long rounds: every run() traces its first step, which short rounds would over-weight.
      roundMs: 1000,
      sameSteps: false,
    });
    const off = results[0].median;
    printTable(
      `Trainer.run on spiral-mlp (batch 32, evaluation off, progress every 250 ms), ${ROUNDS} alternating rounds`,
      [
        'mode',
        'steps/round',
        'examples/s median',
        'best',
        'spread',
        'overhead',
        'overhead (bests)',
        'traced steps',
        'leaked tensors',
      ],
      results.map((r, i) => [
        r.name,
        num(r.steps),
        num(r.median),
        num(r.best),
        pct(r.spread).slice(1),
        i === 0 ? '—' : pct(off / r.median - 1),
        i === 0 ? '—' : pct(results[0].best / r.best - 1),
        pct(frames[i] / steps[i]).slice(1),
        num(r.leaked),
      ]),
    );
    const at30 = off / results[1].median - 1;
    console.log(
      `30 Hz overhead ${pct(at30)} (target ≤ ${pct(TARGET_OVERHEAD, 0).slice(1)}: ${at30 <= TARGET_OVERHEAD ? 'met' : 'missed'}); ` +
        'overhead = time per example traced / untraced − 1; traced steps counts warm-up too',
    );
  } finally {
    for (const t of trainers) t.dispose();
  }
}

/** Node-gradient capture strategies on one fixed batch of one graph. */
async function captureStrategies(
  title: string,
  graph: ShapedGraph,
  dataset: Dataset,
  batch: number,
  rounds: number,
  warmupSteps: number,
): Promise<void> {
  const data = uploadData(graph, dataset);
  const feeds: Feeds = data.batch(Int32Array.from({ length: batch }, (_, i) => i));
  const kinds = ['none (fastStep)', 'custom-gradient wrapper', 'zero probes + tf.valueAndGrads'] as const;
  const programs = kinds.map(() => compile(graph));
  const optimizers = kinds.map(() => createOptimizer(graph.doc.training.optimizer));
  const ids = gradientNodes(programs[0]);
  const step = (k: number): CapturedStep =>
    k === 0
      ? { loss: fastStep(programs[0], optimizers[0], feeds, 0), grads: new Map() }
      : k === 1
        ? wrapperStep(programs[1], optimizers[1], feeds)
        : probeStep(programs[2], optimizers[2], feeds, ids);
  try {
    // Same initial weights in programs 1 and 2, so their first steps' node gradients must agree.
    const [wrapped, probed] = [step(1), step(2)];
    const difference = await maxGradDifference(wrapped, probed);
    const recorded = [...wrapped.grads.keys()].join(', ');
    disposeCaptured(wrapped);
    disposeCaptured(probed);
    const kernels: number[] = [];
    for (const k of kinds.keys()) {
      const profile = await tf.profile(() => disposeCaptured(step(k)));
      kernels.push(profile.kernels.length);
    }
    const contenders: Contender[] = kinds.map((name, k) => ({
      name,
      round: async (n) => {
        let last: CapturedStep | null = null;
        for (let i = 0; i < n; i++) {
          const next = step(k);
          if (last) disposeCaptured(last);
          last = next;
        }
        if (last) {
          await last.loss.data();
          disposeCaptured(last);
        }
        return n * batch;
      },
    }));
    const results = await race(contenders, { rounds, warmupSteps, roundMs: 300, sameSteps: true });
    const base = results[0].median;
    printTable(
      `Per-node gradient capture, ${title}, one fixed batch of ${batch}, ${rounds} alternating rounds`,
      [
        'strategy',
        'kernels',
        'steps/round',
        'examples/s median',
        'best',
        'spread',
        'overhead',
        'overhead (bests)',
        'leaked tensors',
      ],
      results.map((r, i) => [
        r.name,
        num(kernels[i]),
        num(r.steps),
        num(r.median),
        num(r.best),
        pct(r.spread).slice(1),
        i === 0 ? '—' : pct(base / r.median - 1),
        i === 0 ? '—' : pct(results[0].best / r.best - 1),
        num(r.leaked),
      ]),
    );
    console.log(
      `nodes recorded: ${recorded}; max |Δ gradient| wrapper vs probes: ${difference.toExponential(2)}`,
    );
  } finally {
    disposeFeeds(feeds);
    data.dispose();
    for (const p of programs) p.dispose();
    for (const o of optimizers) o.dispose();
  }
}

/** Prints trace overheads of the Trainer and of the two gradient capture strategies. */
export async function runTraceOverhead(): Promise<void> {
  const spiral = loadGraph('spiral-mlp.json');
  const spiralData = loadDataset(spiral.doc.training.dataset, spiral.doc.training.seed);
  const tensorsBefore = tf.memory().numTensors;
  await traceModes(spiral, spiralData);
  await tracedStepBreakdown('spiral-mlp 2-100-3', spiral, spiralData, 32, ROUNDS);
  await captureStrategies('spiral-mlp 2-100-3', spiral, spiralData, 32, 11, 20);
  const mnist = loadGraph('mnist-mlp.json');
  await captureStrategies('mnist-mlp 784-500-10', mnist, randomDigits(128, 1), 128, 5, 2);
  console.log(`tensors alive after the benchmark minus before: ${tf.memory().numTensors - tensorsBefore}`);
}

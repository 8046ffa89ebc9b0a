/**
 * Where the time of a traced step goes: an untraced step, a traced step whose tensors are dropped
 * unread, and a traced step read back into a frame, with the tfjs kernels each one launches.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../src/compile/program';
import type { Feeds, Program } from '../src/compile/program';
import type { Dataset } from '../src/data/dataset';
import type { ShapedGraph } from '../src/shapes/infer';
import { disposeFeeds, uploadData } from '../src/train/feeds';
import { createOptimizer } from '../src/train/optimizers';
import { disposeStepTensors, fastStep, readStep, tracedStep } from '../src/train/step';
import { race } from './race';
import type { Contender } from './race';
import { num, pct, printTable } from './util';

type Variant = (program: Program, optimizer: tf.Optimizer, feeds: Feeds, last: boolean) => Promise<void>;

const VARIANTS: { name: string; run: Variant }[] = [
  {
    name: 'fastStep',
    run: async (program, optimizer, feeds, last) => {
      const loss = fastStep(program, optimizer, feeds, 0);
      if (last) await loss.data();
      loss.dispose();
    },
  },
  {
    name: 'tracedStep, not read',
    run: async (program, optimizer, feeds, last) => {
      const tensors = tracedStep(program, optimizer, feeds, 0);
      if (last) await tensors.loss.data();
      disposeStepTensors(tensors);
    },
  },
  {
    name: 'tracedStep + readStep',
    run: async (program, optimizer, feeds) => {
      await readStep(program, tracedStep(program, optimizer, feeds, 0), { step: 0, epoch: 0 });
    },
  },
];

/**
 * Prints the cost of each part of a traced step on one fixed batch.
 *
 * @param rounds - Alternating rounds after warm-up.
 */
export async function tracedStepBreakdown(
  title: string,
  graph: ShapedGraph,
  dataset: Dataset,
  batch: number,
  rounds: number,
): Promise<void> {
  const data = uploadData(graph, dataset);
  const feeds = data.batch(Int32Array.from({ length: batch }, (_, i) => i));
  const programs = VARIANTS.map(() => compile(graph));
  const optimizers = VARIANTS.map(() => createOptimizer(graph.doc.training.optimizer));
  try {
    const kernels: number[] = [];
    for (const [i, v] of VARIANTS.entries()) {
      const profile = await tf.profile(() => v.run(programs[i], optimizers[i], feeds, true));
      kernels.push(profile.kernels.length);
    }
    const contenders: Contender[] = VARIANTS.map((v, i) => ({
      name: v.name,
      round: async (steps) => {
        for (let s = 0; s < steps; s++) await v.run(programs[i], optimizers[i], feeds, s === steps - 1);
        return steps * batch;
      },
    }));
    const results = await race(contenders, { rounds, warmupSteps: 10, roundMs: 300, sameSteps: false });
    printTable(
      `One step of ${title}, batch ${batch}, Program + fixed feeds, ${rounds} alternating rounds`,
      ['variant', 'kernels', 'ms/step (median)', 'vs fastStep', 'leaked tensors'],
      results.map((r, i) => [
        r.name,
        num(kernels[i]),
        num((1000 * batch) / r.median, 2),
        i === 0 ? '—' : `×${(results[0].median / r.median).toFixed(1)}`,
        num(r.leaked),
      ]),
    );
    // With frames every I ms, a traced step costing Δ ms more than an untraced one slows training by
    // Δ / (I − Δ); ≤ 10% needs Δ ≤ I / 11.
    const extra = (1000 * batch) / results[2].median - (1000 * batch) / results[0].median;
    console.log(
      `a traced step costs ${num(extra, 2)} ms more than an untraced one; ≤ 10% overhead at 30 Hz needs ` +
        `≤ ${num(33 / 11, 2)} ms, or frames at most every ${num(11 * extra, 0)} ms (predicted 30 Hz overhead ` +
        `${extra < 33 ? pct(extra / (33 - extra)) : 'unbounded: every step traced'})`,
    );
  } finally {
    disposeFeeds(feeds);
    data.dispose();
    for (const p of programs) p.dispose();
    for (const o of optimizers) o.dispose();
  }
}

/**
 * Training throughput of compiled graphs (the Trainer's untraced steps) against the same models
 * written by hand in plain tfjs, fed the same shuffled batches from the same device-resident data.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, shuffledIndices } from '../src/data/random';
import { loadDataset } from '../src/data/load';
import type { Dataset } from '../src/data/dataset';
import type { ShapedGraph } from '../src/shapes/infer';
import { createOptimizer } from '../src/train/optimizers';
import { encodeLabels } from '../src/train/feeds';
import { gatherRows } from '../src/train/host-rows';
import type { HostRows } from '../src/train/host-rows';
import { OPTIMIZER_DEFAULTS } from '../src/train/optimizer-defaults';
import type { OptimizerSpec } from '../src/graph/types';
import { Trainer } from '../src/train/trainer';
import { HandMlp } from './hand-mlp';
import type { HandMlpSpec } from './hand-mlp';
import { race } from './race';
import type { Contender, RaceResult } from './race';
import { examplesAhead, loadGraph, median, num, pct, printTable, randomDigits } from './util';
import { matMulPeak, mlpFlopsPerExample } from './peak';

const TARGET_RATIO = 1.0;

/** One model of the comparison. */
interface Case {
  title: string;
  graph: ShapedGraph;
  dataset: Dataset;
  hand: HandMlpSpec;
  warmupSteps: number;
  /** Alternating rounds and the wanted length of one, in milliseconds. */
  rounds: number;
  roundMs: number;
  /** Also race a hand-written variant whose matMul gradients transpose explicitly. */
  withExplicitTranspose?: boolean;
  /** Layer sizes, inputs first, for the floating-point work per example. */
  sizes: number[];
}

/**
 * The same batch sequence as the Trainer (per-epoch seeded shuffles), made the way the Trainer makes
 * it on Node's backends (WASM, cpu): rows copied on the host (`src/train/host-rows.ts`). Both sides
 * then pay the same for their batches, and the ratio is about the models' code.
 */
class HandBatches {
  private readonly features: HostRows;
  private readonly labels: HostRows;
  private order: number[] = [];
  private step = 0;

  constructor(
    private readonly data: Dataset,
    private readonly batchSize: number,
    private readonly seed: number,
  ) {
    this.features = { values: data.features, shape: [data.count, data.features.length / data.count] };
    this.labels = encodeLabels(
      { nodeId: 'hand', encoding: 'onehot', shape: [data.numClasses ?? 0] },
      data.labels,
      data.count,
    );
  }

  /** The next batch (tensors owned by the caller) and its size. */
  next(): { x: tf.Tensor; t: tf.Tensor; examples: number } {
    const perEpoch = Math.ceil(this.data.count / this.batchSize);
    const inEpoch = this.step % perEpoch;
    if (inEpoch === 0)
      this.order = shuffledIndices(
        this.data.count,
        createRng(this.seed, `epoch-${Math.floor(this.step / perEpoch)}`),
      );
    this.step++;
    const start = inEpoch * this.batchSize;
    const indices = Int32Array.from(this.order.slice(start, start + this.batchSize));
    return {
      x: gatherRows(this.features, indices),
      t: gatherRows(this.labels, indices),
      examples: indices.length,
    };
  }

  dispose(): void {}
}

/** Runs `steps` steps, keeping only the last loss, reads it once, and records it. */
async function timedSteps(
  steps: number,
  step: () => tf.Scalar,
  record: (loss: number) => void,
): Promise<void> {
  let loss: tf.Scalar | null = null;
  for (let i = 0; i < steps; i++) {
    const next = step();
    loss?.dispose();
    loss = next;
  }
  if (loss) {
    record((await loss.data())[0]);
    loss.dispose();
  }
}

/** A hand-written side: its model and the same batches as the Trainer. */
function handContender(name: string, spec: HandMlpSpec, trainer: Trainer, record: (loss: number) => void) {
  const hand = new HandMlp(spec);
  const optimizer = stockOptimizer(trainer.spec.optimizer);
  const batches = new HandBatches(trainer.train, trainer.spec.batchSize, trainer.spec.seed);
  const contender: Contender = {
    name,
    round: async (steps) => {
      let examples = 0;
      const step = () => {
        const { x, t, examples: n } = batches.next();
        examples += n;
        try {
          return hand.step(optimizer, x, t);
        } finally {
          x.dispose();
          t.dispose();
        }
      };
      await timedSteps(steps, step, record);
      return examples;
    },
  };
  const dispose = () => {
    hand.dispose();
    optimizer.dispose();
    batches.dispose();
  };
  return { contender, dispose };
}

/**
 * The optimizer a hand-written tfjs model would use: tfjs's own classes (the trainer's Adam updates
 * all weights at once, see `src/train/flat-adam.ts`; the reference side must not get that for free).
 */
function stockOptimizer(spec: OptimizerSpec): tf.Optimizer {
  if (spec.type !== 'adam') return createOptimizer(spec);
  const d = OPTIMIZER_DEFAULTS.adam;
  return tf.train.adam(
    spec.learningRate,
    spec.beta1 ?? d.beta1,
    spec.beta2 ?? d.beta2,
    spec.epsilon ?? d.epsilon,
  );
}

/** Races the compiled graph against the hand-written models; returns the results and final losses. */
async function compare(c: Case): Promise<{ results: RaceResult[]; losses: number[]; kernels: number[] }> {
  const trainer = new Trainer({
    graph: c.graph,
    dataset: c.dataset,
    overrides: { testSplit: 0, epochs: 1e9 },
  });
  const losses = [NaN, NaN, NaN];
  const hands = [
    handContender('hand-written', c.hand, trainer, (l) => (losses[1] = l)),
    ...(c.withExplicitTranspose
      ? [
          handContender('hand, explicit transposes', { ...c.hand, explicitTranspose: true }, trainer, (l) => {
            losses[2] = l;
          }),
        ]
      : []),
  ];
  const compiled: Contender = {
    name: 'compiled',
    round: async (steps) => {
      const examples = examplesAhead(trainer, steps);
      await timedSteps(
        steps,
        () => trainer.stepFast(),
        (l) => (losses[0] = l),
      );
      return examples;
    },
  };
  const contenders = [compiled, ...hands.map((h) => h.contender)];
  try {
    // One profiled step each (every side takes it, so the final losses stay comparable).
    const kernels: number[] = [];
    for (const c of contenders) kernels.push((await tf.profile(() => c.round(1))).kernels.length);
    const results = await race(contenders, {
      rounds: c.rounds,
      warmupSteps: c.warmupSteps,
      roundMs: c.roundMs,
      sameSteps: true,
    });
    return { results, losses, kernels };
  } finally {
    trainer.dispose();
    for (const h of hands) h.dispose();
  }
}

function cases(): Case[] {
  const spiral = loadGraph('spiral-mlp.json');
  const spiralSeed = spiral.doc.training.seed;
  const mnist = loadGraph('mnist-mlp.json');
  const mnistSeed = mnist.doc.training.seed;
  return [
    {
      title: 'spiral-mlp 2-100-3, adam, batch 32',
      graph: spiral,
      dataset: loadDataset(spiral.doc.training.dataset, spiralSeed),
      hand: {
        inputs: 2,
        layers: [
          { key: 'hidden', units: 100, activation: 'relu' },
          { key: 'output', units: 3, activation: 'softmax' },
        ],
        fromLogits: false,
        l2: { layer: 'hidden', lambda: 0.0005 },
        seed: spiralSeed,
      },
      warmupSteps: 50,
      rounds: 25,
      roundMs: 250,
      sizes: [2, 100, 3],
    },
    {
      title: 'mnist-mlp 784-500-10, sgd, batch 128',
      graph: mnist,
      // The graph's idx data set is not shipped: the Trainer gets random digits instead (8 batches).
      dataset: randomDigits(1024, mnistSeed),
      hand: {
        inputs: 784,
        // As mnist-mlp.json has it (the lecture's network): sigmoid units and the squared error.
        layers: [
          { key: 'hidden', units: 500, activation: 'sigmoid' },
          { key: 'output', units: 10, activation: 'sigmoid' },
        ],
        fromLogits: false,
        squaredError: true,
        seed: mnistSeed,
      },
      warmupSteps: 3,
      rounds: 9,
      roundMs: 500,
      withExplicitTranspose: true,
      sizes: [784, 500, 10],
    },
  ];
}

/** Prints examples/s of compiled and hand-written training for spiral-mlp and a 784-500-10 MLP. */
export async function runThroughput(): Promise<void> {
  const rows: string[][] = [];
  const ratios: string[][] = [];
  const flops: string[][] = [];
  const peakBefore = await matMulPeak();
  for (const c of cases()) {
    const { results, losses, kernels } = await compare(c);
    // The hand-written sides compute dE/dx of the input too (stock tfjs gradients): more work each.
    results.forEach((r, i) => {
      const perExample = mlpFlopsPerExample(c.sizes, i > 0);
      flops.push([i === 0 ? c.title : '', r.name, num((r.median * perExample) / 1e9, 2)]);
    });
    results.forEach((r, i) =>
      rows.push([
        i === 0 ? c.title : i === 1 ? `  ${c.rounds} rounds × ~${c.roundMs} ms` : '',
        r.name,
        num(kernels[i]),
        num(r.steps),
        num(r.median),
        num(r.best),
        pct(r.spread).slice(1),
        losses[i].toFixed(6),
        num(r.leaked),
      ]),
    );
    const [compiled, hand, transposed] = results;
    const ratio = compiled.median / hand.median;
    ratios.push([
      c.title,
      ratio.toFixed(3),
      median(compiled.perRound.map((v, i) => v / hand.perRound[i])).toFixed(3),
      (compiled.best / hand.best).toFixed(3),
      `≥ ${TARGET_RATIO}`,
      ratio >= TARGET_RATIO ? 'met' : 'missed',
      transposed ? `×${(transposed.median / compiled.median).toFixed(2)}` : '—',
    ]);
  }
  printTable(
    'Training throughput in alternating rounds after warm-up (same steps per round for every side)',
    [
      'model',
      'side',
      'kernels/step',
      'steps/round',
      'examples/s median',
      'best',
      'spread',
      'final loss',
      'leaked tensors',
    ],
    rows,
  );
  printTable(
    'Compiled / hand-written throughput',
    ['model', 'ratio of medians', 'median of paired', 'ratio of bests', 'target', '', 'explicit transpose'],
    ratios,
  );
  console.log(
    'explicit transpose: hand-written with gradients matMul(transpose(x), dy) and matMul(dy, transpose(W)), examples/s relative to compiled',
  );
  const peak = Math.max(peakBefore, await matMulPeak());
  printTable(
    `Achieved GFLOP/s (products only) against this backend's 512×512 matMul peak, ${num(peak, 1)} GFLOP/s, measured in this run`,
    ['model', 'side', 'GFLOP/s'],
    flops.map(([m, side, g]) => [m, side, `${g} (${num((Number(g) / peak) * 100, 0)} %)`]),
  );
}

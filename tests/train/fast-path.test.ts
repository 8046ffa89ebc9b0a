/**
 * The untraced step leaves out work nobody reads, and must still take exactly the step a traced one
 * takes: no dE/dx for an input no weight lies behind, batches cut from a per-epoch shuffled copy
 * (GPU backends) or copied on the host (WASM, cpu) instead of gathered per step — same weights as
 * traced steps and as steps on gathered batches, across epochs and reshuffles, and the same batches
 * for the same seed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { TrainingSpec } from '../../src/graph/types';
import { loadDataset } from '../../src/data/load';
import { matMul2d } from '../../src/ops/matmul';
import { fastStep } from '../../src/train/step';
import { Trainer } from '../../src/train/trainer';
import { loadExample, tf } from '../helpers/tf';

const trainers: Trainer[] = [];
afterEach(() => {
  for (const t of trainers.splice(0)) t.dispose();
});

function trainer(
  example: {
    graph: ReturnType<typeof loadExample>['graph'];
    dataset: ReturnType<typeof loadExample>['dataset'];
  },
  overrides: Partial<TrainingSpec> = {},
): Trainer {
  const t = new Trainer({
    graph: example.graph,
    dataset: example.dataset,
    overrides: { testSplit: 0, ...overrides },
  });
  trainers.push(t);
  return t;
}

async function weightsOf(t: Trainer): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const w of t.program.weights) out[w.key] = Array.from(await w.variable.data());
  return out;
}

/** Largest absolute difference between two weight sets with the same keys. */
function maxDiff(a: Record<string, number[]>, b: Record<string, number[]>): number {
  let worst = 0;
  for (const key of Object.keys(a)) {
    expect(b[key]).toHaveLength(a[key].length);
    a[key].forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[key][i]))));
  }
  return worst;
}

const spiral = loadExample('spiral-mlp');
const xorSlides = loadExample('xor-slides');

describe('batches cut from the epoch copy', () => {
  it('give the very weights of steps on batches gathered by index, across reshuffled epochs', async () => {
    // 300 examples in batches of 32: 10 steps per epoch, the last one of 12; 25 steps cross 2 reshuffles.
    const sliced = trainer(spiral, { batchSize: 32, shuffle: true, seed: 7 });
    const gathered = trainer(spiral, { batchSize: 32, shuffle: true, seed: 7 });
    for (let i = 0; i < 25; i++) {
      sliced.stepFast().dispose();
      // lendStep gathers the next batch by its indices (what every step did before).
      await gathered.lendStep(null, true, async ({ program, optimizer, feeds, seed }) =>
        fastStep(program, optimizer, feeds, seed).dispose(),
      );
    }
    expect(sliced.steps).toBe(25);
    expect(maxDiff(await weightsOf(sliced), await weightsOf(gathered))).toBe(0);
  });

  it('are the same for the same seed and differ for another', async () => {
    const a = trainer(spiral, { batchSize: 50, seed: 3 });
    const b = trainer(spiral, { batchSize: 50, seed: 3 });
    const c = trainer(spiral, { batchSize: 50, seed: 4 });
    for (let i = 0; i < 8; i++) for (const t of [a, b, c]) t.stepFast().dispose();
    const [wa, wb, wc] = [await weightsOf(a), await weightsOf(b), await weightsOf(c)];
    expect(maxDiff(wa, wb)).toBe(0);
    expect(maxDiff(wa, wc)).toBeGreaterThan(0);
  });

  it('without shuffling take the examples in order', async () => {
    const sliced = trainer(spiral, { batchSize: 64, shuffle: false });
    const gathered = trainer(spiral, { batchSize: 64, shuffle: false });
    for (let i = 0; i < 7; i++) {
      expect(Array.from(gathered.batchIndices())).toEqual(
        Array.from({ length: i % 5 === 4 ? 44 : 64 }, (_, k) => (i % 5) * 64 + k),
      );
      sliced.stepFast().dispose();
      await gathered.lendStep(null, true, async ({ program, optimizer, feeds, seed }) =>
        fastStep(program, optimizer, feeds, seed).dispose(),
      );
    }
    expect(maxDiff(await weightsOf(sliced), await weightsOf(gathered))).toBe(0);
  });
});

describe('the untraced step', () => {
  it('updates the weights exactly as traced steps do (spiral MLP, Adam)', async () => {
    const fast = trainer(spiral, { batchSize: 32 });
    const traced = trainer(spiral, { batchSize: 32 });
    for (let i = 0; i < 12; i++) {
      fast.stepFast().dispose();
      await traced.stepTraced();
    }
    expect(maxDiff(await weightsOf(fast), await weightsOf(traced))).toBeLessThan(1e-6);
  });

  it('updates the weights exactly as traced steps do (op-level XOR: x → MatMul)', async () => {
    const fast = trainer(xorSlides);
    const traced = trainer(xorSlides);
    for (let i = 0; i < 5; i++) {
      fast.stepFast().dispose();
      await traced.stepTraced();
    }
    expect(maxDiff(await weightsOf(fast), await weightsOf(traced))).toBeLessThan(1e-6);
  });

  it('takes no product for dE/dx of the input: one matrix product fewer than with it', async () => {
    // x [N, 6] → Dense(5) → Dense(3) → loss: the backward pass needs dW1, dW2 and dE/dh, never dE/dx.
    const loaded = parseGraphText(
      JSON.stringify({
        schemaVersion: 1,
        name: 'two dense layers',
        nodes: [
          { id: 'x', op: 'Input', params: { shape: [6] } },
          { id: 'h', op: 'Dense', params: { units: 5, activation: 'tanh' } },
          { id: 'y', op: 'Dense', params: { units: 3, activation: 'linear' } },
          { id: 't', op: 'Target', params: { shape: [3], encoding: 'value' } },
          { id: 'loss', op: 'MSE', params: {} },
        ],
        edges: [
          { source: 'x', sourcePort: 'out', target: 'h', targetPort: 'in' },
          { source: 'h', sourcePort: 'out', target: 'y', targetPort: 'in' },
          { source: 'y', sourcePort: 'out', target: 'loss', targetPort: 'prediction' },
          { source: 't', sourcePort: 'out', target: 'loss', targetPort: 'target' },
        ],
        training: {
          dataset: { kind: 'inline', features: [[1, 2, 3, 4, 5, 6]], labels: [[1, 0, 0]] },
          optimizer: { type: 'sgd', learningRate: 0.1 },
          batchSize: 1,
        },
      }),
    );
    expect(loaded.diagnostics).toEqual([]);
    const doc = loaded.doc!;
    const checked = checkGraph(doc);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = new Trainer({ graph: checked.graph!, dataset: loadDataset(doc.training.dataset, 1) });
    trainers.push(t);
    const profile = await tf.profile(() => t.stepFast().dispose());
    const products = profile.kernels.filter((k) => k.name === 'BatchMatMul').map((k) => k.outputShapes[0]);
    // Forward x·W1 [1,5], h·W2 [1,3]; backward dE/dh [1,5], dW2 [5,3], dW1 [6,5]: no [1,6] for dE/dx.
    expect(products).toHaveLength(5);
    expect(products).not.toContainEqual([1, 6]);
    expect(products).toContainEqual([6, 5]);
  });
});

describe('matMul2d', () => {
  it('gives stock tfjs gradients for each operand it is asked to differentiate', () => {
    const a = tf.tensor2d([1, -2, 0.5, 3, 4, -1], [2, 3]);
    const b = tf.tensor2d([0.2, -1, 2, 0.5, 1.5, -0.3], [3, 2]);
    const dy = tf.tensor2d([1, 2, -1, 0.5], [2, 2]);
    const [refA, refB] = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
      tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    )([a, b], dy);
    const onlyB = tf.grad((w: tf.Tensor) => matMul2d(tf, a, w, { a: false, b: true }))(b, dy);
    const onlyA = tf.grad((x: tf.Tensor) => matMul2d(tf, x, b, { a: true, b: false }))(a, dy);
    const [bothA, bothB] = tf.grads((x: tf.Tensor, w: tf.Tensor) => matMul2d(tf, x, w))([a, b], dy);
    const close = (x: tf.Tensor, y: tf.Tensor) =>
      Array.from(x.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(y.dataSync()[i], 5));
    close(onlyB, refB);
    close(onlyA, refA);
    close(bothA, refA);
    close(bothB, refB);
    expect(Array.from(matMul2d(tf, a, b, { a: false, b: false }).dataSync())).toEqual(
      Array.from(tf.matMul(a, b).dataSync()),
    );
  });
});

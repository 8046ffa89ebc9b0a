/**
 * The physical limit a training step is measured against: the matrix-product throughput of the
 * active backend (GFLOP/s on square fp32 products), measured in the same run, and the floating-point
 * work of one training example of a dense MLP.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * GFLOP/s of `n`×`n` by `n`×`n` products on the active backend, the best of a few timed batches after
 * a warm-up (2n³ operations each).
 */
export async function matMulPeak(n = 512, ms = 600): Promise<number> {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  try {
    const once = async (count: number) => {
      const start = performance.now();
      let last: tf.Tensor | null = null;
      for (let i = 0; i < count; i++) {
        last?.dispose();
        last = tf.matMul(a, b);
      }
      await last!.data();
      last!.dispose();
      return performance.now() - start;
    };
    const warm = await once(2);
    const count = Math.max(2, Math.round(ms / 4 / Math.max(1, warm / 2)));
    let best = Infinity;
    for (let i = 0; i < 4; i++) best = Math.min(best, await once(count));
    return (2 * n ** 3 * count) / (best / 1000) / 1e9;
  } finally {
    a.dispose();
    b.dispose();
  }
}

/**
 * Floating-point operations of one example's training step through dense layers `sizes` (inputs
 * first): the forward product, the weight gradient, and the input gradient of every layer but the
 * first (no weight lies behind the data). Element-wise work is left out: it is a rounding error.
 */
export function mlpFlopsPerExample(sizes: readonly number[], inputGradient = false): number {
  let flops = 0;
  for (let i = 1; i < sizes.length; i++) {
    const product = 2 * sizes[i - 1] * sizes[i];
    flops += product * (i > 1 || inputGradient ? 3 : 2);
  }
  return flops;
}

/**
 * A 2-D matrix product whose gradient uses explicit transposes. tfjs's own gradient calls matMul
 * with transpose flags, which the WASM backend runs about 10× slower than a transpose followed by
 * a plain product (measured in bench/throughput.ts: ×3 on a whole 784-500-10 training step).
 *
 * A custom gradient computes every input's share at once, wanted or not; an operand whose gradient
 * nobody asks for (the data, in a training step) is therefore left out of the gradient altogether,
 * which saves one product of the size of the forward one.
 */
import type * as tfType from '@tensorflow/tfjs';

/**
 * Operands up to this many elements are transposed by matMul's own flags: below it one kernel
 * dispatch costs more than the slow transposed product saves (measured on WASM: [32,2]ᵀ·[32,100]
 * takes 35 µs with the flag and 63 µs with a Transpose; [32,100]ᵀ·[32,3] 63 µs and 27 µs).
 */
const FLAG_TRANSPOSE_MAX = 512;

/** dA = dC·Bᵀ for the product C = A·B. */
export function productGradA(tf: typeof tfType, dy: tfType.Tensor, b: tfType.Tensor): tfType.Tensor {
  return b.size <= FLAG_TRANSPOSE_MAX
    ? tf.matMul(dy as tfType.Tensor2D, b as tfType.Tensor2D, false, true)
    : tf.matMul(dy as tfType.Tensor2D, tf.transpose(b as tfType.Tensor2D));
}

/** dB = Aᵀ·dC for the product C = A·B. */
export function productGradB(tf: typeof tfType, a: tfType.Tensor, dy: tfType.Tensor): tfType.Tensor {
  return a.size <= FLAG_TRANSPOSE_MAX
    ? tf.matMul(a as tfType.Tensor2D, dy as tfType.Tensor2D, true, false)
    : tf.matMul(tf.transpose(a as tfType.Tensor2D), dy as tfType.Tensor2D);
}

/** Which operands of a product the backward pass needs dE/d(operand) for. */
export interface ProductGrads {
  a: boolean;
  b: boolean;
}

/**
 * C = A·B for A [m, k] and B [k, n], with dA = dC·Bᵀ and dB = Aᵀ·dC (each only when `need` asks for
 * it; by default both).
 */
export function matMul2d(
  tf: typeof tfType,
  a: tfType.Tensor,
  b: tfType.Tensor,
  need: ProductGrads = { a: true, b: true },
): tfType.Tensor {
  const dA = (dy: tfType.Tensor, w: tfType.Tensor) => productGradA(tf, dy, w);
  const dB = (x: tfType.Tensor, dy: tfType.Tensor) => productGradB(tf, x, dy);
  if (need.a && need.b) {
    const product = tf.customGrad((...args: (tfType.Tensor | tfType.GradSaveFunc)[]) => {
      const [x, w, save] = args as [tfType.Tensor2D, tfType.Tensor2D, tfType.GradSaveFunc];
      save([x, w]);
      return {
        value: tf.matMul(x, w),
        gradFunc: (dy: tfType.Tensor, saved: tfType.Tensor[]) => [dA(dy, saved[1]), dB(saved[0], dy)],
      };
    });
    return product(a, b);
  }
  if (!need.a && !need.b) return tf.matMul(a as tfType.Tensor2D, b as tfType.Tensor2D);
  // One operand is differentiated; the other is a constant of the product. It is saved with the
  // operand: an intermediate (a Square of the data, a Dropout) is freed when the forward pass ends,
  // before the backward pass reads it, unless the tape keeps it.
  const constant = need.a ? b : a;
  const product = tf.customGrad((...args: (tfType.Tensor | tfType.GradSaveFunc)[]) => {
    const [v, save] = args as [tfType.Tensor2D, tfType.GradSaveFunc];
    save([v, constant]);
    return {
      value: need.a ? tf.matMul(v, constant as tfType.Tensor2D) : tf.matMul(constant as tfType.Tensor2D, v),
      gradFunc: (dy: tfType.Tensor, saved: tfType.Tensor[]) => (need.a ? dA(dy, saved[1]) : dB(saved[1], dy)),
    };
  });
  return product(need.a ? a : b);
}

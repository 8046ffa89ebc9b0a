/**
 * act(x·W + b) with a gradient of our own for the whole layer. On small models a training step is
 * mostly kernel dispatch, and tfjs's per-op gradients spend kernels on bookkeeping: Reshape–Sum–
 * Reshape for the bias, Step–Cast–Multiply for ReLU, a copy of every saved input. Here the backward
 * pass is ds = dy·act′(y), db = Σ ds, dx = ds·Wᵀ, dW = xᵀ·ds, with the transposes chosen as in
 * `matmul.ts`, and a variable kernel is read directly rather than copied.
 *
 * (tfjs's fused matMul would also merge the forward kernels, but it refuses to fuse ReLU while a
 * gradient is recorded, and on WASM it needs rank-3 operands: three Reshapes, more than it saves.)
 *
 * Only activations whose derivative can be read off the output y are applied here (linear, ReLU,
 * sigmoid), so no pre-activation tensor is kept; the caller applies any other one afterwards.
 */
import type * as tfType from '@tensorflow/tfjs';
import { productGradA, productGradB } from './matmul';

/** Activations applied inside the layer op, with their derivative as a function of the output y. */
const INSIDE: Record<
  string,
  ((tf: typeof tfType, dy: tfType.Tensor, y: tfType.Tensor) => tfType.Tensor) | undefined
> = {
  linear: (_tf, dy) => dy,
  // y > 0 exactly where the pre-activation was > 0: tfjs's ReLU gradient, step(s), read from y.
  relu: (tf, dy, y) => tf.mul(dy, tf.step(y)),
  sigmoid: (tf, dy, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y))),
};

/** Whether {@link denseProduct} applies `activation` itself. */
export const appliesActivation = (activation: string): boolean => INSIDE[activation] !== undefined;

/**
 * y = act(x·W + b) for x [m, k], W [k, n], b [n] (or no bias), where `act` is `activation` when
 * {@link appliesActivation} says so and linear otherwise (the caller then applies it). `needX`
 * false leaves dE/dx out of the gradient: nothing reads it in a training step whose x is the data.
 */
export function denseProduct(
  tf: typeof tfType,
  x: tfType.Tensor,
  kernel: tfType.Tensor,
  bias: tfType.Tensor | undefined,
  activation: string,
  needX: boolean,
): tfType.Tensor {
  const applied = appliesActivation(activation) ? activation : 'linear';
  const dAct = INSIDE[applied]!;
  const forward = (a: tfType.Tensor, w: tfType.Tensor, b: tfType.Tensor | undefined) => {
    const s = tf.matMul(a as tfType.Tensor2D, w as tfType.Tensor2D);
    const z = b ? tf.add(s, b) : s;
    return applied === 'relu' ? tf.relu(z) : applied === 'sigmoid' ? tf.sigmoid(z) : z;
  };
  /** The shares of x, W and b in dE/dy, given what the forward pass saved. */
  const backward = (dy: tfType.Tensor, a: tfType.Tensor, w: tfType.Tensor, y: tfType.Tensor) => {
    const ds = dAct(tf, dy, y);
    return {
      dx: needX ? productGradA(tf, ds, w) : null,
      dw: productGradB(tf, a, ds),
      db: bias ? tf.sum(ds, 0) : null,
    };
  };
  // customGrad differentiates every tensor argument, so the arguments are exactly the tensors whose
  // gradient is wanted; x rides along in `save` when it is a constant of the product.
  // A variable outlives the step, so the backward pass reads it directly: `save` would copy it.
  const keepsKernel = kernel instanceof tf.Variable;
  const op = tf.customGrad((...args: (tfType.Tensor | tfType.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tfType.GradSaveFunc;
    const tensors = args.slice(0, -1) as tfType.Tensor[];
    const [a, w, b] = needX ? tensors : [x, ...tensors];
    const y = forward(a, w, b);
    save(keepsKernel ? [a, y] : [a, y, w]);
    return {
      value: y,
      gradFunc: (dy: tfType.Tensor, saved: tfType.Tensor[]) => {
        const g = backward(dy, saved[0], keepsKernel ? kernel : saved[2], saved[1]);
        const grads = [g.dw, ...(g.db ? [g.db] : [])];
        return needX ? [g.dx!, ...grads] : grads;
      },
    };
  });
  const params = bias ? [kernel, bias] : [kernel];
  return needX ? op(x, ...params) : op(...params);
}

/**
 * The reference side of the throughput benchmark: a dense MLP written by hand with plain tfjs,
 * initialised exactly like the compiled graph (glorot-uniform kernels seeded per weight key, zero
 * biases) and trained the same way (`computeGradients` + `applyGradients` inside one `tidy`).
 */
import * as tf from '@tensorflow/tfjs';
import { weightSeed } from '../src/compile/init';

/** One dense layer; `key` is the node id of the matching Dense node in the graph. */
export interface HandLayer {
  key: string;
  units: number;
  activation: 'relu' | 'sigmoid' | 'softmax' | 'linear';
}

/** The network and its loss. */
export interface HandMlpSpec {
  inputs: number;
  layers: HandLayer[];
  /** Categorical cross-entropy on logits (log-softmax) rather than on clipped probabilities. */
  fromLogits: boolean;
  /** The slides' error ½ Σ (t − y)² per example, averaged, instead of cross-entropy (L2Error). */
  squaredError?: boolean;
  /** λ Σ w² on the kernel of one layer, as an L2Penalty node with `layer` adds. */
  l2?: { layer: string; lambda: number };
  seed: number;
  /**
   * Compute matMul gradients with explicit transposes, dW = matMul(transpose(x), dy) and
   * dx = matMul(dy, transpose(W)), instead of tfjs's transposeA/transposeB flags, which the wasm
   * backend runs far slower. Not what the compiled graph does.
   */
  explicitTranspose?: boolean;
}

/** Probabilities are clipped this far from 0 and 1 before the log, as the loss op does. */
const EPSILON = 1e-7;

/** x·w whose gradient transposes explicitly: dx = dy·transpose(w), dw = transpose(x)·dy. */
const matMulExplicitTranspose = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1] as tf.Tensor2D)),
      tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D),
    ],
  };
});

/** A hand-written MLP with its variables. */
export class HandMlp {
  private readonly kernels: tf.Variable[] = [];
  private readonly biases: tf.Variable[] = [];

  constructor(private readonly spec: HandMlpSpec) {
    let fanIn = spec.inputs;
    for (const layer of spec.layers) {
      const limit = Math.sqrt(6 / (fanIn + layer.units));
      const seed = weightSeed(spec.seed, `${layer.key}/kernel`);
      this.kernels.push(tf.variable(tf.randomUniform([fanIn, layer.units], -limit, limit, 'float32', seed)));
      this.biases.push(tf.variable(tf.zeros([layer.units])));
      fanIn = layer.units;
    }
  }

  /** Trainable variables. */
  get variables(): tf.Variable[] {
    return [...this.kernels, ...this.biases];
  }

  /** The objective for a batch: mean cross-entropy (or squared error) plus the optional L2 penalty. */
  loss(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    let h = x;
    this.spec.layers.forEach((layer, i) => {
      const product = this.spec.explicitTranspose
        ? matMulExplicitTranspose(h, this.kernels[i])
        : tf.matMul(h, this.kernels[i]);
      const s = tf.add(product, this.biases[i]);
      h =
        layer.activation === 'relu'
          ? tf.relu(s)
          : layer.activation === 'sigmoid'
            ? tf.sigmoid(s)
            : layer.activation === 'softmax'
              ? tf.softmax(s)
              : s;
    });
    if (this.spec.squaredError) return tf.mean(tf.mul(0.5, tf.sum(tf.square(tf.sub(t, h)), 1))) as tf.Scalar;
    const logP = this.spec.fromLogits ? tf.logSoftmax(h) : tf.log(tf.clipByValue(h, EPSILON, 1 - EPSILON));
    const ce = tf.mean(tf.sum(tf.neg(tf.mul(t, logP)), 1));
    const { l2 } = this.spec;
    if (!l2) return ce as tf.Scalar;
    const kernel = this.kernels[this.spec.layers.findIndex((l) => l.key === l2.layer)];
    return tf.add(ce, tf.mul(l2.lambda, tf.sum(tf.square(kernel)))) as tf.Scalar;
  }

  /** One gradient step; returns the objective (the caller disposes it). */
  step(optimizer: tf.Optimizer, x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const { value, grads } = optimizer.computeGradients(() => this.loss(x, t), this.variables);
      optimizer.applyGradients(grads);
      return value;
    });
  }

  /** Frees the variables. */
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

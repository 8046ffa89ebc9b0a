/**
 * Adam over all of a model's weights at once. tfjs's AdamOptimizer updates each variable with its
 * own chain of 15 kernels; on a small model (spiral-mlp: four variables) that was 60 of a step's
 * ~140 kernels, and a small model's step is mostly kernel dispatch. Here the gradients are joined
 * into one vector, the moments live in one vector each, and the same chain runs once; the update is
 * split back per variable. Every element sees the same float32 operations in the same order as in
 * tfjs's implementation, so the weights are the same (checked bit for bit in the tests).
 */
import * as tf from '@tensorflow/tfjs';

/** Where one variable's elements lie in the joined vectors. */
interface Slot {
  name: string;
  shape: number[];
  size: number;
}

/** Adam as tfjs computes it, for a fixed set of variables updated together. */
export class FlatAdamOptimizer extends tf.Optimizer {
  /** Serialized like tfjs's Adam: the same hyper-parameters and class name. */
  static get className(): string {
    return 'Adam';
  }

  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;
  private layout: Slot[] | null = null;
  private firstMoment: tf.Variable | null = null;
  private secondMoment: tf.Variable | null = null;

  constructor(
    private readonly learningRate: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
  ) {
    super();
    // β₁ᵗ and β₂ᵗ for the bias correction, as tfjs keeps them.
    this.accBeta1 = tf.tidy(() => tf.scalar(beta1).variable(false));
    this.accBeta2 = tf.tidy(() => tf.scalar(beta2).variable(false));
  }

  /**
   * One Adam step. The first call fixes the set of variables; later calls must pass the same
   * names (the trainer always passes every trainable weight), and a gradient for each.
   */
  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const entries: [string, tf.Tensor][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const layout = this.layoutFor(entries);
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      const g =
        entries.length === 1
          ? entries[0][1].reshape([-1])
          : tf.concat(entries.map(([, t]) => t.reshape([-1])));
      const m = this.firstMoment!;
      const v = this.secondMoment!;
      const newM = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
      const newV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      const mHat = tf.div(newM, oneMinusAccBeta1);
      const vHat = tf.div(newV, oneMinusAccBeta2);
      m.assign(newM);
      v.assign(newV);
      const step = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate);
      const parts =
        layout.length === 1
          ? [step]
          : tf.split(
              step,
              layout.map((s) => s.size),
            );
      layout.forEach((slot, i) => {
        const value = tf.engine().registeredVariables[slot.name];
        value.assign(tf.add(parts[i].reshape(slot.shape), value));
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  /** The layout of the joined vectors, made (with zero moments) on the first call. */
  private layoutFor(entries: [string, tf.Tensor][]): Slot[] {
    if (this.layout) {
      const same =
        entries.length === this.layout.length && entries.every(([name], i) => name === this.layout![i].name);
      if (!same)
        throw new Error(
          `Adam was set up for the variables ${this.layout.map((s) => s.name).join(', ')} and got gradients for ${entries.map(([n]) => n).join(', ')}`,
        );
      return this.layout;
    }
    const layout = entries.map(([name, grad]) => {
      if (!tf.engine().registeredVariables[name])
        throw new Error(`Adam got a gradient for an unknown variable "${name}"`);
      return { name, shape: grad.shape, size: grad.size };
    });
    const total = layout.reduce((n, s) => n + s.size, 0);
    this.firstMoment = tf.tidy(() => tf.zeros([total]).variable(false));
    this.secondMoment = tf.tidy(() => tf.zeros([total]).variable(false));
    this.layout = layout;
    return layout;
  }

  override dispose(): void {
    this.accBeta1.dispose();
    this.accBeta2.dispose();
    this.firstMoment?.dispose();
    this.secondMoment?.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}

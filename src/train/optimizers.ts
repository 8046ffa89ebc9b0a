/** The optimizers of the training section, built on tfjs's implementations. */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../graph/types';
import { FlatAdamOptimizer } from './flat-adam';
import { OPTIMIZER_DEFAULTS } from './optimizer-defaults';

// Kept here for callers that already import it with the optimizers.
export { OPTIMIZER_DEFAULTS };

// The formulas live in a tfjs-free module so the editor's main thread can show them.

/** Creates the tfjs optimizer a spec describes. */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const lr = spec.learningRate;
  switch (spec.type) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(
        lr,
        spec.momentum ?? OPTIMIZER_DEFAULTS.momentum.momentum,
        spec.nesterov ?? OPTIMIZER_DEFAULTS.momentum.nesterov,
      );
    case 'adagrad':
      return tf.train.adagrad(
        lr,
        spec.initialAccumulatorValue ?? OPTIMIZER_DEFAULTS.adagrad.initialAccumulatorValue,
      );
    case 'rmsprop':
      return tf.train.rmsprop(
        lr,
        spec.decay ?? OPTIMIZER_DEFAULTS.rmsprop.decay,
        spec.momentum ?? OPTIMIZER_DEFAULTS.rmsprop.momentum,
        spec.epsilon ?? OPTIMIZER_DEFAULTS.rmsprop.epsilon,
      );
    case 'adam':
      // tfjs's Adam, computed over all weights at once (see flat-adam.ts).
      return new FlatAdamOptimizer(
        lr,
        spec.beta1 ?? OPTIMIZER_DEFAULTS.adam.beta1,
        spec.beta2 ?? OPTIMIZER_DEFAULTS.adam.beta2,
        spec.epsilon ?? OPTIMIZER_DEFAULTS.adam.epsilon,
      );
  }
}

/**
 * Frees an optimizer. tfjs 4.22's MomentumOptimizer.dispose() skips the base class, leaking its
 * learning-rate scalar `c`; free it here.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) {
    const c = (optimizer as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  }
}

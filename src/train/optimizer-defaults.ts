/**
 * Default hyper-parameters per optimizer (Keras' defaults), in a module free of TensorFlow.js so
 * the exports and the editor's main thread can read them without loading it.
 */
export const OPTIMIZER_DEFAULTS = {
  momentum: { momentum: 0.9, nesterov: false },
  adagrad: { initialAccumulatorValue: 0.1 },
  rmsprop: { decay: 0.9, momentum: 0, epsilon: 1e-7 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
} as const;

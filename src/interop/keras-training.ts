/**
 * The training section as Keras compile settings, and back: the loss node as a Keras loss, the
 * optimizer with its hyper-parameters. Our optimizers are tfjs's, so TensorFlow.js reproduces
 * them exactly; Keras 3's Adam adds ε to √v before the bias correction (ours after), said in a note.
 */
import type { OptimizerSpec } from '../graph/types';
import { getOp } from '../ops/registry';
import type { OpSpec, Params } from '../ops/spec';
import { OPTIMIZER_DEFAULTS } from '../train/optimizer-defaults';
import type { KerasTraining } from './keras-model';
import type { KerasDialect } from './keras-names';

/** Keras loss names of our loss ops (the table is this format's registry of losses). */
const LOSSES = new Map<string, { name: string; className: string; alias?: string }>([
  ['MSE', { name: 'mean_squared_error', className: 'MeanSquaredError', alias: 'mse' }],
  ['MAE', { name: 'mean_absolute_error', className: 'MeanAbsoluteError', alias: 'mae' }],
  ['BinaryCrossEntropy', { name: 'binary_crossentropy', className: 'BinaryCrossentropy' }],
  ['CategoricalCrossEntropy', { name: 'categorical_crossentropy', className: 'CategoricalCrossentropy' }],
  [
    'SparseCategoricalCrossEntropy',
    { name: 'sparse_categorical_crossentropy', className: 'SparseCategoricalCrossentropy' },
  ],
]);

/** A loss node as a Keras loss, or why it cannot be one. */
export function kerasLoss(
  spec: OpSpec,
  params: Params,
  dialect: KerasDialect,
): KerasTraining['loss'] | { cannot: string } {
  const known = LOSSES.get(spec.op);
  if (!known) return { cannot: `Keras has no loss computing ${spec.title}` };
  const logits = spec.takesLogits?.(params) ?? false;
  if (!logits) return known.name;
  if (dialect === 'tfjs')
    return { cannot: `TensorFlow.js training configs cannot say that ${spec.title} takes logits` };
  return { class_name: known.className, config: { from_logits: true } };
}

/** Our loss op and params for a Keras loss (a name or a serialized object), or null. */
export function lossFromKeras(loss: unknown): { op: string; params: Record<string, boolean> } | null {
  let name: string | null = null;
  let logits = false;
  if (typeof loss === 'string') name = loss;
  else if (loss && typeof loss === 'object') {
    const o = loss as { class_name?: unknown; config?: { from_logits?: unknown } };
    name = typeof o.class_name === 'string' ? o.class_name : null;
    logits = o.config?.from_logits === true;
  }
  if (!name) return null;
  // tfjs writes camelCase names (`meanSquaredError`), Keras snake_case or class names.
  const flat = name.toLowerCase().replace(/_/g, '');
  for (const [op, k] of LOSSES)
    if (flat === k.name.replace(/_/g, '') || flat === k.className.toLowerCase() || flat === k.alias)
      // Only the losses that can read logits have the param (the cross-entropies).
      return {
        op,
        params: getOp(op)?.params.some((p) => p.name === 'fromLogits') ? { fromLogits: logits } : {},
      };
  return null;
}

/** The optimizer in a dialect's spelling: Keras 3 snake_case, tfjs's own camelCase config. */
export function kerasOptimizer(spec: OptimizerSpec, dialect: KerasDialect): KerasTraining['optimizer'] {
  const lr = spec.learningRate;
  const d = OPTIMIZER_DEFAULTS;
  const tfjs = dialect === 'tfjs';
  switch (spec.type) {
    case 'sgd':
      return tfjs
        ? { className: 'SGD', config: { learningRate: lr } }
        : { className: 'SGD', config: { learning_rate: lr } };
    case 'momentum': {
      const momentum = spec.momentum ?? d.momentum.momentum;
      const nesterov = spec.nesterov ?? d.momentum.nesterov;
      return tfjs
        ? { className: 'Momentum', config: { learningRate: lr, momentum, useNesterov: nesterov } }
        : { className: 'SGD', config: { learning_rate: lr, momentum, nesterov } };
    }
    case 'adagrad': {
      const initial = spec.initialAccumulatorValue ?? d.adagrad.initialAccumulatorValue;
      return tfjs
        ? { className: 'Adagrad', config: { learningRate: lr, initialAccumulatorValue: initial } }
        : {
            className: 'Adagrad',
            config: { learning_rate: lr, initial_accumulator_value: initial, epsilon: 1e-7 },
          };
    }
    case 'rmsprop': {
      const decay = spec.decay ?? d.rmsprop.decay;
      const momentum = spec.momentum ?? d.rmsprop.momentum;
      const epsilon = spec.epsilon ?? d.rmsprop.epsilon;
      return tfjs
        ? { className: 'RMSProp', config: { learningRate: lr, decay, momentum, epsilon, centered: false } }
        : { className: 'RMSprop', config: { learning_rate: lr, rho: decay, momentum, epsilon } };
    }
    case 'adam': {
      const beta1 = spec.beta1 ?? d.adam.beta1;
      const beta2 = spec.beta2 ?? d.adam.beta2;
      const epsilon = spec.epsilon ?? d.adam.epsilon;
      return tfjs
        ? { className: 'Adam', config: { learningRate: lr, beta1, beta2, epsilon } }
        : { className: 'Adam', config: { learning_rate: lr, beta_1: beta1, beta_2: beta2, epsilon } };
    }
  }
}

/** Reads a number from a config under any of its spellings. */
function num(config: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const k of keys) if (typeof config[k] === 'number' && Number.isFinite(config[k])) return config[k];
  return undefined;
}

/** Our optimizer for a Keras or tfjs one (either spelling), or null for one we do not have. */
export function optimizerFromKeras(
  className: unknown,
  config: Record<string, unknown>,
): OptimizerSpec | null {
  const learningRate = num(config, 'learning_rate', 'learningRate', 'lr') ?? 0.01;
  const d = OPTIMIZER_DEFAULTS;
  switch (typeof className === 'string' ? className.toLowerCase() : '') {
    case 'sgd':
    case 'momentum': {
      const momentum = num(config, 'momentum');
      if (!momentum && className !== 'Momentum') return { type: 'sgd', learningRate };
      const nesterov = config.nesterov === true || config.useNesterov === true;
      return { type: 'momentum', learningRate, momentum: momentum ?? d.momentum.momentum, nesterov };
    }
    case 'adagrad':
      return {
        type: 'adagrad',
        learningRate,
        initialAccumulatorValue:
          num(config, 'initial_accumulator_value', 'initialAccumulatorValue') ??
          d.adagrad.initialAccumulatorValue,
      };
    case 'rmsprop':
      return {
        type: 'rmsprop',
        learningRate,
        decay: num(config, 'rho', 'decay') ?? d.rmsprop.decay,
        momentum: num(config, 'momentum') ?? d.rmsprop.momentum,
        epsilon: num(config, 'epsilon') ?? d.rmsprop.epsilon,
      };
    case 'adam':
      return {
        type: 'adam',
        learningRate,
        beta1: num(config, 'beta_1', 'beta1') ?? d.adam.beta1,
        beta2: num(config, 'beta_2', 'beta2') ?? d.adam.beta2,
        epsilon: num(config, 'epsilon') ?? d.adam.epsilon,
      };
    default:
      return null;
  }
}

/**
 * How the two Keras dialects name what our layers' params name: activations, initializers and
 * weight regularizers. `keras3` is Keras 3 (`.keras`, `model.to_json()`); `tfjs` is the Keras 2
 * spelling TensorFlow.js Layers reads and writes.
 */

/** Which Keras spelling a config uses. */
export type KerasDialect = 'keras3' | 'tfjs';

/** Our activation name → its Keras 3 and tfjs names (null: that dialect has no such string). */
const ACTIVATION_NAMES: Record<string, Record<KerasDialect, string | null>> = {
  linear: { keras3: 'linear', tfjs: 'linear' },
  sigmoid: { keras3: 'sigmoid', tfjs: 'sigmoid' },
  tanh: { keras3: 'tanh', tfjs: 'tanh' },
  relu: { keras3: 'relu', tfjs: 'relu' },
  elu: { keras3: 'elu', tfjs: 'elu' },
  softmax: { keras3: 'softmax', tfjs: 'softmax' },
  swish: { keras3: 'silu', tfjs: 'swish' },
  // Keras 3's leaky_relu has our layers' slope 0.2; tfjs Layers has no activation string for it.
  leakyRelu: { keras3: 'leaky_relu', tfjs: null },
};

/** Keras activation names we read, by the name in the file (both dialects). */
const ACTIVATIONS_IN: Record<string, string> = {
  linear: 'linear',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'relu',
  elu: 'elu',
  softmax: 'softmax',
  swish: 'swish',
  silu: 'swish',
  leaky_relu: 'leakyRelu',
};

/** The Keras name of one of our activations in a dialect, or null when it has none. */
export function kerasActivation(ours: string, dialect: KerasDialect): string | null {
  return Object.hasOwn(ACTIVATION_NAMES, ours) ? ACTIVATION_NAMES[ours][dialect] : null;
}

/** Our name for a Keras activation (a string, or a serialized `{class_name}` object), or null. */
export function activationFromKeras(value: unknown): string | null {
  if (value === null || value === undefined) return 'linear';
  const name =
    typeof value === 'string'
      ? value
      : typeof value === 'object' && typeof (value as { config?: unknown }).config === 'string'
        ? (value as { config: string }).config
        : typeof value === 'object'
          ? String((value as { class_name?: unknown }).class_name ?? '')
          : '';
  return Object.hasOwn(ACTIVATIONS_IN, name) ? ACTIVATIONS_IN[name] : null;
}

/** A serialized Keras object: class and config. */
export interface KerasObject {
  class_name: string;
  config: Record<string, unknown>;
}

/** Our kernel initializer → the Keras initializer that draws the same distribution. */
export function kerasInitializer(ours: string): KerasObject {
  switch (ours) {
    case 'glorotNormal':
      return { class_name: 'GlorotNormal', config: { seed: null } };
    case 'heNormal':
      return { class_name: 'HeNormal', config: { seed: null } };
    case 'uniformFanIn':
      // U(±√(3·scale/fanIn)) with scale 1/3 is U(±1/√fanIn).
      return {
        class_name: 'VarianceScaling',
        config: { scale: 1 / 3, mode: 'fan_in', distribution: 'uniform', seed: null },
      };
    case 'zeros':
      return { class_name: 'Zeros', config: {} };
    default:
      return { class_name: 'GlorotUniform', config: { seed: null } };
  }
}

/** Our kernel initializer for a Keras one (tfjs writes Glorot and He as VarianceScaling), or null. */
export function initializerFromKeras(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const { class_name: cls, config } = value as { class_name?: unknown; config?: Record<string, unknown> };
  const c = config ?? {};
  switch (cls) {
    case 'GlorotUniform':
      return 'glorotUniform';
    case 'GlorotNormal':
      return 'glorotNormal';
    case 'HeNormal':
      return 'heNormal';
    case 'Zeros':
      return 'zeros';
    case 'VarianceScaling': {
      const normal = c.distribution !== 'uniform';
      if (c.mode === 'fan_avg' && c.scale === 1) return normal ? 'glorotNormal' : 'glorotUniform';
      if (c.mode === 'fan_in' && c.scale === 2 && normal) return 'heNormal';
      if (c.mode === 'fan_in' && !normal && Math.abs(Number(c.scale) - 1 / 3) < 1e-6) return 'uniformFanIn';
      return null;
    }
    default:
      return null;
  }
}

/** Weight penalties λ₁Σ|w| + λ₂Σw² as Keras writes a layer's `kernel_regularizer`. */
export function kerasRegularizer(penalty: { l1: number; l2: number }, dialect: KerasDialect): KerasObject {
  const { l1, l2 } = penalty;
  if (dialect === 'tfjs' || (l1 && l2)) return { class_name: 'L1L2', config: { l1, l2 } };
  return l1 ? { class_name: 'L1', config: { l1 } } : { class_name: 'L2', config: { l2 } };
}

/** The penalties a Keras regularizer adds (L1L2 may add both), or null for one we cannot read. */
export function regularizerFromKeras(value: unknown): { l1: number; l2: number } | null {
  if (!value || typeof value !== 'object') return null;
  const { class_name: cls, config } = value as { class_name?: unknown; config?: Record<string, unknown> };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  switch (cls) {
    case 'L1':
      return { l1: num(config?.l1), l2: 0 };
    case 'L2':
      return { l1: 0, l2: num(config?.l2) };
    case 'L1L2':
      return { l1: num(config?.l1), l2: num(config?.l2) };
    default:
      return null;
  }
}

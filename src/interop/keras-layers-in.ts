/**
 * Keras layers as our ops (import direction), for both Keras 3 and Keras 2 / TensorFlow.js
 * configs. Each reader says what it cannot carry over and what we would need, instead of guessing.
 */
import type { ParamValue } from '../graph/types';
import { activationFromKeras, initializerFromKeras, regularizerFromKeras } from './keras-names';

/** A Keras layer read as one of our nodes. */
export interface ImportedLayer {
  op: string;
  params: Record<string, ParamValue>;
  /** Our weight names with Keras's, in Keras's variable order. */
  weights: (readonly [ours: string, keras: string])[];
  /** Weight penalties to add as penalty nodes naming this layer. */
  penalty?: { l1: number; l2: number };
  /** What was changed or ignored on the way in, one line each. */
  notes: string[];
}

/** A reader: the layer, or why it cannot be imported. */
type Reader = (c: Record<string, unknown>) => ImportedLayer | { cannot: string };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** An int or pair param (`3`, `[3, 3]`). */
function ints(v: unknown, what: string): number[] | { cannot: string } {
  const list = Array.isArray(v) ? v : [v];
  return list.length >= 1 && list.length <= 2 && list.every((x) => isInt(x) && x >= 1)
    ? (list as number[])
    : { cannot: `${what} ${JSON.stringify(v)} is not one or two positive integers` };
}

function channelsLast(c: Record<string, unknown>): string | null {
  return c.data_format === undefined || c.data_format === null || c.data_format === 'channels_last'
    ? null
    : `data_format "${String(c.data_format)}": we compute images as channels_last [N, H, W, C]`;
}

function padding(c: Record<string, unknown>): string | { cannot: string } {
  const p = c.padding ?? 'valid';
  return p === 'valid' || p === 'same' ? p : { cannot: `padding "${String(p)}": we have "valid" and "same"` };
}

/** The activation param of a layer, or why not. */
function activation(c: Record<string, unknown>): string | { cannot: string } {
  return (
    activationFromKeras(c.activation) ?? {
      cannot: `activation ${JSON.stringify(c.activation)}: we have linear, sigmoid, tanh, relu, leaky_relu, elu, swish and softmax`,
    }
  );
}

/** Notes and penalty of a layer's initializer and regularizers. */
function extras(c: Record<string, unknown>, kernelKey: string) {
  const notes: string[] = [];
  const init = initializerFromKeras(c[`${kernelKey}_initializer`]);
  const reg = c[`${kernelKey}_regularizer`];
  const penalty = reg ? (regularizerFromKeras(reg) ?? undefined) : undefined;
  if (reg && !penalty) notes.push(`${kernelKey}_regularizer ${JSON.stringify(reg)} is not imported`);
  for (const key of [
    'bias_regularizer',
    'activity_regularizer',
    `${kernelKey}_constraint`,
    'bias_constraint',
  ])
    if (c[key]) notes.push(`${key} is not imported`);
  return { init, penalty, notes };
}

const kernelWeights = (useBias: boolean) =>
  useBias ? [['kernel', 'kernel'] as const, ['bias', 'bias'] as const] : [['kernel', 'kernel'] as const];

const plain = (op: string, params: Record<string, ParamValue> = {}): ImportedLayer => ({
  op,
  params,
  weights: [],
  notes: [],
});

const pooling =
  (op: string): Reader =>
  (c) => {
    const pool = ints(c.pool_size ?? 2, 'pool_size');
    const strides = c.strides === null || c.strides === undefined ? null : ints(c.strides, 'strides');
    const pad = padding(c);
    const format = channelsLast(c);
    if ('cannot' in pool) return pool;
    if (strides && 'cannot' in strides) return strides;
    if (typeof pad !== 'string') return pad;
    if (format) return { cannot: format };
    return plain(op, { poolSize: pool, strides, padding: pad });
  };

const globalPooling =
  (op: string): Reader =>
  (c) => {
    if (c.keepdims === true) return { cannot: 'keepdims: our global pooling drops the pooled axis' };
    const format = channelsLast(c);
    return format ? { cannot: format } : plain(op);
  };

/** Readers by Keras class name (Keras 3 and Keras 2 spellings). */
const READERS: Record<string, Reader> = {
  Dense: (c) => {
    const act = activation(c);
    if (typeof act !== 'string') return act;
    if (!isInt(c.units) || c.units < 1)
      return { cannot: `units ${JSON.stringify(c.units)} is not a positive integer` };
    const useBias = c.use_bias !== false;
    const { init, penalty, notes } = extras(c, 'kernel');
    const params = { units: c.units, activation: act, useBias, ...(init ? { kernelInit: init } : {}) };
    return { op: 'Dense', params, weights: kernelWeights(useBias), penalty, notes };
  },
  Conv2D: (c) => {
    const act = activation(c);
    const kernel = ints(c.kernel_size, 'kernel_size');
    const strides = ints(c.strides ?? 1, 'strides');
    const pad = padding(c);
    if (typeof act !== 'string') return act;
    if ('cannot' in kernel) return kernel;
    if ('cannot' in strides) return strides;
    if (typeof pad !== 'string') return pad;
    const format = channelsLast(c);
    if (format) return { cannot: format };
    const dilation = Array.isArray(c.dilation_rate) ? c.dilation_rate : [c.dilation_rate ?? 1];
    if (dilation.some((d) => d !== 1))
      return {
        cannot: `dilation_rate ${JSON.stringify(c.dilation_rate)}: we have undilated convolutions only`,
      };
    if ((c.groups ?? 1) !== 1)
      return { cannot: `groups ${String(c.groups)}: we have ungrouped convolutions only` };
    if (!isInt(c.filters) || c.filters < 1)
      return { cannot: `filters ${JSON.stringify(c.filters)} is not a positive integer` };
    const useBias = c.use_bias !== false;
    const { init, penalty, notes } = extras(c, 'kernel');
    const params = {
      filters: c.filters,
      kernelSize: kernel,
      strides,
      padding: pad,
      activation: act,
      useBias,
      ...(init ? { kernelInit: init } : {}),
    };
    return { op: 'Conv2D', params, weights: kernelWeights(useBias), penalty, notes };
  },
  Conv1D: (c) => {
    const act = activation(c);
    const kernel = ints(c.kernel_size, 'kernel_size');
    const strides = ints(c.strides ?? 1, 'strides');
    const pad = padding(c);
    if (typeof act !== 'string') return act;
    if ('cannot' in kernel || kernel.length !== 1)
      return { cannot: `kernel_size ${JSON.stringify(c.kernel_size)} is not one size` };
    if ('cannot' in strides || strides.length !== 1)
      return { cannot: `strides ${JSON.stringify(c.strides)} is not one step` };
    if (typeof pad !== 'string') return pad;
    const format = channelsLast(c);
    if (format) return { cannot: format };
    const dilation = Array.isArray(c.dilation_rate) ? c.dilation_rate : [c.dilation_rate ?? 1];
    if (dilation.some((d) => d !== 1))
      return {
        cannot: `dilation_rate ${JSON.stringify(c.dilation_rate)}: we have undilated convolutions only`,
      };
    if ((c.groups ?? 1) !== 1)
      return { cannot: `groups ${String(c.groups)}: we have ungrouped convolutions only` };
    if (!isInt(c.filters) || c.filters < 1)
      return { cannot: `filters ${JSON.stringify(c.filters)} is not a positive integer` };
    const useBias = c.use_bias !== false;
    const { init, penalty, notes } = extras(c, 'kernel');
    const params = {
      filters: c.filters,
      kernelSize: kernel[0],
      strides: strides[0],
      padding: pad,
      activation: act,
      useBias,
      ...(init ? { kernelInit: init } : {}),
    };
    return { op: 'Conv1D', params, weights: kernelWeights(useBias), penalty, notes };
  },
  GlobalMaxPooling1D: globalPooling('GlobalMaxPool1D'),
  GlobalMaxPool1D: globalPooling('GlobalMaxPool1D'),
  GlobalAveragePooling1D: globalPooling('GlobalAvgPool1D'),
  GlobalAvgPool1D: globalPooling('GlobalAvgPool1D'),
  MaxPooling2D: pooling('MaxPool2D'),
  MaxPool2D: pooling('MaxPool2D'),
  AveragePooling2D: pooling('AvgPool2D'),
  AvgPool2D: pooling('AvgPool2D'),
  Flatten: (c) => {
    const format = channelsLast(c);
    return format ? { cannot: format } : plain('Flatten');
  },
  Reshape: (c) => {
    const shape = c.target_shape;
    if (!Array.isArray(shape) || !shape.every((d) => isInt(d) && (d >= 1 || d === -1)))
      return { cannot: `target_shape ${JSON.stringify(shape)} is not a list of sizes` };
    return plain('Reshape', { shape: shape as number[] });
  },
  Dropout: (c) => {
    const rate = typeof c.rate === 'number' ? c.rate : 0.5;
    if (c.noise_shape) return { cannot: 'noise_shape: our dropout drops each value on its own' };
    return plain('Dropout', { rate: Math.min(rate, 0.99) });
  },
  BatchNormalization: (c) => {
    const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : (c.axis ?? -1);
    if (axis !== -1)
      return { cannot: `axis ${JSON.stringify(c.axis)}: we normalise the last axis (-1) only` };
    if (c.center === false || c.scale === false)
      return { cannot: 'center or scale off: we always learn β and γ' };
    const params: Record<string, ParamValue> = {};
    if (typeof c.momentum === 'number') params.momentum = c.momentum;
    if (typeof c.epsilon === 'number') params.epsilon = c.epsilon;
    const weights = [
      ['gamma', 'gamma'],
      ['beta', 'beta'],
      ['movingMean', 'moving_mean'],
      ['movingVariance', 'moving_variance'],
    ] as const;
    return { op: 'BatchNormalization', params, weights: [...weights], notes: [] };
  },
  Embedding: (c) => {
    if (!isInt(c.input_dim) || !isInt(c.output_dim))
      return { cannot: 'input_dim and output_dim must be integers' };
    const notes = c.mask_zero ? ['mask_zero is ignored: id 0 is an ordinary id here'] : [];
    return {
      op: 'Embedding',
      params: { inputDim: c.input_dim, outputDim: c.output_dim },
      weights: [['embeddings', 'embeddings']],
      notes,
    };
  },
  Activation: (c) => {
    const act = activation(c);
    if (typeof act !== 'string') return act;
    return { ...plain('Activation'), params: { activation: act } };
  },
  ReLU: (c) =>
    c.max_value || c.negative_slope || c.threshold
      ? { cannot: 'ReLU with max_value, negative_slope or threshold: we have the plain ReLU' }
      : { ...plain('Activation'), params: { activation: 'relu' } },
  LeakyReLU: (c) => plain('LeakyReLU', { alpha: Number(c.negative_slope ?? c.alpha ?? 0.3) }),
  ELU: (c) => plain('ELU', { alpha: Number(c.alpha ?? 1) }),
  Softmax: (c) =>
    (c.axis ?? -1) === -1
      ? { ...plain('Activation'), params: { activation: 'softmax' } }
      : { cannot: `axis ${JSON.stringify(c.axis)}: our softmax is over the last axis` },
  Add: () => plain('Add'),
  Multiply: () => plain('Multiply'),
  Concatenate: (c) => plain('Concat', { axis: isInt(c.axis) ? c.axis : -1 }),
};

/** Keras classes we read, for messages. */
export const IMPORTABLE_LAYERS = Object.keys(READERS);

/**
 * Reads one Keras layer. `Activation` comes back as the pseudo-op `Activation` with an
 * `activation` param: the caller turns it into the activation op that name means.
 */
export function importLayer(
  className: string,
  config: Record<string, unknown>,
): ImportedLayer | { cannot: string } {
  const reader = Object.hasOwn(READERS, className) ? READERS[className] : undefined;
  if (!reader)
    return {
      cannot: `Keras layer ${className} has no op here; we read ${IMPORTABLE_LAYERS.join(', ')}`,
    };
  return reader(config);
}

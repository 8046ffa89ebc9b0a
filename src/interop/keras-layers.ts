/**
 * Our ops as Keras layers (export direction). Our tensors are NHWC like Keras's `channels_last`,
 * and Dense and Conv2D kernels have Keras's layout ([in, out], [kh, kw, in, out]), so weights
 * carry over unchanged. The table is keyed by op name, like the op registry itself: it is this
 * format's registry of what each op is in Keras. Ops missing from it have no Keras layer.
 */
import { layerActivationOfOp } from '../ops/activations';
import { pair } from '../ops/conv';
import type { OpSpec, Params } from '../ops/spec';
import { kerasActivation, kerasInitializer } from './keras-names';
import type { KerasDialect } from './keras-names';

/** What one op is in Keras. */
export interface LayerCodec {
  /** Keras class. */
  className: string;
  /** Our weight names with Keras's, in Keras's variable order (trainable first). */
  weights: readonly (readonly [ours: string, keras: string])[];
  /** The layer's Keras config, or why this node cannot be one (`inputRank`: rank of its input, batch included). */
  config(
    params: Params,
    dialect: KerasDialect,
    inputRank: number,
  ): Record<string, unknown> | { cannot: string };
}

/** The fused activation of a layer, or why the dialect cannot name it. */
function fusedActivation(params: Params, dialect: KerasDialect): string | { cannot: string } {
  const ours = params.str('activation');
  const name = kerasActivation(ours, dialect);
  return (
    name ?? {
      cannot: `activation "${ours}" has no ${dialectTitle(dialect)} name; put a ${ours} node after a linear layer`,
    }
  );
}

/** How messages name a dialect. */
export function dialectTitle(dialect: KerasDialect): string {
  return dialect === 'tfjs' ? 'TensorFlow.js Layers' : 'Keras';
}

/** Builds a config with a fused activation, or passes on why it cannot be named. */
function withActivation(
  params: Params,
  dialect: KerasDialect,
  rest: (activation: string) => Record<string, unknown>,
): Record<string, unknown> | { cannot: string } {
  const activation = fusedActivation(params, dialect);
  return typeof activation === 'string' ? rest(activation) : activation;
}

const kernelAndBias = [
  ['kernel', 'kernel'],
  ['bias', 'bias'],
] as const;

const pooling = (className: string): LayerCodec => ({
  className,
  weights: [],
  config: (p) => {
    const window = pair(p.ints('poolSize'));
    const strides = p.optionalInts('strides');
    return {
      pool_size: window,
      strides: strides ? pair(strides) : window,
      padding: p.str('padding'),
      data_format: 'channels_last',
    };
  },
});

/** Config of a global pooling layer (tfjs's has no data_format or keepdims). */
const globalConfig = (dialect: KerasDialect) =>
  dialect === 'tfjs' ? {} : { data_format: 'channels_last', keepdims: false };

const globalPooling = (className: string): LayerCodec => ({
  className,
  weights: [],
  config: (_, dialect) => globalConfig(dialect),
});

/** Layer codecs by op name. */
const CODECS = new Map<string, LayerCodec>([
  [
    'Dense',
    {
      className: 'Dense',
      weights: kernelAndBias,
      config: (p, dialect) =>
        withActivation(p, dialect, (activation) => ({
          units: p.int('units'),
          activation,
          use_bias: p.bool('useBias'),
          kernel_initializer: kerasInitializer(p.str('kernelInit')),
          bias_initializer: { class_name: 'Zeros', config: {} },
        })),
    },
  ],
  [
    'Conv2D',
    {
      className: 'Conv2D',
      weights: kernelAndBias,
      config: (p, dialect) =>
        withActivation(p, dialect, (activation) => ({
          filters: p.int('filters'),
          kernel_size: pair(p.ints('kernelSize')),
          strides: pair(p.ints('strides')),
          padding: p.str('padding'),
          data_format: 'channels_last',
          dilation_rate: [1, 1],
          activation,
          use_bias: p.bool('useBias'),
          kernel_initializer: kerasInitializer(p.str('kernelInit')),
          bias_initializer: { class_name: 'Zeros', config: {} },
        })),
    },
  ],
  [
    'Conv1D',
    {
      className: 'Conv1D',
      weights: kernelAndBias,
      config: (p, dialect) =>
        withActivation(p, dialect, (activation) => ({
          filters: p.int('filters'),
          kernel_size: [p.int('kernelSize')],
          strides: [p.int('strides')],
          padding: p.str('padding'),
          data_format: 'channels_last',
          dilation_rate: [1],
          activation,
          use_bias: p.bool('useBias'),
          kernel_initializer: kerasInitializer(p.str('kernelInit')),
          bias_initializer: { class_name: 'Zeros', config: {} },
        })),
    },
  ],
  ['GlobalMaxPool1D', globalPooling('GlobalMaxPooling1D')],
  ['GlobalAvgPool1D', globalPooling('GlobalAveragePooling1D')],
  [
    'Mean',
    {
      className: 'GlobalAveragePooling1D',
      weights: [],
      config: (p, dialect, rank) => {
        const axes = p.ints('axes').map((a) => (a < 0 ? a + rank : a));
        return rank === 3 && axes.length === 1 && axes[0] === 1 && !p.bool('keepDims')
          ? globalConfig(dialect)
          : {
              cannot:
                'only a Mean over axis 1 of a sequence [N, length, channels] is a Keras layer (GlobalAveragePooling1D)',
            };
      },
    },
  ],
  ['MaxPool2D', pooling('MaxPooling2D')],
  ['AvgPool2D', pooling('AveragePooling2D')],
  ['Flatten', { className: 'Flatten', weights: [], config: () => ({ data_format: 'channels_last' }) }],
  ['Reshape', { className: 'Reshape', weights: [], config: (p) => ({ target_shape: p.ints('shape') }) }],
  ['Dropout', { className: 'Dropout', weights: [], config: (p) => ({ rate: p.num('rate') }) }],
  [
    'BatchNormalization',
    {
      className: 'BatchNormalization',
      weights: [
        ['gamma', 'gamma'],
        ['beta', 'beta'],
        ['movingMean', 'moving_mean'],
        ['movingVariance', 'moving_variance'],
      ],
      config: (p) => ({
        axis: -1,
        momentum: p.num('momentum'),
        epsilon: p.num('epsilon'),
        center: true,
        scale: true,
      }),
    },
  ],
  [
    'Embedding',
    {
      className: 'Embedding',
      weights: [['embeddings', 'embeddings']],
      config: (p) => ({
        input_dim: p.int('inputDim'),
        output_dim: p.int('outputDim'),
        embeddings_initializer: {
          class_name: 'RandomUniform',
          config: { minval: -0.05, maxval: 0.05, seed: null },
        },
        mask_zero: false,
      }),
    },
  ],
  [
    'LeakyReLU',
    {
      className: 'LeakyReLU',
      weights: [],
      config: (p, dialect) =>
        dialect === 'tfjs' ? { alpha: p.num('alpha') } : { negative_slope: p.num('alpha') },
    },
  ],
  [
    'ELU',
    {
      className: 'ELU',
      weights: [],
      config: (p, dialect) =>
        // tfjs-layers 4 refuses to load an ELU layer whose alpha is not 1.
        dialect === 'tfjs' && p.num('alpha') !== 1
          ? { cannot: `TensorFlow.js Layers' ELU layer has α = 1 only (this one has ${p.num('alpha')})` }
          : { alpha: p.num('alpha') },
    },
  ],
  ['Add', { className: 'Add', weights: [], config: () => ({}) }],
  ['Multiply', { className: 'Multiply', weights: [], config: () => ({}) }],
  ['Concat', { className: 'Concatenate', weights: [], config: (p) => ({ axis: p.int('axis') }) }],
]);

/** An activation op as a Keras `Activation` layer, when it is one of the layer activations. */
function activationCodec(spec: OpSpec): LayerCodec | undefined {
  const applied = layerActivationOfOp(spec.op);
  if (!applied) return undefined;
  return {
    className: 'Activation',
    weights: [],
    config: (_, dialect) => {
      const name = kerasActivation(applied.name, dialect);
      return name
        ? { activation: name }
        : { cannot: `${spec.title} has no ${dialectTitle(dialect)} activation name` };
    },
  };
}

/** How an op is written as a Keras layer, or undefined when Keras has no layer for it. */
export function layerCodec(spec: OpSpec): LayerCodec | undefined {
  return CODECS.get(spec.op) ?? activationCodec(spec);
}

/** Keras's name for a penalty op's weight regularizer (`l1`/`l2`), or undefined. */
export function regularizerKind(spec: OpSpec): 'l1' | 'l2' | undefined {
  return REGULARIZERS.get(spec.op);
}

/** Keras's regularizer of each penalty op (this format's table of penalties). */
const REGULARIZERS = new Map<string, 'l1' | 'l2'>([
  ['L1Penalty', 'l1'],
  ['L2Penalty', 'l2'],
]);

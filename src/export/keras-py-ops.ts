/**
 * How each op is written with the Keras 3 functional API: the layer (or `keras.ops` call) of its
 * line in `build_model()`, and the order of its weights in `layer.get_weights()`. Keras is
 * channels-last like the app, and its "same" padding is TensorFlow's, so no layout changes are
 * needed; Dense and Conv2D kernels are stored as in the app ([in, out], [kh, kw, in, out]).
 */
import { layerActivation } from '../ops/activations';
import { pair } from '../ops/conv';
import type { Params } from '../ops/spec';
import type { Shape } from '../shapes/shape';
import { pyLiteral, pyNum, pyTuple } from './python-text';

/** What an emitter sees of one node. */
export interface KerasNode {
  id: string;
  /** Python variable and Keras layer name. */
  name: string;
  params: Params;
  inputs: Record<string, string[]>;
  inShapes: Record<string, Shape[]>;
}

/** One op in Keras. */
export interface KerasOp {
  /** The expression of the node's value. */
  expr(n: KerasNode): string;
  /** The app's weight names in the order of `layer.get_weights()`. */
  weights?: (n: KerasNode) => string[];
}

const first = (n: KerasNode, port = 'in') => n.inputs[port][0];
const flag = (b: boolean) => (b ? 'True' : 'False');

/** Keras's name of a layer activation, with the app's parameters (leaky ReLU slope 0.2, ELU α 1). */
const KERAS_ACTIVATION: Record<string, string> = {
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  ReLU: 'relu',
  LeakyReLU: 'leaky_relu', // Keras's default slope is 0.2, as the app's layers use
  ELU: 'elu',
  Swish: 'silu',
  Softmax: 'softmax',
  Linear: 'linear',
};

function act(n: KerasNode): string {
  const a = layerActivation(n.params.str('activation'));
  return pyLiteral(a ? (KERAS_ACTIVATION[a.spec.op] ?? 'linear') : 'linear');
}

function poolArgs(n: KerasNode): string {
  const window = pair(n.params.ints('poolSize'));
  const strides = n.params.optionalInts('strides');
  return `${pyTuple(window)}, strides=${pyTuple(strides ? pair(strides) : window)}, padding=${pyLiteral(n.params.str('padding'))}`;
}

const layer = (call: string, n: KerasNode, input = first(n)) =>
  `layers.${call}${call.endsWith('(') ? '' : ', '}name=${pyLiteral(n.name)})(${input})`;

/** Ops by name. An op missing here is refused by the export, naming the node. */
export const KERAS_OPS: Record<string, KerasOp> = {
  Input: { expr: () => '' },
  Constant: {
    expr: (n) => {
      const values = n.params.floats('values');
      return `Const(${pyLiteral(values)}, ${pyTuple(n.params.ints('shape'))}, name=${pyLiteral(n.name)})(inputs)`;
    },
  },
  Parameter: {
    expr: (n) => `Param(${pyTuple(n.params.ints('shape'))}, name=${pyLiteral(n.name)})(inputs)`,
    weights: () => ['value'],
  },
  Dense: {
    expr: (n) =>
      layer(
        `Dense(${n.params.int('units')}, activation=${act(n)}, use_bias=${flag(n.params.bool('useBias'))}`,
        n,
      ),
    weights: (n) => (n.params.bool('useBias') ? ['kernel', 'bias'] : ['kernel']),
  },
  Conv2D: {
    expr: (n) =>
      layer(
        `Conv2D(${n.params.int('filters')}, ${pyTuple(pair(n.params.ints('kernelSize')))}, strides=${pyTuple(pair(n.params.ints('strides')))}, padding=${pyLiteral(n.params.str('padding'))}, activation=${act(n)}, use_bias=${flag(n.params.bool('useBias'))}`,
        n,
      ),
    weights: (n) => (n.params.bool('useBias') ? ['kernel', 'bias'] : ['kernel']),
  },
  Conv1D: {
    expr: (n) =>
      layer(
        `Conv1D(${n.params.int('filters')}, ${n.params.int('kernelSize')}, strides=${n.params.int('strides')}, padding=${pyLiteral(n.params.str('padding'))}, activation=${act(n)}, use_bias=${flag(n.params.bool('useBias'))}`,
        n,
      ),
    weights: (n) => (n.params.bool('useBias') ? ['kernel', 'bias'] : ['kernel']),
  },
  GlobalMaxPool1D: { expr: (n) => layer('GlobalMaxPooling1D(', n) },
  GlobalAvgPool1D: { expr: (n) => layer('GlobalAveragePooling1D(', n) },
  Mean: {
    expr: (n) =>
      `ops.mean(${first(n)}, axis=${pyTuple(n.params.ints('axes'))}, keepdims=${flag(n.params.bool('keepDims'))})`,
  },
  MaxPool2D: { expr: (n) => layer(`MaxPooling2D(${poolArgs(n)}`, n) },
  // Keras's (TensorFlow's) "same" average pooling divides border windows by the pixels that exist, as the app does.
  AvgPool2D: { expr: (n) => layer(`AveragePooling2D(${poolArgs(n)}`, n) },
  Flatten: { expr: (n) => layer('Flatten(', n) },
  Reshape: { expr: (n) => layer(`Reshape(${pyTuple(n.params.ints('shape'))}`, n) },
  Dropout: { expr: (n) => layer(`Dropout(${pyNum(n.params.num('rate'))}`, n) },
  BatchNormalization: {
    expr: (n) =>
      layer(
        `BatchNormalization(axis=-1, momentum=${pyNum(n.params.num('momentum'))}, epsilon=${pyNum(n.params.num('epsilon'))}`,
        n,
      ),
    weights: () => ['gamma', 'beta', 'movingMean', 'movingVariance'],
  },
  Embedding: {
    expr: (n) => layer(`Embedding(${n.params.int('inputDim')}, ${n.params.int('outputDim')}`, n),
    weights: () => ['embeddings'],
  },
  Sigmoid: { expr: (n) => layer(`Activation("sigmoid"`, n) },
  Tanh: { expr: (n) => layer(`Activation("tanh"`, n) },
  ReLU: { expr: (n) => layer(`Activation("relu"`, n) },
  LeakyReLU: { expr: (n) => layer(`LeakyReLU(negative_slope=${pyNum(n.params.num('alpha'))}`, n) },
  ELU: { expr: (n) => layer(`ELU(alpha=${pyNum(n.params.num('alpha'))}`, n) },
  Swish: { expr: (n) => layer(`Activation("silu"`, n) },
  Softmax: { expr: (n) => layer('Softmax(axis=-1', n) },
  Linear: { expr: (n) => layer(`Activation("linear"`, n) },
  MatMul: { expr: (n) => `ops.matmul(${first(n, 'a')}, ${first(n, 'b')})` },
  Add: { expr: (n) => `ops.add(${first(n, 'a')}, ${first(n, 'b')})` },
  Multiply: { expr: (n) => `ops.multiply(${first(n, 'a')}, ${first(n, 'b')})` },
  Square: { expr: (n) => `ops.square(${first(n)})` },
  Concat: { expr: (n) => `ops.concatenate([${n.inputs.inputs.join(', ')}], axis=${n.params.int('axis')})` },
  Sum: {
    expr: (n) => {
      const axes = n.params.optionalInts('axes');
      const rank = n.inShapes.in[0].length;
      const dims = axes && axes.length ? axes : [...Array(rank).keys()];
      return `ops.sum(${first(n)}, axis=${pyTuple(dims)}, keepdims=${flag(n.params.bool('keepDims'))})`;
    },
  },
};

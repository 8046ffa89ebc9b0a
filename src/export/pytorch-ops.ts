/**
 * How each op is written in PyTorch: the module attribute it owns (if any), its line of `forward`,
 * how its weights map onto the module's state_dict keys and layouts, and how a weight starts out
 * when the export carries no weights. Tensors stay channels-last ([N, H, W, C], as in the app) all
 * through `forward`; convolution and pooling switch to PyTorch's NCHW just around the call, so
 * Flatten, Concat and Reshape see the app's element order and predictions match.
 */
import { fans } from '../compile/init';
import { layerActivation } from '../ops/activations';
import { pair, samePadding } from '../ops/conv';
import type { InitSpec, Params, WeightDecl } from '../ops/spec';
import type { Shape } from '../shapes/shape';
import { pyLiteral, pyNum, pyTuple } from './python-text';

/** What an emitter sees of one node. */
export interface TorchNode {
  id: string;
  /** The node's Python name: `self.<name>` for its module or parameter, `<name>` for its value. */
  name: string;
  params: Params;
  /** Python names of the values on each input port. */
  inputs: Record<string, string[]>;
  /** Shapes on each input port. */
  inShapes: Record<string, Shape[]>;
  outShape: Shape;
  decls: WeightDecl[];
}

/** How one of the app's weights is stored in PyTorch. */
export interface TorchWeight {
  /** state_dict key (`hidden.weight`). */
  key: string;
  /** Axis permutation from the app's layout to PyTorch's (see `transposeWeight`). */
  perm?: number[];
}

/** One op written in PyTorch. */
export interface TorchOp {
  /** Lines of `__init__` creating the attribute (without `self.` indentation). */
  init?(n: TorchNode): string[];
  /** The expression of the node's value in `forward`. */
  forward(n: TorchNode): string;
  /** state_dict key and layout of each of the app's weights, by weight name. */
  weights?(n: TorchNode): Record<string, TorchWeight>;
}

/** The `_init_weights` line that draws a weight as the app's initializer does (same distribution). */
export function torchInit(target: string, init: InitSpec, appShape: number[]): string {
  const { fanIn, fanOut } = fans(appShape);
  switch (init.kind) {
    case 'zeros':
      return `nn.init.zeros_(${target})`;
    case 'ones':
      return `nn.init.ones_(${target})`;
    case 'constant':
      return `nn.init.constant_(${target}, ${pyNum(init.value)})`;
    case 'uniform':
      return `nn.init.uniform_(${target}, ${pyNum(init.min)}, ${pyNum(init.max)})`;
    case 'normal':
      return `nn.init.normal_(${target}, ${pyNum(init.mean)}, ${pyNum(init.std)})`;
    case 'uniformFanIn': {
      const limit = 1 / Math.sqrt(fanIn);
      return `nn.init.uniform_(${target}, ${pyNum(-limit)}, ${pyNum(limit)})  # ±1/√fan_in`;
    }
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return `nn.init.uniform_(${target}, ${pyNum(-limit)}, ${pyNum(limit)})  # Glorot uniform`;
    }
    case 'glorotNormal':
    case 'heNormal': {
      const std = Math.sqrt(2 / (init.kind === 'heNormal' ? fanIn : fanIn + fanOut));
      return `nn.init.trunc_normal_(${target}, 0.0, ${pyNum(std)}, ${pyNum(-2 * std)}, ${pyNum(2 * std)})  # ${init.kind === 'heNormal' ? 'He' : 'Glorot'} normal, cut at 2σ as tfjs`;
    }
    case 'values':
      return `with torch.no_grad():\n    ${target}.copy_(torch.tensor(${pyLiteral(init.values)}).reshape(${pyTuple(appShape)}))`;
  }
}

const first = (n: TorchNode, port = 'in') => n.inputs[port][0];

/** An activation by op name, applied to `x` with the op's params. */
function activationExpr(op: string, params: Params, x: string): string {
  const fn = ACTIVATION_EXPR[op];
  return fn ? fn(params, x) : x;
}

const ACTIVATION_EXPR: Record<string, (p: Params, x: string) => string> = {
  Sigmoid: (_, x) => `torch.sigmoid(${x})`,
  Tanh: (_, x) => `torch.tanh(${x})`,
  ReLU: (_, x) => `torch.relu(${x})`,
  LeakyReLU: (p, x) => `F.leaky_relu(${x}, ${pyNum(p.num('alpha'))})`,
  ELU: (p, x) => `F.elu(${x}, ${pyNum(p.num('alpha'))})`,
  Swish: (_, x) => `F.silu(${x})`,
  Softmax: (_, x) => `torch.softmax(${x}, dim=-1)`,
  Linear: (_, x) => x,
};

/** A layer's `activation` param applied to `x`. */
function layerAct(n: TorchNode, x: string): string {
  const a = layerActivation(n.params.str('activation'));
  return !a || a.identity ? x : activationExpr(a.spec.op, a.params, x);
}

/** F.pad amounts (left, right, top, bottom) of tf's "same" padding for an NCHW tensor, or null. */
function samePads(n: TorchNode, window: [number, number], strides: [number, number]): number[] | null {
  if (n.params.str('padding') !== 'same') return null;
  const [, h, w] = n.inShapes.in[0] as number[];
  const [top, bottom] = samePadding(h, window[0], strides[0]);
  const [left, right] = samePadding(w, window[1], strides[1]);
  return top + bottom + left + right === 0 ? null : [left, right, top, bottom];
}

function poolGeometry(p: Params): { window: [number, number]; strides: [number, number] } {
  const window = pair(p.ints('poolSize'));
  const strides = p.optionalInts('strides');
  return { window, strides: strides ? pair(strides) : window };
}

const activationOp = (op: string): TorchOp => ({
  forward: (n) => activationExpr(op, n.params, first(n)),
});

/** Ops by name. An op missing here is refused by the export, naming the node. */
export const TORCH_OPS: Record<string, TorchOp> = {
  Input: { forward: () => 'x' },
  Constant: {
    init: (n) => {
      const values = n.params.floats('values');
      const shape = n.params.ints('shape');
      const tensor =
        values.length === 1
          ? `torch.full(${pyTuple(shape)}, ${pyNum(values[0])})`
          : `torch.tensor(${pyLiteral(values)}).reshape(${pyTuple(shape)})`;
      return [`self.register_buffer(${pyLiteral(n.name)}, ${tensor}, persistent=False)`];
    },
    forward: (n) => `self.${n.name}`,
  },
  Parameter: {
    init: (n) => [`self.${n.name} = nn.Parameter(torch.empty(${pyTuple(n.params.ints('shape'))}))`],
    forward: (n) => `self.${n.name}`,
    weights: (n) => ({ value: { key: n.name } }),
  },
  Dense: {
    init: (n) => {
      const k = n.decls.find((d) => d.name === 'kernel')!.shape[0];
      return [
        `self.${n.name} = nn.Linear(${k}, ${n.params.int('units')}, bias=${n.params.bool('useBias') ? 'True' : 'False'})`,
      ];
    },
    forward: (n) => layerAct(n, `self.${n.name}(${first(n)})`),
    weights: (n) => ({ kernel: { key: `${n.name}.weight`, perm: [1, 0] }, bias: { key: `${n.name}.bias` } }),
  },
  Conv2D: {
    init: (n) => {
      const [kh, kw, c, f] = n.decls.find((d) => d.name === 'kernel')!.shape;
      const strides = pair(n.params.ints('strides'));
      return [
        `self.${n.name} = nn.Conv2d(${c}, ${f}, ${pyTuple([kh, kw])}, stride=${pyTuple(strides)}, bias=${n.params.bool('useBias') ? 'True' : 'False'})`,
      ];
    },
    forward: (n) => {
      const pads = samePads(n, pair(n.params.ints('kernelSize')), pair(n.params.ints('strides')));
      const x = pads ? `F.pad(nchw(${first(n)}), ${pyTuple(pads)})` : `nchw(${first(n)})`;
      return layerAct(n, `nhwc(self.${n.name}(${x}))`);
    },
    weights: (n) => ({
      kernel: { key: `${n.name}.weight`, perm: [3, 2, 0, 1] },
      bias: { key: `${n.name}.bias` },
    }),
  },
  MaxPool2D: {
    init: (n) => {
      const { window, strides } = poolGeometry(n.params);
      return [`self.${n.name} = nn.MaxPool2d(${pyTuple(window)}, stride=${pyTuple(strides)})`];
    },
    forward: (n) => {
      const { window, strides } = poolGeometry(n.params);
      const pads = samePads(n, window, strides);
      // -inf padding never wins a window, as tf's "same" max pooling.
      const x = pads ? `F.pad(nchw(${first(n)}), ${pyTuple(pads)}, value=-math.inf)` : `nchw(${first(n)})`;
      return `nhwc(self.${n.name}(${x}))`;
    },
  },
  AvgPool2D: {
    init: (n) => {
      const { window, strides } = poolGeometry(n.params);
      return [`self.${n.name} = nn.AvgPool2d(${pyTuple(window)}, stride=${pyTuple(strides)})`];
    },
    forward: (n) => {
      const { window, strides } = poolGeometry(n.params);
      const pads = samePads(n, window, strides);
      if (!pads) return `nhwc(self.${n.name}(nchw(${first(n)})))`;
      // tf's "same" average pooling divides border windows by the pixels that exist.
      const p = pyTuple(pads);
      return `nhwc(self.${n.name}(F.pad(nchw(${first(n)}), ${p})) / self.${n.name}(F.pad(torch.ones_like(nchw(${first(n)})[:1, :1]), ${p})))`;
    },
  },
  Conv1D: {
    init: (n) => {
      const [k, c, f] = n.decls.find((d) => d.name === 'kernel')!.shape;
      return [
        `self.${n.name} = nn.Conv1d(${c}, ${f}, ${k}, stride=${n.params.int('strides')}, bias=${n.params.bool('useBias') ? 'True' : 'False'})`,
      ];
    },
    forward: (n) => {
      // [N, L, C] ↔ PyTorch's [N, C, L] around the call; "same" pads as tf (the odd one after).
      const x = `${first(n)}.transpose(1, 2)`;
      const length = n.inShapes.in[0][1] as number;
      const [before, after] =
        n.params.str('padding') === 'same'
          ? samePadding(length, n.params.int('kernelSize'), n.params.int('strides'))
          : [0, 0];
      const padded = before + after ? `F.pad(${x}, ${pyTuple([before, after])})` : x;
      return layerAct(n, `self.${n.name}(${padded}).transpose(1, 2)`);
    },
    weights: (n) => ({
      kernel: { key: `${n.name}.weight`, perm: [2, 1, 0] },
      bias: { key: `${n.name}.bias` },
    }),
  },
  GlobalMaxPool1D: { forward: (n) => `${first(n)}.amax(dim=1)` },
  GlobalAvgPool1D: { forward: (n) => `${first(n)}.mean(dim=1)` },
  Mean: {
    forward: (n) =>
      `torch.mean(${first(n)}, dim=${pyTuple(n.params.ints('axes'))}, keepdim=${n.params.bool('keepDims') ? 'True' : 'False'})`,
  },
  Flatten: { forward: (n) => `${first(n)}.reshape(${first(n)}.shape[0], -1)` },
  Reshape: {
    forward: (n) => `${first(n)}.reshape(${first(n)}.shape[0], ${n.params.ints('shape').join(', ')})`,
  },
  Dropout: {
    init: (n) => [`self.${n.name} = nn.Dropout(${pyNum(n.params.num('rate'))})`],
    forward: (n) => `self.${n.name}(${first(n)})`,
  },
  BatchNormalization: {
    init: (n) => {
      const features = n.decls[0].shape[0];
      // PyTorch's momentum is the weight of the new batch; the app's is the weight of the old average.
      return [
        `self.${n.name} = ChannelsLastBatchNorm(${features}, eps=${pyNum(n.params.num('epsilon'))}, momentum=${pyNum(1 - n.params.num('momentum'))})`,
      ];
    },
    forward: (n) => `self.${n.name}(${first(n)})`,
    weights: (n) => ({
      gamma: { key: `${n.name}.weight` },
      beta: { key: `${n.name}.bias` },
      movingMean: { key: `${n.name}.running_mean` },
      movingVariance: { key: `${n.name}.running_var` },
    }),
  },
  Embedding: {
    init: (n) => [`self.${n.name} = nn.Embedding(${n.params.int('inputDim')}, ${n.params.int('outputDim')})`],
    forward: (n) => `self.${n.name}(${first(n)}.long())`,
    weights: (n) => ({ embeddings: { key: `${n.name}.weight` } }),
  },
  Sigmoid: activationOp('Sigmoid'),
  Tanh: activationOp('Tanh'),
  ReLU: activationOp('ReLU'),
  LeakyReLU: activationOp('LeakyReLU'),
  ELU: activationOp('ELU'),
  Swish: activationOp('Swish'),
  Softmax: activationOp('Softmax'),
  Linear: activationOp('Linear'),
  MatMul: { forward: (n) => `${first(n, 'a')} @ ${first(n, 'b')}` },
  Add: { forward: (n) => `${first(n, 'a')} + ${first(n, 'b')}` },
  Multiply: { forward: (n) => `${first(n, 'a')} * ${first(n, 'b')}` },
  Square: { forward: (n) => `torch.square(${first(n)})` },
  Concat: { forward: (n) => `torch.cat([${n.inputs.inputs.join(', ')}], dim=${n.params.int('axis')})` },
  Sum: {
    forward: (n) => {
      const axes = n.params.optionalInts('axes');
      const rank = n.inShapes.in[0].length;
      const dims = axes && axes.length ? axes : [...Array(rank).keys()];
      return `torch.sum(${first(n)}, dim=${pyTuple(dims)}, keepdim=${n.params.bool('keepDims') ? 'True' : 'False'})`;
    },
  },
};

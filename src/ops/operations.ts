/** Op-level nodes, as in the computation-graph slides: parameters, products, sums. */
import { broadcastShapes, formatShape, ShapeError } from '../shapes/shape';
import type { Dim, Shape } from '../shapes/shape';
import { matMul2d } from './matmul';
import { Mean } from './mean';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { InitSpec, OpSpec, Params, ShapeContext } from './spec';

/** Initializer names the Parameter op offers. */
export const INITIALIZERS = [
  'zeros',
  'ones',
  'constant',
  'uniform',
  'normal',
  'uniformFanIn',
  'glorotUniform',
  'glorotNormal',
  'heNormal',
  'values',
] as const;

/** The init spec a Parameter's params describe. */
export function initFromParams(params: Params): InitSpec {
  const kind = params.str('init') as (typeof INITIALIZERS)[number];
  switch (kind) {
    case 'constant':
      return { kind, value: params.num('value') };
    case 'uniform':
      return { kind, min: params.num('min'), max: params.num('max') };
    case 'normal':
      return { kind, mean: params.num('mean'), std: params.num('std') };
    case 'values':
      return { kind, values: params.floats('values') };
    default:
      return { kind };
  }
}

export const Parameter: OpSpec = {
  op: 'Parameter',
  title: 'Parameter',
  category: 'operation',
  penalisedWeight: 'value',
  doc: 'A trainable tensor such as a weight matrix W or a bias vector b. Gradient descent changes it by Δw = −μ · dE/dw. Glorot/Xavier initialisation draws from ±√6/√(fan-in + fan-out) (uniform) as the slides suggest for deep networks; uniformFanIn draws from ±1/√n for shallow ones.',
  params: [
    {
      name: 'shape',
      face: true,
      kind: 'ints',
      default: [1],
      min: 1,
      minLength: 0,
      maxLength: 6,
      doc: 'Shape of the tensor (no batch dimension).',
    },
    {
      name: 'init',
      face: true,
      kind: 'enum',
      default: 'glorotUniform',
      options: INITIALIZERS,
      doc: 'How the values start out.',
    },
    { name: 'value', kind: 'float', default: 0, doc: 'Fill value for init "constant".' },
    { name: 'min', kind: 'float', default: -0.05, doc: 'Lower bound for init "uniform".' },
    { name: 'max', kind: 'float', default: 0.05, doc: 'Upper bound for init "uniform".' },
    { name: 'mean', kind: 'float', default: 0, doc: 'Mean for init "normal".' },
    { name: 'std', kind: 'float', default: 0.01, min: 0, doc: 'Standard deviation for init "normal".' },
    {
      name: 'values',
      kind: 'floats',
      default: null,
      nullable: true,
      doc: 'Explicit starting values, row-major, for init "values".',
    },
  ],
  inputs: [],
  output: outPort('The current value of the tensor.'),
  formula: { forward: 'w (trainable)', local: 'w ← w − μ · dE/dw' },
  shape: ({ params }) => {
    const shape = params.ints('shape');
    if (params.str('init') === 'values') {
      const values = params.raw.values as number[] | null;
      const size = shape.reduce((a, b) => a * b, 1);
      if (!values) throw new ShapeError('init "values" needs the param "values"');
      if (values.length !== size)
        throw new ShapeError(
          `"values" has ${values.length} numbers but shape ${formatShape(shape)} holds ${size}`,
        );
    }
    return shape;
  },
  weights: ({ params }) => [
    { name: 'value', shape: params.ints('shape'), init: initFromParams(params), trainable: true },
  ],
  forward: ({ weights }) => weights.value,
};

/** Shape of a matrix product; see MatMul's doc. */
function matMulShape(ctx: ShapeContext): Shape {
  const a = requireInput(ctx, 'a');
  const b = requireInput(ctx, 'b');
  if (a.shape.length < 2) throw new ShapeError(`MatMul needs a matrix: ${describeInput('a', a)}`, 'a');
  if (b.shape.length < 2) throw new ShapeError(`MatMul needs a matrix: ${describeInput('b', b)}`, 'b');
  const k1 = a.shape[a.shape.length - 1];
  const k2 = b.shape[b.shape.length - 2];
  if (k1 !== k2)
    throw new ShapeError(
      `inner dimensions differ (${k1} vs ${k2}): ${describeInput('a', a)}, ${describeInput('b', b)}; the last dimension of a must equal the first of b`,
      'b',
    );
  const n: Dim = b.shape[b.shape.length - 1];
  if (b.shape.length === 2) return [...a.shape.slice(0, -1), n];
  const lead = a.shape.slice(0, -2);
  const leadB = b.shape.slice(0, -2);
  if (lead.length !== leadB.length || lead.some((d, i) => d !== leadB[i]))
    throw new ShapeError(`batch dimensions differ: ${describeInput('a', a)}, ${describeInput('b', b)}`, 'b');
  return [...a.shape.slice(0, -1), n];
}

export const MatMul: OpSpec = {
  op: 'MatMul',
  title: 'MatMul',
  category: 'operation',
  doc: 'Matrix product C = A·B. With A a batch of row vectors [N, k] and B a weight matrix [k, n], each example is multiplied by the weights: s = Σₖ wₖ hₖ.',
  params: [],
  inputs: [
    { name: 'a', doc: 'Left operand A, typically the batch [N, k].' },
    { name: 'b', doc: 'Right operand B, typically the weights [k, n].' },
  ],
  output: outPort('C = A·B.'),
  formula: { forward: 'C = A · B', local: 'dC/dA = Bᵀ,  dC/dB = Aᵀ' },
  shape: matMulShape,
  forward: ({ inputs, tf, needsGrad }) => {
    const a = inputs.a[0];
    const b = inputs.b[0];
    const need = { a: needsGrad?.('a') ?? true, b: needsGrad?.('b') ?? true };
    if (a.rank > 2 && b.rank === 2) {
      // Fold leading dimensions into rows so one 2-D product serves any rank.
      const lead = a.shape.slice(0, -1);
      const flat = a.reshape([-1, a.shape[a.rank - 1] as number]);
      return matMul2d(tf, flat, b, need).reshape([...lead, b.shape[1] as number]);
    }
    return a.rank === 2 && b.rank === 2 ? matMul2d(tf, a, b, need) : tf.matMul(a, b);
  },
};

function broadcastRule(opName: string) {
  return (ctx: ShapeContext): Shape => {
    const a = requireInput(ctx, 'a');
    const b = requireInput(ctx, 'b');
    const out = broadcastShapes(a.shape, b.shape);
    if (!out)
      throw new ShapeError(
        `${opName} cannot broadcast: ${describeInput('a', a)}, ${describeInput('b', b)}; trailing dimensions must be equal or 1`,
        'b',
      );
    return out;
  };
}

export const Add: OpSpec = {
  op: 'Add',
  title: 'Add',
  category: 'operation',
  doc: 'Elementwise sum C = A + B with broadcasting, so a bias vector [n] adds to every row of a batch [N, n].',
  params: [],
  inputs: [
    { name: 'a', doc: 'First summand, e.g. W·x.' },
    { name: 'b', doc: 'Second summand, e.g. the bias b (broadcast over the batch).' },
  ],
  output: outPort('C = A + B.'),
  formula: { forward: 'C = A + B', local: 'dC/dA = 1,  dC/dB = 1 (summed over broadcast axes)' },
  shape: broadcastRule('Add'),
  forward: ({ inputs, tf }) => tf.add(inputs.a[0], inputs.b[0]),
};

export const Multiply: OpSpec = {
  op: 'Multiply',
  title: 'Multiply',
  category: 'operation',
  doc: 'Elementwise product C = A ⊙ B with broadcasting.',
  params: [],
  inputs: [
    { name: 'a', doc: 'First factor.' },
    { name: 'b', doc: 'Second factor.' },
  ],
  output: outPort('C = A ⊙ B.'),
  formula: { forward: 'C = A ⊙ B', local: 'dC/dA = B,  dC/dB = A' },
  shape: broadcastRule('Multiply'),
  forward: ({ inputs, tf }) => tf.mul(inputs.a[0], inputs.b[0]),
};

export const Square: OpSpec = {
  op: 'Square',
  title: 'Square',
  category: 'operation',
  doc: 'Elementwise square B = A², the slides’ example of a node’s local derivative: dB/dA = 2A.',
  params: [],
  inputs: [{ name: 'in', doc: 'A.' }],
  output: outPort('B = A².'),
  formula: { forward: 'B = A²', local: 'dB/dA = 2A' },
  shape: (ctx) => requireInput(ctx, 'in').shape,
  forward: ({ inputs, tf }) => tf.square(inputs.in[0]),
  elementwise: true,
};

/** Normalises a possibly negative axis against a rank. */
function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

export const Concat: OpSpec = {
  op: 'Concat',
  title: 'Concat',
  category: 'operation',
  doc: 'Joins several tensors along one axis (the last by default). All other dimensions must agree. Inputs are taken in the order their edges appear.',
  params: [
    {
      name: 'axis',
      kind: 'int',
      default: -1,
      min: -6,
      max: 6,
      doc: 'Axis to join along; negative counts from the end.',
    },
  ],
  inputs: [{ name: 'inputs', doc: 'Two or more tensors.', variadic: true }],
  output: outPort('The joined tensor.'),
  formula: { forward: 'C = [A₁ | A₂ | …]', local: 'dC/dAᵢ = 1 on Aᵢ’s slice' },
  shape: (ctx) => {
    const ins = ctx.inputs.inputs ?? [];
    if (ins.length < 1) throw new ShapeError('input "inputs" is not connected', 'inputs');
    const rank = ins[0].shape.length;
    const axis = normAxis(ctx.params.int('axis'), rank);
    if (axis < 0 || axis >= rank)
      throw new ShapeError(`axis ${ctx.params.int('axis')} is outside rank ${rank}`);
    let total = 0;
    for (const input of ins) {
      if (input.shape.length !== rank || input.shape.some((d, i) => i !== axis && d !== ins[0].shape[i]))
        throw new ShapeError(
          `shapes disagree outside axis ${axis}: input from node "${ins[0].from}" has ${formatShape(ins[0].shape)}, input from node "${input.from}" has ${formatShape(input.shape)}`,
          'inputs',
        );
      const d = input.shape[axis];
      if (d === 'N') throw new ShapeError('cannot concatenate along the batch axis', 'inputs');
      total += d;
    }
    return ins[0].shape.map((d, i) => (i === axis ? total : d));
  },
  forward: ({ inputs, params, tf }) => tf.concat(inputs.inputs, params.int('axis')),
};

export const Sum: OpSpec = {
  op: 'Sum',
  title: 'Sum',
  category: 'operation',
  doc: 'Sums a tensor over the given axes, or over all of them when no axes are given (giving a scalar).',
  params: [
    {
      name: 'axes',
      kind: 'ints',
      default: null,
      nullable: true,
      min: -6,
      max: 6,
      doc: 'Axes to sum over; empty for all.',
    },
    { name: 'keepDims', kind: 'bool', default: false, doc: 'Keep summed axes with size 1.' },
  ],
  inputs: [{ name: 'in', doc: 'A.' }],
  output: outPort('B = Σ A.'),
  formula: { forward: 'B = Σᵢ Aᵢ', local: 'dB/dAᵢ = 1' },
  shape: (ctx) => {
    const shape = requireInput(ctx, 'in').shape;
    const axesParam = ctx.params.optionalInts('axes');
    const axes =
      axesParam && axesParam.length > 0
        ? axesParam.map((a) => normAxis(a, shape.length))
        : shape.map((_, i) => i);
    for (const a of axes)
      if (a < 0 || a >= shape.length) throw new ShapeError(`axis ${a} is outside rank ${shape.length}`);
    const keep = ctx.params.bool('keepDims');
    return shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  },
  forward: ({ inputs, params, tf }) => {
    const axes = params.optionalInts('axes');
    return tf.sum(inputs.in[0], axes && axes.length > 0 ? axes : undefined, params.bool('keepDims'));
  },
};

export const operationOps: OpSpec[] = [Parameter, MatMul, Add, Multiply, Square, Concat, Sum, Mean];

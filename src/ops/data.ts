/** Data ops: where examples enter the graph. */
import { ShapeError } from '../shapes/shape';
import type { Shape } from '../shapes/shape';
import { outPort } from './spec';
import type { OpSpec } from './spec';

const shapeParam = {
  name: 'shape',
  face: true,
  kind: 'ints' as const,
  min: 1,
  minLength: 0,
  maxLength: 6,
  doc: 'Shape of one example, without the batch dimension ([2] for two features, [28,28,1] for an image).',
};

export const Input: OpSpec = {
  op: 'Input',
  title: 'Input',
  category: 'data',
  role: 'input',
  doc: 'The features of a batch of examples from the training data set. Its shape must match one example of the data set.',
  params: [{ ...shapeParam, default: [2] }],
  inputs: [],
  output: outPort('A batch of feature vectors [N, …shape].'),
  formula: { forward: 'x = features of the batch', local: '—' },
  shape: ({ params }) => ['N', ...params.ints('shape')],
  forward: ({ feeds }) => {
    if (!feeds.features) throw new Error('Input node evaluated without features');
    return feeds.features;
  },
};

export const Target: OpSpec = {
  op: 'Target',
  title: 'Target',
  category: 'data',
  role: 'target',
  doc: 'The labels of the batch: the values t the loss compares the prediction against. With encoding "onehot", class indices from the data set become one-hot vectors of length shape[0]; "index" keeps class indices (for sparse cross-entropy); "value" passes label values through.',
  params: [
    { ...shapeParam, default: [1] },
    {
      name: 'encoding',
      face: true,
      kind: 'enum',
      default: 'value',
      options: ['value', 'onehot', 'index'],
      doc: 'How labels from the data set are presented: values as given, one-hot vectors, or class indices.',
    },
  ],
  inputs: [],
  output: outPort('A batch of targets [N, …shape].'),
  formula: { forward: 't = labels of the batch', local: '—' },
  shape: ({ params }) => {
    const shape = params.ints('shape');
    if (params.str('encoding') === 'index') return ['N'];
    return ['N', ...shape];
  },
  forward: ({ feeds }) => {
    if (!feeds.labels) throw new Error('Target node evaluated without labels');
    return feeds.labels;
  },
};

export const Constant: OpSpec = {
  op: 'Constant',
  title: 'Constant',
  category: 'data',
  doc: 'A fixed tensor that does not train, such as a bias input of 1 or a scale factor. Values are row-major; with one value the whole tensor is filled with it.',
  params: [
    {
      ...shapeParam,
      default: [],
      doc: 'Shape of the tensor ([] for a scalar). It has no batch dimension and broadcasts.',
    },
    {
      name: 'values',
      kind: 'floats',
      default: [1],
      minLength: 1,
      doc: 'Values in row-major order, or one value to fill with.',
    },
  ],
  inputs: [],
  output: outPort('The constant tensor.'),
  formula: { forward: 'c = constant', local: '—' },
  shape: ({ params }) => {
    const shape: Shape = params.ints('shape');
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    const n = params.floats('values').length;
    if (n !== 1 && n !== size)
      throw new ShapeError(
        `values has ${n} numbers but shape [${shape.join(',')}] holds ${size}; give ${size} values or 1`,
      );
    return shape;
  },
  forward: ({ params, tf }) => {
    const shape = params.ints('shape');
    const values = params.floats('values');
    return values.length === 1 ? tf.fill(shape, values[0]) : tf.tensor(values, shape);
  },
};

export const dataOps: OpSpec[] = [Input, Target, Constant];

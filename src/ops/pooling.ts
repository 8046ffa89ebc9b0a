/** Pooling layers: shrink images by summarising each small window with its maximum or mean. */
import type * as tfType from '@tensorflow/tfjs';
import { pair, PADDINGS, requireImage, windowedShape } from './conv';
import type { Padding } from './conv';
import { outPort } from './spec';
import type { OpSpec, Params, ParamSpec } from './spec';

const poolParams: ParamSpec[] = [
  {
    name: 'poolSize',
    kind: 'ints',
    default: [2],
    min: 1,
    max: 64,
    minLength: 1,
    maxLength: 2,
    doc: 'Window height and width; one value for a square window.',
  },
  {
    name: 'strides',
    kind: 'ints',
    default: null,
    nullable: true,
    min: 1,
    max: 64,
    minLength: 1,
    maxLength: 2,
    doc: 'Step between windows (vertical, horizontal); unset means the window size, so windows do not overlap.',
  },
  {
    name: 'padding',
    kind: 'enum',
    default: 'valid',
    options: PADDINGS,
    doc: '"valid": only windows that fit inside the image; "same": also partial windows at the border, so the output is ⌈size/stride⌉.',
  },
];

/** Window, strides (defaulting to the window) and padding of a pooling node. */
function poolGeometry(params: Params) {
  const window = pair(params.ints('poolSize'));
  const strides = params.optionalInts('strides');
  return { window, strides: strides ? pair(strides) : window, padding: params.str('padding') as Padding };
}

function pooling(
  op: string,
  title: string,
  doc: string,
  formula: { forward: string; local: string },
  pool: (
    tf: typeof tfType,
    x: tfType.Tensor4D,
    window: [number, number],
    strides: [number, number],
    padding: Padding,
  ) => tfType.Tensor,
): OpSpec {
  return {
    op,
    title,
    category: 'layer',
    doc,
    params: poolParams,
    inputs: [{ name: 'in', doc: 'A batch of images [N, height, width, channels].' }],
    output: outPort('The pooled images [N, outHeight, outWidth, channels].'),
    formula,
    shape: (ctx) => {
      const image = requireImage(ctx, op);
      const { window, strides, padding } = poolGeometry(ctx.params);
      const [height, width] = windowedShape(op, 'pool window', image, window, strides, padding);
      return ['N', height, width, image.channels];
    },
    forward: ({ inputs, params, tf }) => {
      const { window, strides, padding } = poolGeometry(params);
      return pool(tf, inputs.in[0] as tfType.Tensor4D, window, strides, padding);
    },
  };
}

export const MaxPool2D = pooling(
  'MaxPool2D',
  'MaxPool2D',
  'Max pooling: slides a small window over each channel of the image and keeps only the largest value in it. This halves the height and width with the default 2×2 window, keeps the strongest response of each feature and makes the network less sensitive to small shifts. It has no weights; the gradient flows back only to the winning value of each window.',
  {
    forward: 'y[i,j,c] = maxₐᵦ x[i·s+a, j·s+b, c]',
    local: 'dy/dx = 1 for the maximum of each window, 0 elsewhere',
  },
  (tf, x, window, strides, padding) => tf.maxPool(x, window, strides, padding),
);

export const AvgPool2D = pooling(
  'AvgPool2D',
  'AvgPool2D',
  'Average pooling: slides a small window over each channel of the image and keeps the mean of the values in it, shrinking the image while smoothing it. It has no weights; the gradient is shared equally among the values of each window. With padding "same", border windows average only the pixels that exist.',
  {
    forward: 'y[i,j,c] = (1/|w|) Σₐᵦ x[i·s+a, j·s+b, c]',
    local: 'dy/dx = 1/|w| for every value of the window (|w| = values in it)',
  },
  (tf, x, window, strides, padding) => tf.avgPool(x, window, strides, padding),
);

export const poolingOps: OpSpec[] = [MaxPool2D, AvgPool2D];

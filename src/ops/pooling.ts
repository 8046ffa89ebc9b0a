/** Pooling layers: shrink images by summarising each small window with its maximum or mean. */
import type * as tfType from '@tensorflow/tfjs';
import { pair, PADDINGS, requireImage, samePadding, windowedShape } from './conv';
import type { Padding } from './conv';
import { outPort } from './spec';
import type { OpSpec, Params, ParamSpec } from './spec';

const poolParams: ParamSpec[] = [
  {
    name: 'poolSize',
    face: true,
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

type Pool = (
  tf: typeof tfType,
  x: tfType.Tensor4D,
  window: [number, number],
  strides: [number, number],
  padding: Padding,
) => tfType.Tensor4D;

/** [N, H, W, C] → [N·C, H, W, 1]: every channel becomes its own image, so one kernel serves all channels. */
function toPlanes(tf: typeof tfType, t: tfType.Tensor4D): tfType.Tensor4D {
  const [, h, w] = t.shape;
  return tf.reshape(tf.transpose(t, [0, 3, 1, 2]), [-1, h, w, 1]);
}

/**
 * Adds every window's shares back onto the pixels they came from: share q of output (i, j) lands on
 * input pixel (i·s + a, j·s + b) where kernel[a, b, 0, q] = 1. This is the adjoint of cutting windows
 * out of the image, i.e. a transposed convolution, done per channel in the planes layout.
 */
function spreadBack(
  tf: typeof tfType,
  shares: tfType.Tensor4D,
  kernel: tfType.Tensor4D,
  xShape: [number, number, number, number],
  strides: [number, number],
  padding: Padding,
): tfType.Tensor4D {
  const [n, h, w, c] = xShape;
  const planes = tf.conv2dTranspose(shares, kernel, [n * c, h, w, 1], strides, padding);
  return tf.transpose(tf.reshape(planes, [n, c, h, w]), [0, 2, 3, 1]);
}

/**
 * Gradient of max pooling: each window passes dy to its first maximum (raster order, as TensorFlow
 * does). Written out because the wasm backend's MaxPoolGrad routes it to the wrong pixel when a
 * window holds only negative values.
 */
function maxPoolGradient(
  tf: typeof tfType,
  x: tfType.Tensor4D,
  y: tfType.Tensor4D,
  dy: tfType.Tensor4D,
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  padding: Padding,
): tfType.Tensor4D {
  const [n, h, w, c] = x.shape;
  const [, oh, ow] = y.shape;
  const [top, bottom] = padding === 'same' ? samePadding(h, kh, sh) : [0, 0];
  const [left, right] = padding === 'same' ? samePadding(w, kw, sw) : [0, 0];
  // −∞ padding never equals a window's maximum, so no gradient is lost to the border.
  const padded = tf.pad(
    x,
    [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    -Infinity,
  );
  const shares: tfType.Tensor[] = [];
  let taken: tfType.Tensor = tf.zeros(y.shape, 'bool');
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++) {
      const end = [n, a + (oh - 1) * sh + 1, b + (ow - 1) * sw + 1, c];
      const values = tf.stridedSlice(padded, [0, a, b, 0], end, [1, sh, sw, 1]);
      const hit = tf.logicalAnd(tf.equal(values, y), tf.logicalNot(taken));
      taken = tf.logicalOr(taken, hit);
      shares.push(tf.where(hit, dy, tf.zerosLike(dy)));
    }
  // Shares [N, oh, ow, C, kh·kw] → planes [N·C, oh, ow, kh·kw].
  const stacked = tf.reshape(tf.transpose(tf.stack(shares, 4), [0, 3, 1, 2, 4]), [n * c, oh, ow, kh * kw]);
  // Share q = a·kw + b belongs to window offset (a, b): an identity matrix laid out as a kernel.
  const kernel = tf.reshape(tf.eye(kh * kw), [kh, kw, 1, kh * kw]) as tfType.Tensor4D;
  return spreadBack(tf, stacked as tfType.Tensor4D, kernel, x.shape, [sh, sw], padding);
}

const maxPool: Pool = (tf, x, window, strides, padding) =>
  tf.customGrad<tfType.Tensor4D>((xIn, save) => {
    const input = xIn as tfType.Tensor4D;
    const value = tf.maxPool(input, window, strides, padding);
    (save as tfType.GradSaveFunc)([input, value]);
    return {
      value,
      gradFunc: (dy, [xs, ys]) =>
        maxPoolGradient(tf, xs as tfType.Tensor4D, ys as tfType.Tensor4D, dy, window, strides, padding),
    };
  })(x);

/**
 * Average pooling with a gradient that matches its forward pass. With "same" padding tf.avgPool
 * averages border windows over the pixels that exist, but tfjs's AvgPoolGrad divides by the full
 * window size, so the border gradients would be too small.
 */
const avgPool: Pool = (tf, x, window, strides, padding) =>
  tf.customGrad<tfType.Tensor4D>((xIn) => {
    const input = xIn as tfType.Tensor4D;
    return {
      value: tf.avgPool(input, window, strides, padding),
      gradFunc: (dy) => {
        const ones = tf.ones([window[0], window[1], 1, 1]) as tfType.Tensor4D;
        // Pixels in each window: the same sum pooling applied to an image of ones.
        const count = tf.conv2d(
          tf.ones([1, input.shape[1], input.shape[2], 1]) as tfType.Tensor4D,
          ones,
          strides,
          padding,
        );
        return spreadBack(tf, tf.div(toPlanes(tf, dy), count), ones, input.shape, strides, padding);
      },
    };
  })(x);

function pooling(
  op: string,
  title: string,
  doc: string,
  formula: { forward: string; local: string },
  pool: Pool,
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

export const MaxPool2D: OpSpec = {
  ...pooling(
    'MaxPool2D',
    'MaxPool2D',
    'Max pooling: slides a small window over each channel of the image and keeps only the largest value in it. This halves the height and width with the default 2×2 window, keeps the strongest response of each feature and makes the network less sensitive to small shifts. It has no weights; the gradient flows back only to the winning value of each window.',
    {
      forward: 'y[i,j,c] = max_(a,b) x[i·s+a, j·s+b, c]',
      local: 'dy/dx = 1 for the maximum of each window, 0 elsewhere',
    },
    maxPool,
  ),
  window: 'max',
};

export const AvgPool2D: OpSpec = {
  ...pooling(
    'AvgPool2D',
    'AvgPool2D',
    'Average pooling: slides a small window over each channel of the image and keeps the mean of the values in it, shrinking the image while smoothing it. It has no weights; the gradient is shared equally among the values of each window. With padding "same", border windows average only the pixels that exist.',
    {
      forward: 'y[i,j,c] = (1/|w|) Σ_(a,b) x[i·s+a, j·s+b, c]',
      local: 'dy/dx = 1/|w| for every value of the window (|w| = values in it)',
    },
    avgPool,
  ),
  window: 'average',
};

export const poolingOps: OpSpec[] = [MaxPool2D, AvgPool2D];

/** Convolution over images (Conv2D), plus the image-shape helpers the pooling layers share. */
import type * as tfType from '@tensorflow/tfjs';
import { ShapeError } from '../shapes/shape';
import type { Shape } from '../shapes/shape';
import { ACTIVATIONS, applyActivation } from './activations';
import { LAYER_INITIALIZERS } from './dense';
import { describeInput, requireInput } from './shape-inputs';
import { outPort } from './spec';
import type { OpSpec, Params, ShapeContext, ShapeInput, WeightDecl } from './spec';

/** Padding modes of windowed layers, with tf.conv2d's meaning. */
export const PADDINGS = ['valid', 'same'] as const;
export type Padding = (typeof PADDINGS)[number];

/** A window or stride param: `[k]` means `[k, k]`. */
export function pair(values: number[]): [number, number] {
  return values.length === 1 ? [values[0], values[0]] : [values[0], values[1]];
}

/** A batch of images as a shape rule sees it. */
export interface ImageInput {
  input: ShapeInput;
  height: number;
  width: number;
  channels: number;
}

/** A Reshape that would turn a flat or channel-less input into images, as a hint for the message. */
function reshapeHint(shape: Shape): string {
  if (shape.length === 2 && typeof shape[1] === 'number') {
    const side = Math.round(Math.sqrt(shape[1]));
    if (side * side === shape[1]) return `; add a Reshape to [${side},${side},1] first`;
  }
  if (shape.length === 3 && typeof shape[1] === 'number' && typeof shape[2] === 'number')
    return `; add a Reshape to [${shape[1]},${shape[2]},1] first`;
  return '';
}

/** The input on port `in`, checked to be a batch of images [N, H, W, C]. */
export function requireImage(ctx: ShapeContext, op: string): ImageInput {
  const input = requireInput(ctx, 'in');
  const [n, height, width, channels] = input.shape;
  if (
    input.shape.length !== 4 ||
    n !== 'N' ||
    typeof height !== 'number' ||
    typeof width !== 'number' ||
    typeof channels !== 'number'
  )
    throw new ShapeError(
      `${op} needs a batch of images [N, height, width, channels]: ${describeInput('in', input)}${reshapeHint(input.shape)}`,
      'in',
    );
  return { input, height, width, channels };
}

/** Output length along one axis, exactly as tf.conv2d and tf.maxPool compute it. */
export function windowOutputSize(size: number, window: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - window + 1) / stride);
}

/**
 * Output height and width of a window sliding over an image. With "valid" padding the window must
 * fit inside the image, otherwise there would be no output position at all.
 */
export function windowedShape(
  op: string,
  what: string,
  image: ImageInput,
  window: [number, number],
  strides: [number, number],
  padding: Padding,
): [number, number] {
  const [kh, kw] = window;
  if (padding === 'valid' && (kh > image.height || kw > image.width))
    throw new ShapeError(
      `${op} ${what} ${kh}×${kw} is larger than the ${image.height}×${image.width} image with padding "valid": ${describeInput('in', image.input)}; use a smaller ${what} or padding "same"`,
      'in',
    );
  return [
    windowOutputSize(image.height, kh, strides[0], padding),
    windowOutputSize(image.width, kw, strides[1], padding),
  ];
}

/** Zeros added before and after one axis by "same" padding (tf puts the odd one after). */
export function samePadding(size: number, window: number, stride: number): [number, number] {
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + window - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Gradient of a convolution with respect to its kernel, written as another convolution:
 * dK[a,b,c,f] = Σₙᵢⱼ x[n, i·s+a, j·s+b, c] · dy[n,i,j,f]. Swapping the batch and channel axes of x
 * makes this a dilated conv2d of x by dy, which every backend has.
 */
function kernelGradient(
  tf: typeof tfType,
  x: tfType.Tensor4D,
  dy: tfType.Tensor4D,
  kernelShape: number[],
  strides: [number, number],
  padding: Padding,
): tfType.Tensor4D {
  const [kh, kw] = kernelShape;
  const padded =
    padding === 'same'
      ? tf.pad(x, [
          [0, 0],
          samePadding(x.shape[1], kh, strides[0]),
          samePadding(x.shape[2], kw, strides[1]),
          [0, 0],
        ])
      : x;
  const images = tf.transpose(padded, [3, 1, 2, 0]); // [C, H, W, N]: channels become the batch
  const filter = tf.transpose(dy, [1, 2, 0, 3]); // [oh, ow, N, F]
  const full = tf.conv2d(images, filter, 1, 'valid', 'NHWC', strides); // [C, ≥kh, ≥kw, F]
  // Positions past the last full window contribute nothing and fall outside the kernel.
  return tf.transpose(tf.slice(full, [0, 0, 0, 0], [-1, kh, kw, -1]), [1, 2, 0, 3]);
}

/**
 * tf.conv2d with its gradients spelled out. tf.conv2d's own kernel gradient needs the
 * Conv2DBackpropFilter kernel, which the wasm backend does not have, so training would fail there.
 * With `gradX` false the image is a constant of the product (no weight lies behind it): its
 * gradient, a transposed convolution as big as the forward one, is not computed.
 */
export function conv2d(
  tf: typeof tfType,
  x: tfType.Tensor4D,
  kernel: tfType.Tensor4D,
  strides: [number, number],
  padding: Padding,
  gradX = true,
): tfType.Tensor4D {
  if (!gradX) {
    const onKernel = tf.customGrad<tfType.Tensor4D>((kernelIn, save) => {
      const k = kernelIn as tfType.Tensor4D;
      // The image is saved too: an intermediate (a Dropout's output) is freed when the forward pass
      // ends, before the backward pass reads it, unless the tape keeps it.
      (save as tfType.GradSaveFunc)([k, x]);
      return {
        value: tf.conv2d(x, k, strides, padding),
        gradFunc: (dy, saved) =>
          kernelGradient(
            tf,
            saved[1] as tfType.Tensor4D,
            dy,
            (saved[0] as tfType.Tensor4D).shape,
            strides,
            padding,
          ),
      };
    });
    return onKernel(kernel);
  }
  const op = tf.customGrad<tfType.Tensor4D>((xIn, kernelIn, save) => {
    const input = xIn as tfType.Tensor4D;
    const k = kernelIn as tfType.Tensor4D;
    (save as tfType.GradSaveFunc)([input, k]);
    return {
      value: tf.conv2d(input, k, strides, padding),
      gradFunc: (dy, saved) => {
        const [xs, ks] = saved as [tfType.Tensor4D, tfType.Tensor4D];
        return [
          tf.conv2dTranspose(dy, ks, xs.shape, strides, padding),
          kernelGradient(tf, xs, dy, ks.shape, strides, padding),
        ];
      },
    };
  });
  return op(x, kernel);
}

/** Kernel size, strides and padding of a Conv2D node. */
function convGeometry(params: Params) {
  return {
    window: pair(params.ints('kernelSize')),
    strides: pair(params.ints('strides')),
    padding: params.str('padding') as Padding,
  };
}

export const Conv2D: OpSpec = {
  op: 'Conv2D',
  title: 'Conv2D',
  category: 'layer',
  doc: '2-D convolution: a small kernel of weights slides over the image and, at every position, takes a weighted sum of the pixels under it (over all input channels) plus a bias, then an activation. Each of the `filters` kernels produces one output channel, a map of where its pattern occurs. Because the same weights are reused at every position, a conv layer needs far fewer weights than a Dense layer on the same image. Images are [N, height, width, channels].',
  params: [
    {
      name: 'filters',
      face: true,
      kind: 'int',
      default: 8,
      min: 1,
      max: 4096,
      doc: 'Number of kernels, i.e. output channels.',
    },
    {
      name: 'kernelSize',
      face: true,
      kind: 'ints',
      default: [3],
      min: 1,
      max: 64,
      minLength: 1,
      maxLength: 2,
      doc: 'Kernel height and width; one value for a square kernel.',
    },
    {
      name: 'strides',
      kind: 'ints',
      default: [1],
      min: 1,
      max: 64,
      minLength: 1,
      maxLength: 2,
      doc: 'Step between kernel positions (vertical, horizontal); one value for both.',
    },
    {
      name: 'padding',
      kind: 'enum',
      default: 'valid',
      options: PADDINGS,
      doc: '"valid": only positions where the kernel fits inside the image; "same": pad with zeros so the output is ⌈size/stride⌉.',
    },
    {
      name: 'activation',
      face: true,
      kind: 'enum',
      default: 'linear',
      options: ACTIVATIONS,
      doc: 'Activation applied to x∗K + b.',
    },
    { name: 'useBias', kind: 'bool', default: true, doc: 'Add a trainable bias per filter.' },
    {
      name: 'kernelInit',
      kind: 'enum',
      default: 'glorotUniform',
      options: LAYER_INITIALIZERS,
      doc: 'Initializer of the kernels K.',
    },
  ],
  inputs: [{ name: 'in', doc: 'A batch of images [N, height, width, channels].' }],
  penalisedWeight: 'kernel',
  output: outPort('act(x∗K + b), shape [N, outHeight, outWidth, filters].'),
  formula: {
    forward: 'y[i,j,f] = act(Σ_(a,b,c) x[i·s+a, j·s+b, c] · K[a,b,c,f] + b[f])',
    local:
      "dE/dx = δ slid back through K (transposed convolution),  dE/dK[a,b,c,f] = Σ_(n,i,j) x[i·s+a, j·s+b, c] · δ[i,j,f]  (δ = dE/dy · act')",
  },
  shape: (ctx) => {
    const image = requireImage(ctx, 'Conv2D');
    const { window, strides, padding } = convGeometry(ctx.params);
    const [height, width] = windowedShape('Conv2D', 'kernel', image, window, strides, padding);
    return ['N', height, width, ctx.params.int('filters')];
  },
  weights: (ctx) => {
    const { channels } = requireImage(ctx, 'Conv2D');
    const [kh, kw] = pair(ctx.params.ints('kernelSize'));
    const filters = ctx.params.int('filters');
    const kernel: WeightDecl = {
      name: 'kernel',
      shape: [kh, kw, channels, filters],
      init: { kind: ctx.params.str('kernelInit') } as { kind: 'glorotUniform' },
      trainable: true,
    };
    return ctx.params.bool('useBias')
      ? [kernel, { name: 'bias', shape: [filters], init: { kind: 'zeros' }, trainable: true }]
      : [kernel];
  },
  forward: ({ inputs, weights, params, tf, needsGrad }) => {
    const { strides, padding } = convGeometry(params);
    let s: tfType.Tensor = conv2d(
      tf,
      inputs.in[0] as tfType.Tensor4D,
      weights.kernel as tfType.Tensor4D,
      strides,
      padding,
      needsGrad?.('in') ?? true,
    );
    if (weights.bias) s = tf.add(s, weights.bias);
    return applyActivation(tf, params.str('activation'), s);
  },
};

export const convOps: OpSpec[] = [Conv2D];

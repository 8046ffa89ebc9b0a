/**
 * Image-shaped values in trace frames: the first example's output of every node shaped
 * [N, height, width, channels] (a conv layer's feature maps), of the Input when its examples are
 * images, and every rank-4 kernel [kh, kw, in, out] (input channel 0), each with its gradient.
 * Only what the canvas shows is read back (one example, at most {@link MAX_IMAGE_CHANNELS}
 * channels, images up to {@link MAX_IMAGE_SIDE} pixels a side), within the same single read as
 * the rest of the frame, so frames stay small.
 *
 * Off unless enabled for a program (the editor's worker enables it; the CLI does not need it).
 */
import * as tf from '@tensorflow/tfjs';
import type { Program } from '../compile/program';
import type { TraceReadPlan } from './plan';
import type { ImageStack, NodeImages, TensorTrace } from './types';

/** Channels shown per node. */
export const MAX_IMAGE_CHANNELS = 16;
/** Larger images are not traced (the canvas has no room, and the read would be big). */
export const MAX_IMAGE_SIDE = 64;
/** At most this many image values per frame; nodes beyond it go without images. */
export const MAX_IMAGE_VALUES = 80_000;

/** Programs whose frames carry images, with the Input's image size when its examples are images. */
const enabled = new WeakMap<Program, { input: [number, number] | null }>();

/**
 * The height and width of the image an example is, when its shape is [h, w] or [h, w, 1] (from
 * the data set's feature shape, or else the Input node's); null otherwise.
 */
export function imageShapeOf(...shapes: (readonly number[] | null | undefined)[]): [number, number] | null {
  for (const s of shapes) {
    if (!s) continue;
    if ((s.length === 2 || (s.length === 3 && s[2] === 1)) && s[0] >= 2 && s[1] >= 2) return [s[0], s[1]];
  }
  return null;
}

/**
 * The square image a flattened example most likely is: MNIST flattened for an MLP has 784 = 28²
 * features. Only for classification sets of at least 8×8 square-count features without a
 * vocabulary (TF-IDF or bag-of-words rows are not pictures); null otherwise.
 */
export function flatImageShape(data: {
  featureShape: readonly number[];
  task: string;
  vocabulary?: readonly string[];
}): [number, number] | null {
  if (data.featureShape.length !== 1 || data.task !== 'classification' || data.vocabulary) return null;
  const side = Math.round(Math.sqrt(data.featureShape[0]));
  return side >= 8 && side * side === data.featureShape[0] ? [side, side] : null;
}

/** Makes `program`'s trace frames carry images; `input` is the size of an example's image, if any. */
export function enableImageTraces(program: Program, input: [number, number] | null): void {
  enabled.set(program, { input });
}

/** Whether `program`'s frames carry images. */
export function imageTracesEnabled(program: Program): boolean {
  return enabled.has(program);
}

/** The first example of `x` as [channels, h, w] images, or null when it is not image-shaped. */
function firstImages(x: tf.Tensor, input: [number, number] | null): tf.Tensor3D | null {
  const s = x.shape;
  if (input && s.length >= 2 && x.size / s[0] === input[0] * input[1])
    return tf.tidy(
      () => tf.reshape(tf.slice(tf.reshape(x, [s[0], -1]), [0, 0], [1, -1]), [1, ...input]) as tf.Tensor3D,
    );
  if (s.length !== 4 || s[1] < 2 || s[2] < 2 || s[1] > MAX_IMAGE_SIDE || s[2] > MAX_IMAGE_SIDE) return null;
  const k = Math.min(MAX_IMAGE_CHANNELS, s[3]);
  return tf.tidy(() =>
    tf.transpose(tf.reshape(tf.slice(x, [0, 0, 0, 0], [1, s[1], s[2], k]), [s[1], s[2], k]), [2, 0, 1]),
  ) as tf.Tensor3D;
}

/** Kernels [kh, kw, in, out] as [out, kh, kw] images of input channel 0. */
function kernelImages(w: tf.Tensor): tf.Tensor3D | null {
  const s = w.shape;
  if (s.length !== 4 || s[0] > MAX_IMAGE_SIDE || s[1] > MAX_IMAGE_SIDE) return null;
  const k = Math.min(MAX_IMAGE_CHANNELS, s[3]);
  return tf.tidy(() =>
    tf.transpose(tf.reshape(tf.slice(w, [0, 0, 0, 0], [s[0], s[1], 1, k]), [s[0], s[1], k]), [2, 0, 1]),
  ) as tf.Tensor3D;
}

/** Weights [h·w, units] of a layer fed by the image input, as [units, h, w] images (what each unit looks for). */
function templateImages(w: tf.Tensor, input: [number, number]): tf.Tensor3D | null {
  const [rows, units] = w.shape;
  if (w.rank !== 2 || rows !== input[0] * input[1] || units === undefined) return null;
  const k = Math.min(MAX_IMAGE_CHANNELS, units);
  return tf.tidy(
    () => tf.reshape(tf.transpose(tf.slice(w, [0, 0], [rows, k])), [k, ...input]) as tf.Tensor3D,
  );
}

function stackOf(trace: TensorTrace, channels: number): ImageStack {
  const [count, height, width] = trace.shape;
  return { count, height, width, channels, pixels: Float32Array.from(trace.values ?? []) };
}

/** What {@link planImages} reads: a step's node outputs and gradients and its kernels. */
export interface ImageSources {
  outputs: ReadonlyMap<string, tf.Tensor>;
  /** dE/d(output) by node id (absent for a forward pass only). */
  grads?: ReadonlyMap<string, tf.Tensor>;
  /** Weight key → value. */
  weights?: ReadonlyMap<string, tf.Tensor>;
  /** Weight key → gradient. */
  weightGrads?: ReadonlyMap<string, tf.Tensor>;
}

/**
 * Registers the images of a pass in `plan` (when image traces are enabled for `program`) and
 * returns the record they are placed in once the plan is read, or null when there is none.
 */
export function planImages(
  plan: TraceReadPlan,
  program: Program,
  sources: ImageSources,
): Record<string, NodeImages> | null {
  const hint = enabled.get(program);
  if (!hint) return null;
  const graph = program.graph;
  const inputId = graph.order.find((id) => graph.nodes.get(id)!.spec.role === 'input');
  const out: Record<string, NodeImages> = Object.create(null) as Record<string, NodeImages>;
  let budget = MAX_IMAGE_VALUES;
  const add = (nodeId: string, field: keyof NodeImages, images: tf.Tensor3D | null, channels: number) => {
    if (!images) return;
    if (images.size > budget) {
      images.dispose();
      return;
    }
    budget -= images.size;
    const node = (out[nodeId] ??= {});
    plan.add(images, (tr) => (node[field] = stackOf(tr, channels)), { full: true, owned: true });
  };
  for (const id of graph.order) {
    const x = sources.outputs.get(id);
    if (!x) continue;
    const input = id === inputId ? hint.input : null;
    const channels = input ? 1 : (x.shape[3] ?? 1);
    add(id, 'value', firstImages(x, input), channels);
    // A gradient image only next to its value image (within the budget).
    const g = sources.grads?.get(id);
    if (g && out[id]) add(id, 'grad', firstImages(g, input), channels);
  }
  // Nodes that read the image input directly: their [h·w, units] weights are one image per unit.
  const readsInput = new Set(
    graph.order.filter((id) =>
      Object.values(graph.nodes.get(id)!.inputs).some((srcs) => srcs.includes(inputId ?? '')),
    ),
  );
  for (const w of program.weights) {
    const value = sources.weights?.get(w.key);
    if (!value) continue;
    const g = sources.weightGrads?.get(w.key);
    if (value.rank === 4) {
      add(w.nodeId, 'kernel', kernelImages(value), value.shape[3]!);
      if (g) add(w.nodeId, 'kernelGrad', kernelImages(g), value.shape[3]!);
    } else if (value.rank === 2 && hint.input && readsInput.has(w.nodeId)) {
      add(w.nodeId, 'kernel', templateImages(value, hint.input), value.shape[1]!);
      if (g) add(w.nodeId, 'kernelGrad', templateImages(g, hint.input), value.shape[1]!);
    }
  }
  return out;
}

/** Weight initializers, seeded so the same seed gives the same starting weights. */
import * as tf from '@tensorflow/tfjs';
import type { InitSpec } from '../ops/spec';

/** A 31-bit seed for one weight, mixed from the graph seed and the weight's name (FNV-1a). */
export function weightSeed(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) % 2147483647;
}

/** Fan-in and fan-out as Keras computes them: last axis is out; the rest (times receptive field) is in. */
export function fans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

/** Creates the initial value of a weight. */
export function initialValue(init: InitSpec, shape: number[], seed: number): tf.Tensor {
  const { fanIn, fanOut } = fans(shape);
  switch (init.kind) {
    case 'zeros':
      return tf.zeros(shape);
    case 'ones':
      return tf.ones(shape);
    case 'constant':
      return tf.fill(shape, init.value);
    case 'uniform':
      return tf.randomUniform(shape, init.min, init.max, 'float32', seed);
    case 'normal':
      return tf.randomNormal(shape, init.mean, init.std, 'float32', seed);
    case 'uniformFanIn': {
      const limit = 1 / Math.sqrt(fanIn);
      return tf.randomUniform(shape, -limit, limit, 'float32', seed);
    }
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return tf.randomUniform(shape, -limit, limit, 'float32', seed);
    }
    case 'glorotNormal':
      return tf.truncatedNormal(shape, 0, Math.sqrt(2 / (fanIn + fanOut)), 'float32', seed);
    case 'heNormal':
      return tf.truncatedNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed);
    case 'values':
      return tf.tensor(init.values, shape);
  }
}

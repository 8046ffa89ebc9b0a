/** Helpers shared by the 2-D classification generators. */
import type { Dataset } from '../dataset';

/** Builds a 2-D classification data set from interleaved (x, y) points and class indices. */
export function classification2d(
  name: string,
  points: number[],
  labels: number[],
  numClasses: number,
): Dataset {
  return {
    name,
    count: labels.length,
    featureShape: [2],
    features: Float32Array.from(points),
    labels: Float32Array.from(labels),
    labelShape: [],
    task: 'classification',
    numClasses,
  };
}

/** `numpy.linspace(start, stop, n)` value `i`, endpoint included; a single point sits at `start`. */
export function linspace(start: number, stop: number, n: number, i: number): number {
  return n === 1 ? start : start + ((stop - start) * i) / (n - 1);
}

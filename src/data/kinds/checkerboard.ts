/**
 * The checkerboard: k×k cells over [-1, 1)², coloured alternately with two classes. No single line
 * (or few) separates it, which makes it the classic test of a network's non-linear boundary; more
 * cells need more hidden units.
 */
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { intOption, numberOption, resolveOptions } from '../options';
import type { OptionValues } from '../options';
import { createRng } from '../random';
import { classification2d } from './planar';

const options = {
  cells: intOption('cells per side', 'Number of cells along each side (k of k×k).', 2, 50, 4),
  samples: intOption('samples', 'Total number of points.', 2, 1_000_000, 400),
  noise: numberOption(
    'noise',
    'Standard deviation of Gaussian noise added to each point after it was labelled.',
    0,
    10,
    0,
  ),
};

/** Options of {@link checkerboard}. */
export type CheckerboardOptions = OptionValues<typeof options>;

/**
 * The class of a point of [-1, 1)² on a k×k checkerboard: the parity of its column plus its row,
 * so the bottom-left cell is class 0.
 */
export function checkerboardClass(x: number, y: number, cells: number): number {
  const cell = (v: number) => Math.min(cells - 1, Math.max(0, Math.floor(((v + 1) / 2) * cells)));
  return (cell(x) + cell(y)) % 2;
}

/**
 * A k×k checkerboard of two classes. Class 0 gets the first ⌊samples/2⌋ points and class 1 the
 * rest, so the classes are balanced whatever k is; each point falls in a cell of its class drawn
 * uniformly, at a uniform position inside it. Gaussian noise then moves it, so with noise some
 * points cross into a neighbouring cell of the other class.
 *
 * @param values - `cells` (k, default 4), `samples` (default 400), `noise` (std, default 0).
 * @param seed - Seed of the cells, positions and noise.
 */
export function checkerboard(values: CheckerboardOptions = {}, seed = 1): Dataset {
  const { cells: k, samples, noise } = resolveOptions('checkerboard', options, values);
  const rng = createRng(seed, 'checkerboard');
  const size = 2 / k;
  // Cells of each class as [column, row]: (column + row) even is class 0.
  const byClass: [number, number][][] = [[], []];
  for (let column = 0; column < k; column++) {
    for (let row = 0; row < k; row++) byClass[(column + row) % 2].push([column, row]);
  }
  const firstOfClass1 = Math.floor(samples / 2);
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < samples; i++) {
    const label = i < firstOfClass1 ? 0 : 1;
    const cellsOfClass = byClass[label];
    const [column, row] = cellsOfClass[rng.int(cellsOfClass.length)];
    const x = -1 + (column + rng.next()) * size;
    const y = -1 + (row + rng.next()) * size;
    points.push(x + rng.normal(0, noise), y + rng.normal(0, noise));
    labels.push(label);
  }
  return classification2d(`checkerboard (${k}×${k}, ${samples})`, points, labels, 2);
}

/** Registry entry of the checkerboard. */
export const checkerboardKind = defineDataset({
  kind: 'checkerboard',
  title: 'Checkerboard (k×k cells)',
  description:
    'A k×k checkerboard over [-1, 1)², two classes in alternating cells: a classic non-linear boundary.',
  offer: 'builtin',
  training: { optimizer: { type: 'adam', learningRate: 0.02 }, batchSize: 32, epochs: 300 },
  options,
  load: (spec, { seed }) => checkerboard(spec, seed),
  size(spec) {
    const { cells: k, samples } = resolveOptions('checkerboard', options, spec);
    return { name: `checkerboard (${k}×${k}, ${samples})`, count: samples, featureSize: 2, labelSize: 1 };
  },
});

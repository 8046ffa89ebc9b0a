/** The checkerboard data set: balanced classes, labels that follow the cells, reproducible per seed. */
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset';
import { checkerboard, checkerboardClass } from '../../src/data/kinds/checkerboard';
import { loadDataset } from '../../src/data/load';

const count = (labels: Float32Array, c: number) => labels.filter((l) => l === c).length;

describe('checkerboard', () => {
  it('is a 2-D, two-class data set with the requested number of points', () => {
    const ds = checkerboard({ samples: 301 }, 1);
    expect(ds).toMatchObject({ count: 301, featureShape: [2], labelShape: [], task: 'classification' });
    expect(ds.numClasses).toBe(2);
    expect(ds.features).toHaveLength(602);
  });

  it('balances the classes for even and odd boards', () => {
    for (const cells of [2, 3, 4, 5]) {
      const ds = checkerboard({ cells, samples: 1001 }, 3);
      expect(count(ds.labels, 0)).toBe(500);
      expect(count(ds.labels, 1)).toBe(501);
    }
  });

  it('labels every point by the parity of its cell when there is no noise', () => {
    for (const cells of [2, 3, 6]) {
      const ds = checkerboard({ cells, samples: 2000, noise: 0 }, 5);
      for (let i = 0; i < ds.count; i++) {
        const [x, y] = [ds.features[2 * i], ds.features[2 * i + 1]];
        expect(x >= -1 && x < 1 && y >= -1 && y < 1).toBe(true);
        expect(checkerboardClass(x, y, cells)).toBe(ds.labels[i]);
      }
    }
  });

  it('fills the cells of each class evenly (each within 5 standard deviations of its expected count)', () => {
    const cells = 4;
    const samples = 16_000;
    const ds = checkerboard({ cells, samples }, 11);
    const hits = new Array<number>(cells * cells).fill(0);
    for (let i = 0; i < ds.count; i++) {
      const col = Math.floor(((ds.features[2 * i] + 1) / 2) * cells);
      const row = Math.floor(((ds.features[2 * i + 1] + 1) / 2) * cells);
      hits[col * cells + row]++;
    }
    // Each class has 8 cells and 8000 points: 1000 expected per cell, binomial with p = 1/8.
    const expected = samples / 2 / 8;
    const sd = Math.sqrt((samples / 2) * (1 / 8) * (7 / 8));
    for (const h of hits) expect(Math.abs(h - expected)).toBeLessThan(5 * sd);
  });

  it('moves points across cell borders with noise, about as often as the noise width predicts', () => {
    const ds = checkerboard({ cells: 2, samples: 4000, noise: 0.1 }, 2);
    let wrong = 0;
    for (let i = 0; i < ds.count; i++) {
      if (checkerboardClass(ds.features[2 * i], ds.features[2 * i + 1], 2) !== ds.labels[i]) wrong++;
    }
    // Cells are 1 wide; noise of std 0.1 crosses an inner border for roughly 8% of the points, not for most.
    expect(wrong / ds.count).toBeGreaterThan(0.02);
    expect(wrong / ds.count).toBeLessThan(0.2);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(checkerboard({ noise: 0.05 }, 4)).toEqual(checkerboard({ noise: 0.05 }, 4));
    expect(checkerboard({}, 4).features).not.toEqual(checkerboard({}, 5).features);
  });

  it('is what a graph file’s data set of kind checkerboard loads', () => {
    expect(loadDataset({ kind: 'checkerboard', cells: 3 }, 9)).toEqual(checkerboard({ cells: 3 }, 9));
  });

  it('rejects out-of-bound options naming them', () => {
    expect(() => checkerboard({ cells: 1 })).toThrow(DatasetError);
    expect(() => checkerboard({ samples: 2.5 })).toThrow(/checkerboard samples/);
    expect(() => checkerboard({ noise: -1 })).toThrow(/checkerboard noise/);
  });
});

/** Word-vector arithmetic and the 2-D projection, checked against arithmetic written here. */
import { describe, expect, it } from 'vitest';
import { analogy, cosine, nearest, wordIndex } from '../../src/views/vectors';
import type { RowMatrix } from '../../src/views/vectors';
import { project2d } from '../../src/views/pca';

const m = (rows: number[][]): RowMatrix => ({
  rows: rows.length,
  dim: rows[0].length,
  values: Float32Array.from(rows.flat()),
});

describe('cosine', () => {
  it('is the dot product over the norms', () => {
    // (1,2,2)·(2,0,1) = 4; |a| = 3, |b| = √5.
    expect(cosine([1, 2, 2], [2, 0, 1])).toBeCloseTo(4 / (3 * Math.sqrt(5)), 12);
    expect(cosine([1, 0], [-3, 0])).toBe(-1);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow(/length 1 and 2/);
  });
});

describe('nearest', () => {
  it('ranks rows by cosine, most similar first, leaving out excluded rows', () => {
    const table = m([
      [1, 0],
      [0, 1],
      [1, 1],
      [-1, 0],
      [2, 0.1],
    ]);
    const got = nearest(table, [1, 0], 3, [0]);
    // cos to (1,0): row 4 = 2/√4.01, row 2 = 1/√2, row 1 = 0, row 3 = −1.
    expect(got.map((n) => n.index)).toEqual([4, 2, 1]);
    expect(got[0].similarity).toBeCloseTo(2 / Math.sqrt(4.01), 6);
    expect(got[1].similarity).toBeCloseTo(1 / Math.SQRT2, 6);
  });
});

describe('analogy', () => {
  it('finds the row nearest a − b + c, not a, b or c', () => {
    // king − man + woman = (1,1,0) − (1,0,0) + (0,0,1) = (0,1,1) = queen.
    const words = ['king', 'man', 'woman', 'queen', 'apple'];
    const table = m([
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1.1],
      [1, -1, 0],
    ]);
    const [best] = analogy(
      table,
      wordIndex(words, 'King'),
      wordIndex(words, 'man'),
      wordIndex(words, 'woman'),
      1,
    );
    expect(words[best.index]).toBe('queen');
    expect(best.similarity).toBeCloseTo(2.1 / (Math.SQRT2 * Math.sqrt(2.21)), 6);
    expect(wordIndex(words, 'pear')).toBe(-1);
  });
});

describe('project2d', () => {
  it('projects centred rows on the directions of largest variance, signs kept from the previous axes', () => {
    // Points on the line y = 2x (plus a small perpendicular spread): the first axis is ±(1,2)/√5.
    const rows = [
      [0, 0],
      [1, 2],
      [2, 4],
      [3, 6],
      [1.2, 1.9],
    ];
    const p = project2d(m(rows));
    const [ax, ay] = p.axes[0];
    expect(Math.abs(ax * 2 - ay)).toBeLessThan(0.05);
    expect(Math.hypot(ax, ay)).toBeCloseTo(1, 6);
    // Coordinates are (row − mean) · axis.
    const mean = [0, 1].map((j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
    rows.forEach((r, i) => {
      expect(p.xy[2 * i]).toBeCloseTo((r[0] - mean[0]) * ax + (r[1] - mean[1]) * ay, 4);
    });
    expect(p.explained[0]).toBeGreaterThan(0.95);
    // Given flipped previous axes, the new ones follow them.
    const flipped = project2d(m(rows), [
      Float64Array.from(p.axes[0], (v) => -v),
      Float64Array.from(p.axes[1], (v) => -v),
    ]);
    expect(flipped.axes[0][0]).toBeCloseTo(-ax, 6);
    expect(flipped.xy[2]).toBeCloseTo(-p.xy[2], 4);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng, shuffledIndices } from '../../src/data/random';

function draw(seed: number | string, stream?: string): number[] {
  const rng = createRng(seed, stream);
  return Array.from({ length: 8 }, () => rng.next());
}

describe('createRng', () => {
  it('repeats its sequence for a seed and differs across seeds and streams', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42, 'split')).not.toEqual(draw(42));
  });

  it('draws uniforms within bounds', () => {
    const rng = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const u = rng.uniform(-2, 3);
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(3);
    }
  });

  it('draws normals with the requested mean and standard deviation', () => {
    const rng = createRng(7);
    const values = Array.from({ length: 20000 }, () => rng.normal(3, 2));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(mean).toBeCloseTo(3, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('draws integers in half-open ranges covering every value', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const k = rng.int(-2, 3);
      expect(Number.isInteger(k)).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    expect(rng.int(1)).toBe(0);
    expect(() => rng.int(3, 3)).toThrow(RangeError);
  });
});

describe('shuffledIndices', () => {
  it('returns a permutation, reproducible per seed', () => {
    const a = shuffledIndices(50, createRng(5));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffledIndices(50, createRng(5))).toEqual(a);
    expect(shuffledIndices(50, createRng(6))).not.toEqual(a);
    expect(shuffledIndices(0, createRng(5))).toEqual([]);
  });
});

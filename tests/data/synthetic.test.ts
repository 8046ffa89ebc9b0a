import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset';
import type { Dataset } from '../../src/data/dataset';
import { and, blobs, circles, inline, linear, moons, or, sine, spiral, xor } from '../../src/data';

/** Checks the invariants every data set must satisfy. */
function expectConsistent(ds: Dataset): void {
  const featureSize = ds.featureShape.reduce((a, b) => a * b, 1);
  const labelSize = ds.labelShape.reduce((a, b) => a * b, 1);
  expect(ds.features.length).toBe(ds.count * featureSize);
  expect(ds.labels.length).toBe(ds.count * labelSize);
  expect(ds.features.every(Number.isFinite)).toBe(true);
  if (ds.task === 'classification') {
    expect(ds.labelShape).toEqual([]);
    expect(ds.labels.every((l) => Number.isInteger(l) && l >= 0 && l < (ds.numClasses ?? 0))).toBe(true);
  }
}

describe('truth tables', () => {
  it.each([
    ['xor', xor, [0, 1, 1, 0]],
    ['or', or, [0, 1, 1, 1]],
    ['and', and, [0, 0, 0, 1]],
  ] as const)('%s has 4 examples in order (0,0),(0,1),(1,0),(1,1)', (name, make, labels) => {
    const ds = make();
    expectConsistent(ds);
    expect(ds.name).toBe(name);
    expect(ds.task).toBe('regression');
    expect(ds.labelShape).toEqual([1]);
    expect([...ds.features]).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect([...ds.labels]).toEqual(labels);
  });
});

describe('spiral', () => {
  it('has K×N points labelled by arm, with radius i/(N-1)', () => {
    const k = 3;
    const n = 100;
    const ds = spiral({}, 1);
    expectConsistent(ds);
    expect(ds.name).toBe('spiral (3 classes × 100)');
    expect(ds.count).toBe(k * n);
    expect(ds.featureShape).toEqual([2]);
    expect(ds.numClasses).toBe(k);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) {
        const p = j * n + i;
        expect(ds.labels[p]).toBe(j);
        expect(Math.hypot(ds.features[2 * p], ds.features[2 * p + 1])).toBeCloseTo(i / (n - 1), 5);
      }
    }
  });

  it('follows t = linspace(4j, 4(j+1), N) exactly when noise is 0', () => {
    const ds = spiral({ classes: 2, pointsPerClass: 5, noise: 0 }, 9);
    const p = 1 * 5 + 4; // class 1, last point: r = 1, t = 8
    expect(ds.features[2 * p]).toBeCloseTo(Math.sin(8), 6);
    expect(ds.features[2 * p + 1]).toBeCloseTo(Math.cos(8), 6);
    expect([...ds.features]).toEqual([...spiral({ classes: 2, pointsPerClass: 5, noise: 0 }, 10).features]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(spiral({}, 4).features).toEqual(spiral({}, 4).features);
    expect(spiral({}, 4).features).not.toEqual(spiral({}, 5).features);
  });

  it('rejects invalid options', () => {
    expect(() => spiral({ classes: 0 }, 1)).toThrow(DatasetError);
    expect(() => spiral({ pointsPerClass: 2.5 }, 1)).toThrow(/pointsPerClass/);
    expect(() => spiral({ noise: -1 }, 1)).toThrow(/noise/);
  });
});

describe('2-D classification sets', () => {
  it('circles puts class 0 on radius 1 and class 1 on radius factor', () => {
    const ds = circles({ samples: 101, noise: 0, factor: 0.3 }, 1);
    expectConsistent(ds);
    expect(ds.count).toBe(101);
    expect(ds.numClasses).toBe(2);
    for (let i = 0; i < ds.count; i++) {
      const r = Math.hypot(ds.features[2 * i], ds.features[2 * i + 1]);
      expect(r).toBeCloseTo(ds.labels[i] === 0 ? 1 : 0.3, 5);
    }
    expect(ds.labels.filter((l) => l === 0).length).toBe(50);
  });

  it('moons puts the two arcs where scikit-learn does', () => {
    const ds = moons({ samples: 10, noise: 0 }, 1);
    expectConsistent(ds);
    for (let i = 0; i < ds.count; i++) {
      const [x, y] = [ds.features[2 * i], ds.features[2 * i + 1]];
      if (ds.labels[i] === 0) expect(Math.hypot(x, y)).toBeCloseTo(1, 5);
      else expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 5);
    }
  });

  it('blobs draws points around seed-determined centres', () => {
    const ds = blobs({ classes: 4, pointsPerClass: 200, spread: 0.5 }, 3);
    expectConsistent(ds);
    expect(ds.count).toBe(800);
    expect(ds.numClasses).toBe(4);
    for (let j = 0; j < 4; j++) {
      let sx = 0;
      let sy = 0;
      let sq = 0;
      for (let i = 0; i < 200; i++) {
        sx += ds.features[2 * (j * 200 + i)];
        sy += ds.features[2 * (j * 200 + i) + 1];
      }
      const [cx, cy] = [sx / 200, sy / 200];
      for (let i = 0; i < 200; i++) {
        sq += (ds.features[2 * (j * 200 + i)] - cx) ** 2 + (ds.features[2 * (j * 200 + i) + 1] - cy) ** 2;
      }
      expect(Math.abs(cx)).toBeLessThan(11);
      expect(Math.sqrt(sq / 400)).toBeCloseTo(0.5, 1);
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    for (const make of [circles, moons, blobs]) {
      expect(make({}, 8).features).toEqual(make({}, 8).features);
      expect(make({}, 8).features).not.toEqual(make({}, 9).features);
    }
  });
});

describe('sine', () => {
  it('has labels within sin(pi x / 50) ± 0.5 and x scaled into [0, 1]', () => {
    const ds = sine({}, 1);
    expectConsistent(ds);
    expect(ds.count).toBe(100);
    expect(ds.labelShape).toEqual([1]);
    expect(ds.features[0]).toBe(0);
    expect(ds.features[99]).toBe(1);
    for (let x = 0; x < 100; x++) {
      expect(ds.features[x]).toBeCloseTo(x / 99, 6);
      const d = ds.labels[x] - Math.sin((Math.PI * x) / 50);
      expect(d).toBeGreaterThanOrEqual(-0.5 - 1e-6);
      expect(d).toBeLessThan(0.5 + 1e-6);
    }
  });

  it('keeps raw x without normalization and honours the noise width', () => {
    const ds = sine({ samples: 20, noise: 0, normalize: false }, 1);
    expect([...ds.features]).toEqual(Array.from({ length: 20 }, (_, x) => x));
    ds.labels.forEach((y, x) => expect(y).toBeCloseTo(Math.sin((Math.PI * x) / 50), 6));
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(sine({}, 2).labels).toEqual(sine({}, 2).labels);
    expect(sine({}, 2).labels).not.toEqual(sine({}, 3).labels);
  });
});

describe('linear', () => {
  /** Least-squares line through (x, y); returns slope, intercept and residual standard deviation. */
  function fitLine(x: Float32Array, y: Float32Array): { w: number; b: number; residualStd: number } {
    const n = x.length;
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = y.reduce((s, v) => s + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    x.forEach((v, i) => {
      sxy += (v - mx) * (y[i] - my);
      sxx += (v - mx) ** 2;
    });
    const w = sxy / sxx;
    const b = my - w * mx;
    const sq = x.reduce((s, v, i) => s + (y[i] - (w * v + b)) ** 2, 0);
    return { w, b, residualStd: Math.sqrt(sq / n) };
  }

  it('is exactly linear without noise', () => {
    const ds = linear({ samples: 50, noise: 0 }, 4);
    expectConsistent(ds);
    expect(ds.featureShape).toEqual([1]);
    expect(ds.labelShape).toEqual([1]);
    expect(fitLine(ds.features, ds.labels).residualStd).toBeLessThan(1e-5);
  });

  it('adds Gaussian noise of the requested standard deviation', () => {
    const ds = linear({ samples: 4000, noise: 0.3 }, 4);
    expect(fitLine(ds.features, ds.labels).residualStd).toBeCloseTo(0.3, 1);
  });

  it('draws several features per example', () => {
    const ds = linear({ samples: 10, features: 3 }, 4);
    expectConsistent(ds);
    expect(ds.featureShape).toEqual([3]);
    expect(ds.features.every((v) => v >= -1 && v < 1)).toBe(true);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(linear({}, 1).labels).toEqual(linear({}, 1).labels);
    expect(fitLine(linear({}, 1).features, linear({}, 1).labels).w).not.toBeCloseTo(
      fitLine(linear({}, 2).features, linear({}, 2).labels).w,
      2,
    );
  });
});

describe('inline', () => {
  it('builds a regression data set from rows', () => {
    const ds = inline({
      features: [
        [0, 0],
        [1, 1],
        [2, 3],
      ],
      labels: [[0], [1], [0.5]],
    });
    expectConsistent(ds);
    expect(ds.featureShape).toEqual([2]);
    expect(ds.labelShape).toEqual([1]);
    expect([...ds.features]).toEqual([0, 0, 1, 1, 2, 3]);
    expect([...ds.labels]).toEqual([0, 1, 0.5]);
  });

  it('names the bad row', () => {
    expect(() => inline({ features: [[0], [1], [2], [3]], labels: [[0], [1], [0], [1, 2]] })).toThrow(
      'labels row 3: expected 1 value, got 2',
    );
    expect(() => inline({ features: [[0, 1], [2]], labels: [[0], [1]] })).toThrow(
      'features row 1: expected 2 values, got 1',
    );
    expect(() => inline({ features: [[0], [Number.NaN]], labels: [[0], [1]] })).toThrow(
      /features row 1, value 0/,
    );
    expect(() => inline({ features: [[0], [1]], labels: [[0]] })).toThrow(/2 feature rows but 1 label rows/);
    expect(() => inline({ features: [], labels: [] })).toThrow(DatasetError);
  });
});

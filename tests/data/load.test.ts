import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetSpec } from '../../src/graph/types';
import { DatasetError } from '../../src/data/dataset';
import type { Dataset } from '../../src/data/dataset';
import { writeIdx } from '../../src/data/idx';
import { describeDataset, loadDataset, splitDataset } from '../../src/data/load';
import { spiral, xor } from '../../src/data';

const FIXTURES = fileURLToPath(new URL('../fixtures/data/', import.meta.url));
const readFixture = (path: string): Uint8Array => readFileSync(join(FIXTURES, path));

describe('loadDataset', () => {
  it.each<[DatasetSpec, string]>([
    [{ kind: 'xor' }, 'xor'],
    [{ kind: 'or' }, 'or'],
    [{ kind: 'and' }, 'and'],
    [{ kind: 'spiral', classes: 2, pointsPerClass: 10 }, 'spiral (2 classes × 10)'],
    [{ kind: 'circles', samples: 20 }, 'circles (20)'],
    [{ kind: 'moons', samples: 20 }, 'moons (20)'],
    [{ kind: 'blobs', classes: 2, pointsPerClass: 5 }, 'blobs (2 classes × 5)'],
    [{ kind: 'sine', samples: 30 }, 'sine (30)'],
    [{ kind: 'linear', samples: 30, features: 2 }, 'linear (30 × 2 features)'],
    [{ kind: 'inline', features: [[1], [2]], labels: [[0], [1]] }, 'inline (2)'],
  ])('builds %j', (spec, name) => {
    const ds = loadDataset(spec, 3);
    expect(ds.name).toBe(name);
    expect(loadDataset(spec, 3)).toEqual(ds);
  });

  it('passes the seed to synthetic generators', () => {
    expect(loadDataset({ kind: 'spiral' }, 5)).toEqual(spiral({}, 5));
    expect(loadDataset({ kind: 'spiral' }, 5).features).not.toEqual(
      loadDataset({ kind: 'spiral' }, 6).features,
    );
  });

  it('reads CSV files through the reader', () => {
    const ds = loadDataset({ kind: 'csv', path: 'iris-sample.csv', normalize: 'minmax' }, 1, readFixture);
    expect(ds.name).toBe('iris-sample.csv');
    expect(ds.count).toBe(6);
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Math.min(...ds.features)).toBe(0);
    expect(Math.max(...ds.features)).toBe(1);
  });

  it('prefixes CSV errors with the path and keeps the line', () => {
    const reader = (): Uint8Array => new TextEncoder().encode('a,y\n1,0\nx,1\n');
    try {
      loadDataset({ kind: 'csv', path: 'bad.csv' }, 1, reader);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DatasetError);
      expect((err as DatasetError).message).toBe('bad.csv: line 3, column "a": "x" is not a number');
      expect((err as DatasetError).line).toBe(3);
    }
  });

  describe('IDX files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-idx-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const pixels = Array.from({ length: 3 * 4 * 4 }, (_, i) => (i * 5) % 256);
    writeFileSync(join(dir, 'images-idx3-ubyte'), writeIdx([3, 4, 4], pixels));
    writeFileSync(join(dir, 'labels-idx1-ubyte'), writeIdx([3], [0, 2, 1]));
    const readFromDir = (path: string): Uint8Array => readFileSync(join(dir, path));

    it('reads an image/label pair', () => {
      const ds = loadDataset(
        { kind: 'idx', images: 'images-idx3-ubyte', labels: 'labels-idx1-ubyte', flatten: false, limit: 2 },
        1,
        readFromDir,
      );
      expect(ds.name).toBe('images-idx3-ubyte');
      expect(ds.count).toBe(2);
      expect(ds.featureShape).toEqual([4, 4, 1]);
      expect(ds.numClasses).toBe(3);
      expect(ds.features[1]).toBeCloseTo(5 / 255, 6);
    });

    it('names a missing file', () => {
      expect(() =>
        loadDataset({ kind: 'idx', images: 'images-idx3-ubyte', labels: 'nope' }, 1, readFromDir),
      ).toThrow(/cannot read data file "nope"/);
    });
  });

  it('needs a reader for files', () => {
    expect(() => loadDataset({ kind: 'csv', path: 'a.csv' }, 1)).toThrow(
      'CSV/IDX data sets need a file reader',
    );
    expect(() => loadDataset({ kind: 'idx', images: 'a', labels: 'b' }, 1)).toThrow(DatasetError);
  });
});

describe('splitDataset', () => {
  /** Each example's features as a string, to compare sets of examples. */
  function rows(ds: Dataset): string[] {
    const size = ds.featureShape.reduce((a, b) => a * b, 1);
    return Array.from({ length: ds.count }, (_, i) =>
      [...ds.features.subarray(i * size, (i + 1) * size), ds.labels[i]].join(','),
    );
  }

  const ds = spiral({ pointsPerClass: 20 }, 1);

  it('holds out round(count × fraction) examples, keeping every example once', () => {
    const { train, test } = splitDataset(ds, 0.25, 7);
    expect(test).not.toBeNull();
    expect(test?.count).toBe(15);
    expect(train.count).toBe(45);
    expect([...rows(train), ...rows(test ?? train)].sort()).toEqual(rows(ds).sort());
    for (const part of [train, test]) {
      expect(part?.task).toBe('classification');
      expect(part?.numClasses).toBe(3);
      expect(part?.labelShape).toEqual([]);
    }
    expect(train.name).toBe('spiral (3 classes × 20) (train)');
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(rows(splitDataset(ds, 0.25, 7).train)).toEqual(rows(splitDataset(ds, 0.25, 7).train));
    expect(rows(splitDataset(ds, 0.25, 7).train)).not.toEqual(rows(splitDataset(ds, 0.25, 8).train));
  });

  it('keeps multi-value labels together with their examples', () => {
    const { train, test } = splitDataset(xor(), 0.5, 1);
    for (const part of [train, test ?? train]) {
      for (let i = 0; i < part.count; i++) {
        expect(part.labels[i]).toBe(part.features[2 * i] ^ part.features[2 * i + 1]);
      }
    }
  });

  it('returns no test set for fraction 0 and at least one example each otherwise', () => {
    expect(splitDataset(ds, 0, 1)).toEqual({ train: ds, test: null });
    expect(splitDataset(xor(), 0.01, 1).test?.count).toBe(1);
    expect(splitDataset(xor(), 0.99, 1).train.count).toBe(1);
    expect(() => splitDataset(ds, 1, 1)).toThrow(DatasetError);
    expect(() => splitDataset(ds, -0.1, 1)).toThrow(DatasetError);
  });
});

describe('describeDataset', () => {
  it('summarizes a data set in one line', () => {
    expect(describeDataset(spiral({}, 1))).toBe(
      'spiral (3 classes × 100): 300 examples, features [2], 3 classes',
    );
    expect(describeDataset(xor())).toBe('xor: 4 examples, features [2], regression, labels [1]');
  });
});

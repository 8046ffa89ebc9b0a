import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/data/dataset';
import { idxDataset, parseIdx, writeIdx } from '../../src/data/idx';

/** Two 2×3 "images" with pixel values 0…255 and their labels. */
const PIXELS = [0, 51, 102, 153, 204, 255, 255, 0, 255, 0, 255, 0];

describe('writeIdx / parseIdx', () => {
  it('round-trips unsigned bytes with the MNIST header layout', () => {
    const bytes = writeIdx([2, 2, 3], PIXELS, 'ubyte');
    // Magic 0x00000803, then big-endian sizes 2, 2, 3.
    expect([...bytes.subarray(0, 16)]).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(bytes.length).toBe(16 + 12);
    const { shape, data } = parseIdx(bytes);
    expect(shape).toEqual([2, 2, 3]);
    expect([...data]).toEqual(PIXELS);
  });

  it('round-trips floats, doubles and signed integers big-endian', () => {
    const values = [1.5, -2.25, 3e10, 0];
    expect([...parseIdx(writeIdx([4], values, 'float')).data]).toEqual(values.map(Math.fround));
    expect([...parseIdx(writeIdx([2, 2], values, 'double')).data]).toEqual(values.map(Math.fround));
    expect([...parseIdx(writeIdx([3], [-128, 0, 127], 'byte')).data]).toEqual([-128, 0, 127]);
    expect([...parseIdx(writeIdx([3], [-30000, 1, 258], 'short')).data]).toEqual([-30000, 1, 258]);
    expect([...parseIdx(writeIdx([2], [-70000, 16777216], 'int')).data]).toEqual([-70000, 16777216]);
    const floatBytes = writeIdx([1], [1], 'float');
    expect([...floatBytes.subarray(8)]).toEqual([0x3f, 0x80, 0, 0]);
  });

  it('decodes only the first entries with limit', () => {
    const { shape, data } = parseIdx(writeIdx([2, 2, 3], PIXELS), { limit: 1 });
    expect(shape).toEqual([1, 2, 3]);
    expect([...data]).toEqual(PIXELS.slice(0, 6));
  });

  it('rejects bad magic, unknown types, truncated and oversized files', () => {
    const good = writeIdx([2, 2, 3], PIXELS);
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]))).toThrow(/bad magic number/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]))).toThrow(/unknown type byte 0x0a/);
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(/gzip/);
    expect(() => parseIdx(good.subarray(0, 2))).toThrow(/truncated/);
    expect(() => parseIdx(good.subarray(0, 10))).toThrow(/truncated: header needs 16 bytes/);
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow(
      'the IDX file is truncated: shape [2, 2, 3] of ubyte needs 28 bytes, file has 27',
    );
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    expect(() => parseIdx(longer)).toThrow(/size mismatch/);
  });

  it('refuses values that do not fit the type and shapes that do not fit the data', () => {
    expect(() => writeIdx([1], [256], 'ubyte')).toThrow(DatasetError);
    expect(() => writeIdx([1], [0.5], 'ubyte')).toThrow(DatasetError);
    expect(() => writeIdx([2, 2], [1, 2, 3], 'float')).toThrow(/holds 4 values, got 3/);
  });
});

describe('idxDataset', () => {
  const images = writeIdx([2, 2, 3], PIXELS);
  const labels = writeIdx([2], [7, 2]);

  it('builds a flattened, scaled classification data set', () => {
    const ds = idxDataset(images, labels);
    expect(ds.task).toBe('classification');
    expect(ds.count).toBe(2);
    expect(ds.featureShape).toEqual([6]);
    expect(ds.labelShape).toEqual([]);
    expect(ds.numClasses).toBe(8);
    expect([...ds.labels]).toEqual([7, 2]);
    expect([...ds.features]).toEqual(PIXELS.map((p) => Math.fround(p / 255)));
  });

  it('keeps [h, w, 1] and raw values on request, and honours limit', () => {
    const ds = idxDataset(images, labels, { flatten: false, scale: false, limit: 1 });
    expect(ds.featureShape).toEqual([2, 3, 1]);
    expect(ds.count).toBe(1);
    expect([...ds.features]).toEqual(PIXELS.slice(0, 6));
    expect([...ds.labels]).toEqual([7]);
    expect(ds.numClasses).toBe(8);
  });

  it('rejects mismatched counts, even under a limit', () => {
    const three = writeIdx([3], [1, 2, 3]);
    expect(() => idxDataset(images, three)).toThrow('IDX files disagree: 2 images but 3 labels');
    expect(() => idxDataset(images, three, { limit: 1 })).toThrow(/disagree/);
  });

  it('says which file is broken, and rejects labels that are not class indices', () => {
    expect(() => idxDataset(images, labels.subarray(0, 9))).toThrow(/^IDX labels: the IDX file is truncated/);
    expect(() => idxDataset(labels, labels)).toThrow(/IDX images: expected at least 2 dimensions/);
    expect(() => idxDataset(images, writeIdx([2], [0.5, 1], 'float'))).toThrow(/label 0 is 0.5/);
  });
});

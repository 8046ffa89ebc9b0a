/** IDX files the user chooses in the app are recognised by their headers, gzip or not. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sortChosenIdx } from '../../src/data/download/chosen';
import { DatasetError } from '../../src/data/dataset';
import { writeIdx } from '../../src/data/idx';
import { smallMnistFiles } from '../helpers/idx-server';

describe('sortChosenIdx', () => {
  const files = smallMnistFiles();
  it('sorts renamed and compressed files into images and labels of each split', () => {
    const got = sortChosenIdx('fashion', [
      { name: 'my-test-labels.bin', bytes: files['t10k-labels-idx1-ubyte'] },
      { name: 'images.gz', bytes: gzipSync(files['train-images-idx3-ubyte']) },
      { name: 'labels', bytes: files['train-labels-idx1-ubyte'] },
    ]);
    expect(Object.keys(got).sort()).toEqual([
      'cache:fashion/t10k-labels-idx1-ubyte',
      'cache:fashion/train-images-idx3-ubyte',
      'cache:fashion/train-labels-idx1-ubyte',
    ]);
    expect(got['cache:fashion/train-images-idx3-ubyte']).toEqual(files['train-images-idx3-ubyte']);
  });

  it('names the file that is not 28×28 images or labels, or that repeats a role', () => {
    const small = writeIdx([2, 8, 8], new Array(128).fill(0), 'ubyte');
    expect(() => sortChosenIdx('mnist', [{ name: 'tiny', bytes: small }])).toThrow(
      /tiny: .*neither 28×28 images nor labels/,
    );
    expect(() =>
      sortChosenIdx('mnist', [{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }]),
    ).toThrow(DatasetError);
    expect(() =>
      sortChosenIdx('mnist', [
        { name: 'a', bytes: files['train-labels-idx1-ubyte'] },
        { name: 'b', bytes: files['train-labels-idx1-ubyte'] },
      ]),
    ).toThrow('b and a are both train-labels-idx1-ubyte');
  });
});

import { describe, expect, it } from 'vitest';
import { parseCsv, previewCsv } from '../../src/data/csv';
import { DatasetError } from '../../src/data/dataset';

const IRIS = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.3,3.3,6.0,2.5,virginica
4.9,3.0,1.4,0.2,setosa
`;

/** Runs `fn`, expecting a DatasetError, and returns it. */
function datasetError(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

function column(values: Float32Array, width: number, f: number): number[] {
  return Array.from({ length: values.length / width }, (_, i) => values[i * width + f]);
}

describe('parseCsv', () => {
  it('detects a header and encodes text labels as class indices in order of appearance', () => {
    const ds = parseCsv(IRIS, { name: 'iris.csv' });
    expect(ds.name).toBe('iris.csv');
    expect(ds.count).toBe(4);
    expect(ds.featureShape).toEqual([4]);
    expect(ds.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(ds.task).toBe('classification');
    expect(ds.labelShape).toEqual([]);
    expect(ds.numClasses).toBe(3);
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([...ds.labels]).toEqual([0, 1, 2, 0]);
    expect([...ds.features.subarray(0, 4)]).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });

  it('reads a file without header, with numeric labels as regression', () => {
    const ds = parseCsv('1,2,0.5\n3,4,1.5\n\n\n');
    expect(ds.count).toBe(2);
    expect(ds.featureNames).toEqual(['0', '1']);
    expect(ds.task).toBe('regression');
    expect(ds.labelShape).toEqual([1]);
    expect([...ds.features]).toEqual([1, 2, 3, 4]);
    expect([...ds.labels]).toEqual([0.5, 1.5]);
  });

  it('does not mistake a first data row with text labels for a header', () => {
    const ds = parseCsv('1,2,cat\n3,4,dog\n');
    expect(ds.count).toBe(2);
    expect(ds.classNames).toEqual(['cat', 'dog']);
  });

  it('honours a forced header setting', () => {
    expect(parseCsv('1,2,3\n4,5,6\n', { header: true }).count).toBe(1);
    expect(parseCsv('1,2,3\n4,5,6\n', { header: false }).count).toBe(2);
    // A header row read as data hits a non-numeric feature on line 1.
    expect(datasetError(() => parseCsv(IRIS, { header: false })).line).toBe(1);
  });

  it('selects columns by name and by index', () => {
    const byName = parseCsv(IRIS, {
      featureColumns: ['petal_width', 'sepal_length'],
      labelColumn: 'species',
    });
    expect(byName.featureNames).toEqual(['petal_width', 'sepal_length']);
    expect([...byName.features.subarray(0, 2)]).toEqual([0.2, 5.1].map(Math.fround));
    const byIndex = parseCsv(IRIS, { featureColumns: [3, 0], labelColumn: 4 });
    expect(byIndex.features).toEqual(byName.features);
    const numericLabel = parseCsv(IRIS, { featureColumns: [0, 1], labelColumn: 'petal_length' });
    expect(numericLabel.task).toBe('regression');
    expect([...numericLabel.labels]).toEqual([1.4, 4.7, 6.0, 1.4].map(Math.fround));
    const noHeader = parseCsv('1,2,3\n4,5,6\n', { labelColumn: 0, featureColumns: ['2'] });
    expect([...noHeader.features]).toEqual([3, 6]);
  });

  it('encodes numeric labels as classes when asked, and rejects text labels as numbers', () => {
    const ds = parseCsv('x,y\n0.1,2\n0.2,0\n0.3,2\n', { labelEncoding: 'index' });
    expect(ds.task).toBe('classification');
    expect(ds.classNames).toEqual(['2', '0']);
    expect([...ds.labels]).toEqual([0, 1, 0]);
    const err = datasetError(() => parseCsv(IRIS, { labelEncoding: 'numeric' }));
    expect(err.message).toBe('line 2, column "species": "setosa" is not a number');
    expect(err.line).toBe(2);
    expect(err.column).toBe('species');
  });

  it('standardizes features to mean 0 and standard deviation 1', () => {
    const ds = parseCsv('a,b,c,y\n1,10,5,0\n2,20,5,1\n3,40,5,0\n6,50,5,1\n', { normalize: 'standard' });
    for (let f = 0; f < 2; f++) {
      const v = column(ds.features, 3, f);
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
      expect(mean).toBeCloseTo(0, 6);
      expect(std).toBeCloseTo(1, 6);
    }
    // Column a is 1, 2, 3, 6: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
    column(ds.features, 3, 0).forEach((v, i) => expect(v).toBeCloseTo([-2, -1, 0, 3][i] / Math.sqrt(3.5), 6));
    // A constant column becomes 0, not NaN.
    expect(column(ds.features, 3, 2)).toEqual([0, 0, 0, 0]);
  });

  it('scales features into [0, 1] with minmax', () => {
    const ds = parseCsv('a,b,y\n2,7,0\n4,7,1\n10,7,0\n', { normalize: 'minmax' });
    expect(column(ds.features, 2, 0)).toEqual([0, 0.25, 1]);
    expect(column(ds.features, 2, 1)).toEqual([0, 0, 0]);
  });

  it('names the file line of a bad cell, counting blank lines and quoted line breaks', () => {
    const text = [
      'note,x,petal_width,label', // line 1
      '', // line 2
      '"first line', // line 3: a quoted field spanning lines 3–4
      'second line",1,0.5,a',
      'plain,2,0.7,b', // line 5
      '', // line 6
      'plain,3,abc,a', // line 7
      'plain,4,0.1,b',
    ].join('\n');
    const options = { featureColumns: ['x', 'petal_width'] };
    const err = datasetError(() => parseCsv(text, options));
    expect(err.message).toBe('line 7, column "petal_width": "abc" is not a number');
    expect(err.line).toBe(7);
    expect(err.column).toBe('petal_width');
    const crlf = datasetError(() => parseCsv(text.replace(/\n/g, '\r\n'), options));
    expect(crlf.line).toBe(7);
    // The good rows parse, with the multi-line quoted cell intact as an unused column.
    expect(parseCsv(text.replace('abc', '0.3'), options).count).toBe(4);
  });

  it('reports empty cells and rows with the wrong number of cells', () => {
    expect(datasetError(() => parseCsv('a,b,y\n1,2,0\n1,,1\n')).message).toBe(
      'line 3, column "b": empty cell',
    );
    expect(datasetError(() => parseCsv('a,b,y\n1,2,0\n1,2,1\n3,1\n')).message).toBe(
      'line 4: expected 3 cells, got 2',
    );
    expect(datasetError(() => parseCsv('1,2,0\n1,x,1\n')).message).toBe(
      'line 2, column 1: "x" is not a number',
    );
    expect(datasetError(() => parseCsv('a,y\n1,2\n"3,4\n5,6\n')).message).toBe(
      'line 3: quoted field unterminated',
    );
  });

  it('lists the available columns for an unknown column', () => {
    const err = datasetError(() => parseCsv(IRIS, { labelColumn: 'kind' }));
    expect(err.message).toContain('no column is named "kind"');
    expect(err.message).toContain('"sepal_length" (0)');
    expect(err.message).toContain('"species" (4)');
    expect(datasetError(() => parseCsv(IRIS, { featureColumns: [7] })).message).toMatch(
      /column 7 does not exist/,
    );
    expect(datasetError(() => parseCsv('1,2\n3,4\n', { labelColumn: 'y' })).message).toMatch(
      /no header.*available columns: 0, 1/,
    );
  });

  it('rejects empty files and a label used as a feature', () => {
    expect(() => parseCsv('\n\n')).toThrow(DatasetError);
    expect(() => parseCsv('a,b\n')).toThrow(/no data rows/);
    expect(() => parseCsv(IRIS, { featureColumns: ['species'] })).toThrow(/both a feature and the label/);
  });

  it('ignores a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,y\n1,2\n').featureNames).toEqual(['a']);
  });
});

describe('previewCsv', () => {
  it('returns the header and the first rows', () => {
    const preview = previewCsv(IRIS, 2);
    expect(preview.header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    expect(preview.columns).toEqual(preview.header);
    expect(preview.rows).toEqual([
      ['5.1', '3.5', '1.4', '0.2', 'setosa'],
      ['7.0', '3.2', '4.7', '1.4', 'versicolor'],
    ]);
  });

  it('numbers the columns when there is no header', () => {
    expect(previewCsv('1,2\n3,4\n5,6\n', 10)).toEqual({
      header: null,
      rows: [
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ],
      columns: ['0', '1'],
    });
    expect(previewCsv('', 5)).toEqual({ header: null, rows: [], columns: [] });
  });
});

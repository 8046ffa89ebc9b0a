/**
 * CSV data sets: the rows `csv-rows.ts` reads become a data set by column selection, label
 * encoding and feature normalization. Errors name the 1-based line of the file so users can find
 * the bad cell.
 */
import { fitsFloat32 } from './checks';
import { hasHeader, isNumber, readRows } from './csv-rows';
import type { CsvProgress } from './csv-rows';
import { DatasetError } from './dataset';
import type { Dataset } from './dataset';
import type { CsvFileOptions } from './kinds/csv';

export type { CsvProgress } from './csv-rows';

/** Options of the `csv` data-set spec (without `kind` and `path`), plus the data set's name. */
export type CsvOptions = CsvFileOptions & {
  /** Name of the data set (the file name); default `csv`. */
  name?: string;
};

/** What {@link previewCsv} returns: enough for a preview table in the UI. */
export interface CsvPreview {
  /** The header row, or null when the file has none. */
  header: string[] | null;
  /** The first data rows, cells trimmed. */
  rows: string[][];
  /** Column titles: the header names, or the 0-based indices as strings when there is no header. */
  columns: string[];
}

/** Column naming shared by column lookup and error messages. */
class Columns {
  constructor(
    readonly names: string[] | null,
    readonly width: number,
  ) {}

  /** How a column appears in messages: `"petal_width"` with a header, `3` without. */
  label(index: number): string {
    return this.names ? JSON.stringify(this.names[index]) : String(index);
  }

  /** The name kept in `Dataset.featureNames` and `DatasetError.column`. */
  name(index: number): string {
    return this.names ? this.names[index] : String(index);
  }

  private available(): string {
    const list = this.names
      ? this.names.map((n, i) => `${JSON.stringify(n)} (${i})`)
      : Array.from({ length: this.width }, (_, i) => String(i));
    return `available columns: ${list.join(', ')}`;
  }

  /** Resolves a column given by header name or 0-based index. */
  resolve(ref: string | number, role: string): number {
    if (typeof ref === 'number') {
      if (Number.isInteger(ref) && ref >= 0 && ref < this.width) return ref;
      throw new DatasetError(`${role} column ${ref} does not exist; ${this.available()}`);
    }
    const name = ref.trim();
    if (this.names) {
      const matches = this.names.flatMap((n, i) => (n === name ? [i] : []));
      if (matches.length > 1) {
        throw new DatasetError(
          `${role} column "${name}" is ambiguous: columns ${matches.join(' and ')} share it`,
        );
      }
      if (matches.length === 1) return matches[0];
    } else if (/^\d+$/.test(name) && Number(name) < this.width) {
      // Without a header there are no names; an index written as a string is the only sensible reading.
      return Number(name);
    }
    const why = this.names ? 'no column is named' : 'the file has no header, so there is no column named';
    throw new DatasetError(`${role} column: ${why} "${name}"; ${this.available()}`);
  }
}

/** Reads a numeric cell or throws naming its line and column. */
function numberCell(cell: string, line: number, col: number, columns: Columns): number {
  if (cell === '') {
    throw new DatasetError(`line ${line}, column ${columns.label(col)}: empty cell`, line, columns.name(col));
  }
  if (!isNumber(cell)) {
    throw new DatasetError(
      `line ${line}, column ${columns.label(col)}: ${JSON.stringify(cell)} is not a number`,
      line,
      columns.name(col),
    );
  }
  const value = Number(cell);
  // `1e39` and `1e999` are numbers to JavaScript but infinities in float32, where training computes.
  if (!fitsFloat32(value)) {
    throw new DatasetError(
      `line ${line}, column ${columns.label(col)}: ${JSON.stringify(cell)} is outside the float32 range (±3.4e38) training computes in`,
      line,
      columns.name(col),
    );
  }
  return value;
}

/**
 * Normalizes feature columns in place. Statistics are computed in float64 over all rows (the spec
 * says "of the whole file"). A constant column maps to 0 instead of dividing by a zero spread.
 */
function normalizeColumns(values: Float64Array, width: number, mode: 'standard' | 'minmax'): void {
  const count = values.length / width;
  for (let f = 0; f < width; f++) {
    let shift: number;
    let spread: number;
    if (mode === 'standard') {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += values[i * width + f];
      const mean = sum / count;
      let squares = 0;
      for (let i = 0; i < count; i++) squares += (values[i * width + f] - mean) ** 2;
      shift = mean;
      spread = Math.sqrt(squares / count);
    } else {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < count; i++) {
        min = Math.min(min, values[i * width + f]);
        max = Math.max(max, values[i * width + f]);
      }
      shift = min;
      spread = max - min;
    }
    const divisor = spread > 0 ? spread : 1;
    for (let i = 0; i < count; i++) values[i * width + f] = (values[i * width + f] - shift) / divisor;
  }
}

/**
 * Parses a CSV text into a data set.
 *
 * - The delimiter is detected by papaparse (comma, tab, semicolon…), falling back to a comma.
 * - `header`: `'auto'` (default) treats the first row as a header when one of its cells is not a
 *   number while the cell below is.
 * - Columns are chosen by header name or 0-based index; the label defaults to the last column and
 *   the features to all others.
 * - `labelEncoding`: `'index'` (the default when some label is not a number) maps label values to
 *   class indices in order of first appearance and sets `classNames`; `'numeric'` (the default when
 *   all labels are numbers) gives regression with `labelShape [1]`.
 * - `normalize`: `'standard'` (mean 0, std 1) or `'minmax'` (0…1) per feature column; default none.
 *
 * @throws DatasetError naming the 1-based file line and the column for a bad row (wrong number of
 *   cells, empty or non-numeric cell), with `line` set; or listing the available columns for an
 *   unknown column.
 * @param onProgress - Called as rows are read (see `readRows`), for a progress bar.
 */
export function parseCsv(
  text: string,
  options: CsvOptions = {},
  onProgress?: (progress: CsvProgress) => void,
): Dataset {
  const { rows, lines } = readRows(text, Number.POSITIVE_INFINITY, onProgress);
  if (rows.length === 0) throw new DatasetError('the CSV file has no rows');
  const header = hasHeader(rows, options.header);
  const names = header ? rows[0] : null;
  const columns = new Columns(names, rows[0].length);
  const first = header ? 1 : 0;
  const count = rows.length - first;
  if (count === 0) throw new DatasetError('the CSV file has a header but no data rows');

  const labelCol = columns.resolve(options.labelColumn ?? columns.width - 1, 'label');
  const featureCols = (
    options.featureColumns ?? Array.from({ length: columns.width }, (_, i) => i).filter((i) => i !== labelCol)
  ).map((ref) => columns.resolve(ref, 'feature'));
  if (featureCols.length === 0)
    throw new DatasetError('no feature columns: the file needs at least two columns');
  if (featureCols.includes(labelCol)) {
    throw new DatasetError(`column ${columns.label(labelCol)} is both a feature and the label`);
  }

  const width = featureCols.length;
  const values = new Float64Array(count * width);
  const labelCells: string[] = [];
  for (let r = first; r < rows.length; r++) {
    const row = rows[r];
    const line = lines[r];
    if (row.length !== columns.width) {
      throw new DatasetError(`line ${line}: expected ${columns.width} cells, got ${row.length}`, line);
    }
    const base = (r - first) * width;
    featureCols.forEach((col, f) => {
      values[base + f] = numberCell(row[col], line, col, columns);
    });
    const label = row[labelCol];
    if (label === '') {
      throw new DatasetError(
        `line ${line}, column ${columns.label(labelCol)}: empty cell`,
        line,
        columns.name(labelCol),
      );
    }
    labelCells.push(label);
  }

  const encoding = options.labelEncoding ?? (labelCells.every(isNumber) ? 'numeric' : 'index');
  if (options.normalize === 'standard' || options.normalize === 'minmax') {
    normalizeColumns(values, width, options.normalize);
  }

  const dataset: Dataset = {
    name: options.name ?? 'csv',
    count,
    featureShape: [width],
    features: Float32Array.from(values),
    labels: new Float32Array(count),
    labelShape: [1],
    task: 'regression',
    featureNames: featureCols.map((c) => columns.name(c)),
  };
  if (encoding === 'numeric') {
    labelCells.forEach((cell, i) => {
      dataset.labels[i] = numberCell(cell, lines[i + first], labelCol, columns);
    });
    return dataset;
  }
  const classIndex = new Map<string, number>();
  labelCells.forEach((cell, i) => {
    let index = classIndex.get(cell);
    if (index === undefined) {
      index = classIndex.size;
      classIndex.set(cell, index);
    }
    dataset.labels[i] = index;
  });
  return {
    ...dataset,
    labelShape: [],
    task: 'classification',
    numClasses: classIndex.size,
    classNames: [...classIndex.keys()],
  };
}

/**
 * Reads the start of a CSV text for a preview table, without validating cells.
 *
 * @param text - The file's text.
 * @param maxRows - Number of data rows to return at most.
 * @param header - Header handling as in {@link parseCsv}; default `'auto'`.
 * @param onProgress - Called as rows are read: a file of one huge line is read whole even here.
 */
export function previewCsv(
  text: string,
  maxRows: number,
  header: boolean | 'auto' = 'auto',
  onProgress?: (progress: CsvProgress) => void,
): CsvPreview {
  // One row more than shown, for the header; at least two, which header detection compares.
  const { rows } = readRows(text, Math.max(maxRows + 1, 2), onProgress);
  const names = rows.length > 0 && hasHeader(rows, header) ? rows[0] : null;
  const data = (names ? rows.slice(1) : rows).slice(0, Math.max(0, maxRows));
  const width = names?.length ?? rows[0]?.length ?? 0;
  return {
    header: names,
    rows: data,
    columns: names ?? Array.from({ length: width }, (_, i) => String(i)),
  };
}

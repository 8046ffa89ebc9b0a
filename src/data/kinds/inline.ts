/** Examples written into the graph file itself. */
import { z } from 'zod';
import { DatasetError } from '../dataset';
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';

const rows = (what: string) =>
  z
    .array(z.array(z.number().finite()).max(100_000))
    .min(1)
    .max(100_000)
    .describe(`One array of ${what} values per example.`);

/** Options of {@link inline}. */
export interface InlineOptions {
  /** One array of feature values per example. */
  features: number[][];
  /** One array of label values per example. */
  labels: number[][];
}

/** Checks that `rows` is a non-empty list of equally long rows of finite numbers; returns the width. */
function checkRows(what: string, rows: unknown): number {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new DatasetError(`inline data set: ${what} must be a non-empty list of rows`);
  }
  let width = -1;
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw new DatasetError(`${what} row ${r}: expected a list of numbers`);
    if (width < 0) {
      if (row.length === 0) throw new DatasetError(`${what} row ${r}: expected at least 1 value, got 0`);
      width = row.length;
    }
    if (row.length !== width) {
      throw new DatasetError(
        `${what} row ${r}: expected ${width} value${width === 1 ? '' : 's'}, got ${row.length}`,
      );
    }
    row.forEach((v: unknown, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DatasetError(
          `${what} row ${r}, value ${c}: ${JSON.stringify(v) ?? String(v)} is not a finite number`,
        );
      }
    });
  });
  return width;
}

/**
 * Examples written into the graph file. Labels are taken as real values (regression with
 * `labelShape [labelWidth]`), which covers truth-table style targets for sigmoid outputs.
 *
 * @param options - `features` and `labels`, one row per example.
 * @throws DatasetError naming the offending row when rows differ in length, counts differ or a
 *   value is not a finite number.
 */
export function inline(options: InlineOptions): Dataset {
  const featureWidth = checkRows('features', options.features);
  const labelWidth = checkRows('labels', options.labels);
  const count = options.features.length;
  if (options.labels.length !== count) {
    throw new DatasetError(`inline data set: ${count} feature rows but ${options.labels.length} label rows`);
  }
  return {
    name: `inline (${count})`,
    count,
    featureShape: [featureWidth],
    features: Float32Array.from(options.features.flat()),
    labels: Float32Array.from(options.labels.flat()),
    labelShape: [labelWidth],
    task: 'regression',
  };
}

/** Registry entry of inline examples. */
export const inlineKind = defineDataset({
  kind: 'inline',
  title: 'Examples written in the file',
  description: 'Examples written into the file, one row per example; labels are real values.',
  offer: 'file-only',
  // A few hand-typed examples, as in the slides: like the truth tables, full batch plain SGD.
  training: { optimizer: { type: 'sgd', learningRate: 5 }, batchSize: 32, epochs: 1000 },
  options: {},
  fields: { features: rows('feature'), labels: rows('label') },
  load: (spec) => inline(spec),
});

/** A CSV file named by the graph file (the parser is `../csv.ts`). */
import { z } from 'zod';
import { parseCsv } from '../csv';
import type { Dataset } from '../dataset';
import { defineDataset } from '../kind';
import { inFile, needReader, readOrFail } from './files';

const column = z.union([z.string().max(200), z.number().int().min(0)]);

/** How a CSV file is read: the `csv` spec's fields besides its path. */
const readingFields = {
  featureColumns: z
    .array(column)
    .optional()
    .describe(
      'Columns used as features, by header name or 0-based index; default: all but the label column.',
    ),
  labelColumn: column
    .optional()
    .describe('Column holding the label, by header name or index; default: the last column.'),
  header: z
    .union([z.boolean(), z.literal('auto')])
    .optional()
    .describe('`auto` detects a header row; `true`/`false` force it.'),
  labelEncoding: z
    .enum(['index', 'numeric'])
    .optional()
    .describe('`index` maps label values to class indices 0…K-1; `numeric` keeps them as numbers.'),
  normalize: z
    .enum(['none', 'standard', 'minmax'])
    .optional()
    .describe('Feature normalization applied with statistics of the whole file.'),
};

/** The reading options of a `csv` spec, as `parseCsv` takes them. */
export type CsvFileOptions = z.output<z.ZodObject<typeof readingFields>>;

const csvFields = {
  path: z.string().min(1).max(4096).describe('Path of the file, relative to the graph file.'),
  ...readingFields,
};

/** Registry entry of CSV files. */
export const csvKind = defineDataset({
  kind: 'csv',
  title: 'CSV file',
  description: 'A CSV file: numeric feature columns and one label column.',
  offer: 'import',
  training: { optimizer: { type: 'adam', learningRate: 0.01 }, batchSize: 32, epochs: 50 },
  options: {},
  fields: csvFields,
  load(spec, { readFile }): Dataset {
    const bytes = readOrFail(needReader(readFile), spec.path);
    // TextDecoder drops a UTF-8 byte-order mark, which Excel likes to write.
    const text = new TextDecoder('utf-8').decode(bytes);
    const { kind: _kind, path, ...options } = spec;
    return inFile(path, () => parseCsv(text, { ...options, name: path }));
  },
});

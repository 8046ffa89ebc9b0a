/**
 * Where a text data set's documents come from: a corpus file the user chooses (plain text, one
 * document or one `label<TAB>sentence` per line, or CSV with a text and a label column), documents
 * written in the graph file, or a built-in text. These are the schema fields every text kind shares.
 */
import { z } from 'zod';
import { readRows } from '../csv-rows';
import { DatasetError } from '../dataset';
import type { FileReader } from '../kind';
import { inFile, needReader, readOrFail } from '../kinds/files';

const column = z.union([z.string().max(200), z.number().int().min(0)]);

/** The schema fields of a text source; all optional, so a spec without them uses the built-in text. */
export const textSourceFields = {
  path: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      'Corpus file, relative to the graph file; without it (and without documents) the built-in text.',
    ),
  format: z
    .enum(['lines', 'labelled', 'csv'])
    .optional()
    .describe(
      '`lines`: one document per line; `labelled`: `label<TAB>sentence` per line; `csv`: a text and a label column. Default: `csv` for a .csv file, `labelled` when every line has a tab, else `lines`.',
    ),
  textColumn: column.optional().describe('CSV: the text column, by header name or 0-based index; default 0.'),
  labelColumn: column.optional().describe('CSV: the label column, by header name or index; default 1.'),
  documents: z
    .array(z.object({ text: z.string().max(100_000), label: z.string().max(200).optional() }).strict())
    .min(1)
    .max(100_000)
    .optional()
    .describe('Documents written into the graph file, each with an optional label.'),
};

/** A spec's source fields. */
export type TextSource = z.output<z.ZodObject<typeof textSourceFields>>;

/** Documents, each with its label (null when unlabelled) and the file line it came from. */
export interface Corpus {
  /** Name for the data set (the file path, `built-in …`). */
  name: string;
  texts: string[];
  labels: (string | null)[];
  /** 1-based line of each document in its file; absent for documents not from a file. */
  lines?: number[];
}

/** One document or one `label<TAB>sentence` per non-blank line. */
function parseLines(text: string, labelled: boolean): Corpus {
  const corpus: Corpus = { name: '', texts: [], labels: [], lines: [] };
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let label: string | null = null;
    let body = line;
    if (labelled) {
      const tab = line.indexOf('\t');
      if (tab < 0)
        throw new DatasetError(`line ${i + 1}: expected "label<TAB>sentence", found no tab`, i + 1);
      label = line.slice(0, tab).trim();
      body = line.slice(tab + 1);
      if (label === '') throw new DatasetError(`line ${i + 1}: the label before the tab is empty`, i + 1);
    }
    corpus.texts.push(body);
    corpus.labels.push(label);
    corpus.lines!.push(i + 1);
  });
  return corpus;
}

/** The index of a column named by header or number. */
function columnIndex(what: string, col: string | number, header: string[] | null, width: number): number {
  const index = typeof col === 'number' ? col : (header?.indexOf(col) ?? -1);
  if (index < 0 || index >= width)
    throw new DatasetError(
      typeof col === 'number'
        ? `${what} ${col} does not exist: the rows have ${width} column${width === 1 ? '' : 's'}`
        : `${what} "${col}" is not in the header${header ? ` (${header.join(', ')})` : ''}`,
      undefined,
      String(col),
    );
  return index;
}

/** CSV with a text column and a label column; the first row is a header when a column is named. */
function parseCsvCorpus(text: string, source: TextSource, needLabels: boolean): Corpus {
  const { rows, lines } = readRows(text);
  if (rows.length === 0) throw new DatasetError('the file has no rows');
  const named = typeof source.textColumn === 'string' || typeof source.labelColumn === 'string';
  const header = named ? rows[0] : null;
  const start = header ? 1 : 0;
  const width = rows[0].length;
  const textAt = columnIndex('text column', source.textColumn ?? 0, header, width);
  const labelAt = needLabels ? columnIndex('label column', source.labelColumn ?? 1, header, width) : -1;
  const corpus: Corpus = { name: '', texts: [], labels: [], lines: [] };
  for (let r = start; r < rows.length; r++) {
    const row = rows[r];
    const need = Math.max(textAt, labelAt);
    if (row.length <= need)
      throw new DatasetError(
        `line ${lines[r]}: expected at least ${need + 1} columns, got ${row.length}`,
        lines[r],
      );
    const label = labelAt >= 0 ? row[labelAt].trim() : null;
    if (label === '') throw new DatasetError(`line ${lines[r]}: the label is empty`, lines[r]);
    corpus.texts.push(row[textAt]);
    corpus.labels.push(label);
    corpus.lines!.push(lines[r]);
  }
  return corpus;
}

/**
 * The format of a file: as given, else by its extension and lines. A classifier's file with tabs on
 * some lines is read as labelled, so the error names the line that lacks its tab.
 */
export function formatOf(
  path: string,
  text: string,
  format: TextSource['format'],
  needLabels: boolean,
): 'lines' | 'labelled' | 'csv' {
  if (format) return format;
  if (/\.csv$/i.test(path)) return 'csv';
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const tabbed = lines.filter((l) => l.includes('\t')).length;
  return tabbed > 0 && (needLabels || tabbed === lines.length) ? 'labelled' : 'lines';
}

/**
 * The documents a spec names: its file, its inline documents, or `builtin` when it names neither.
 *
 * @param needLabels - The kind trains a classifier: every document must have a label.
 * @throws DatasetError naming the file and line of a malformed document or a missing label.
 */
export function readCorpus(
  source: TextSource,
  readFile: FileReader | undefined,
  builtin: () => Corpus,
  needLabels: boolean,
): Corpus {
  let corpus: Corpus;
  if (source.path !== undefined) {
    const path = source.path;
    const bytes = readOrFail(needReader(readFile), path);
    const text = new TextDecoder('utf-8').decode(bytes);
    corpus = inFile(path, () => {
      const format = formatOf(path, text, source.format, needLabels);
      return format === 'csv'
        ? parseCsvCorpus(text, source, needLabels)
        : parseLines(text, format === 'labelled');
    });
    corpus.name = path;
  } else if (source.documents) {
    corpus = {
      name: `${source.documents.length} documents`,
      texts: source.documents.map((d) => d.text),
      labels: source.documents.map((d) => d.label ?? null),
    };
  } else corpus = builtin();
  if (corpus.texts.length === 0) throw new DatasetError(`${corpus.name}: no documents`);
  if (needLabels) {
    const i = corpus.labels.findIndex((l) => l === null);
    if (i >= 0) {
      const where = corpus.lines ? `line ${corpus.lines[i]}` : `document ${i}`;
      throw new DatasetError(
        `${corpus.name}: ${where} has no label; a classifier needs "label<TAB>sentence" lines or a label column`,
        corpus.lines?.[i],
      );
    }
  }
  return corpus;
}

/**
 * Class indices of string labels, classes sorted (numerically when all are numbers, so "0"/"1"
 * keep their meaning; "False" < "True" alphabetically).
 */
export function encodeLabels(labels: readonly string[]): { indices: Float32Array; classNames: string[] } {
  const names = [...new Set(labels)];
  const numeric = names.every((n) => n !== '' && Number.isFinite(Number(n)));
  names.sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((n, i) => [n, i]));
  return { indices: Float32Array.from(labels, (l) => index.get(l)!), classNames: names };
}

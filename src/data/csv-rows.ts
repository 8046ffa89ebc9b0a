/**
 * CSV text into rows: papaparse does the splitting (and delimiter detection); this module skips
 * blank rows, keeps the 1-based file line of each row for error messages, and guesses whether the
 * first row is a header. Turning rows into a data set is `csv.ts`'s job.
 */
import Papa from 'papaparse';
import { DatasetError } from './dataset';

/** Non-blank rows of a CSV text with the 1-based line on which each starts. */
export interface CsvRows {
  rows: string[][];
  lines: number[];
}

/** A decimal number as people write it in CSV files; stricter than `Number()`, which accepts '' and '0x1F'. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Whether a cell holds a decimal number (see `NUMBER`). */
export function isNumber(cell: string): boolean {
  return NUMBER.test(cell);
}

/**
 * Splits the text into rows, skipping blank ones (trailing newlines, spacer lines, `,,,` lines
 * spreadsheets leave behind).
 *
 * papaparse reports row indices, not lines, and a quoted field may span several lines; its step
 * cursor (the offset just past each row) lets us count the line breaks before every row ourselves.
 *
 * @param limit - Stop after this many non-blank rows (a preview needs only the first few).
 * @throws DatasetError naming the line of an unbalanced quote.
 */
export function readRows(text: string, limit = Number.POSITIVE_INFINITY): CsvRows {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  const lines: number[] = [];
  let rowStart = 0;
  let scanned = 0;
  let line = 1;
  Papa.parse<string[]>(body, {
    step(result, parser) {
      // Count the line breaks between the previous row's start and this row's start.
      const linebreak = result.meta.linebreak || '\n';
      for (
        let at = body.indexOf(linebreak, scanned);
        at >= 0 && at < rowStart;
        at = body.indexOf(linebreak, scanned)
      ) {
        line++;
        scanned = at + linebreak.length;
      }
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        throw new DatasetError(`line ${line}: ${quoteError.message.toLowerCase()}`, line);
      }
      const cells = result.data.map((c) => c.trim());
      if (cells.some((c) => c !== '')) {
        rows.push(cells);
        lines.push(line);
        if (rows.length >= limit) parser.abort();
      }
      rowStart = result.meta.cursor;
    },
  });
  return { rows, lines };
}

/**
 * A first row is a header when some cell of it is not a number while the cell below it is:
 * `sepal_length,species` over `5.1,setosa` is a header, `setosa` over `versicolor` is data.
 */
function looksLikeHeader(rows: string[][]): boolean {
  const [first, second] = rows;
  if (!first) return false;
  if (!second) return first.every((c) => !isNumber(c));
  return first.some((cell, i) => !isNumber(cell) && i < second.length && isNumber(second[i]));
}

/** Whether the first row is a header: as `header` says, or guessed when it is `'auto'` or unset. */
export function hasHeader(rows: string[][], header: boolean | 'auto' | undefined): boolean {
  return header === undefined || header === 'auto' ? looksLikeHeader(rows) : header;
}

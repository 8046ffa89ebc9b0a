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

/** How far a read has got: for a progress bar while a big file is read. */
export interface CsvProgress {
  /** Non-blank rows read so far. */
  rows: number;
  /** Characters of the text read so far. */
  chars: number;
  /** Characters in the whole text. */
  total: number;
}

/** Reports progress every this many rows: often enough for a bar, rarely enough to cost nothing. */
const PROGRESS_EVERY_ROWS = 2000;

/**
 * Splits the text into rows, skipping blank ones (trailing newlines, spacer lines, `,,,` lines
 * spreadsheets leave behind).
 *
 * Every line break (CRLF, LF, a lone CR) becomes LF first: papaparse detects one line break per
 * file, so in a file stitched together from Windows and Unix parts the other kind was not a row
 * break at all, and rows merged and line numbers drifted. A CRLF inside a quoted cell becomes LF
 * too, which cells lose nothing by.
 *
 * papaparse reports row indices, not lines, and a quoted field may span several lines; its step
 * cursor (the offset just past each row) lets us count the line breaks before every row ourselves.
 *
 * @param limit - Stop after this many non-blank rows (a preview needs only the first few).
 * @param onProgress - Called every few thousand rows and once at the end.
 * @throws DatasetError naming the line of an unbalanced quote.
 */
export function readRows(
  text: string,
  limit = Number.POSITIVE_INFINITY,
  onProgress?: (progress: CsvProgress) => void,
): CsvRows {
  const unmarked = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Only a text with a CR needs the copy; most files are LF-only.
  const body = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  const rows: string[][] = [];
  const lines: number[] = [];
  let rowStart = 0;
  let scanned = 0;
  let line = 1;
  let steps = 0;
  Papa.parse<string[]>(body, {
    newline: '\n',
    step(result, parser) {
      // Count the line breaks between the previous row's start and this row's start.
      for (let at = body.indexOf('\n', scanned); at >= 0 && at < rowStart; at = body.indexOf('\n', scanned)) {
        line++;
        scanned = at + 1;
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
      if (onProgress && ++steps % PROGRESS_EVERY_ROWS === 0)
        onProgress({ rows: rows.length, chars: rowStart, total: body.length });
    },
  });
  onProgress?.({ rows: rows.length, chars: rowStart, total: body.length });
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

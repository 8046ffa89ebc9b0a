/**
 * CSV files whose lines end differently (CRLF, LF and a lone CR mixed, as files stitched together
 * on different systems are) still report the right line for a bad cell, and read every row.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv, previewCsv } from '../../src/data/csv';
import { DatasetError } from '../../src/data/dataset';

/** The line of the DatasetError `fn` throws, with its message. */
function errorOf(fn: () => unknown): { line: number | undefined; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return { line: (err as DatasetError).line, message: (err as DatasetError).message };
  }
  throw new Error('expected a DatasetError');
}

describe('CSV with mixed line endings', () => {
  // Each line followed by the break it ends with; the bad cell is on line 8.
  const lines: [string, string][] = [
    ['a,b,label', '\r\n'], // 1
    ['1,2,x', '\n'], // 2
    ['3,4,y', '\r\n'], // 3
    ['5,6,x', '\r'], // 4: a lone CR (classic Mac)
    ['7,8,y', '\n'], // 5
    ['', '\n'], // 6: blank
    ['"9",10,x', '\r\n'], // 7
    ['11,zz,y', '\n'], // 8
    ['13,14,x', '\r\n'], // 9
  ];
  const text = lines.map(([l, br]) => l + br).join('');

  it('names the line of a bad cell', () => {
    expect(errorOf(() => parseCsv(text))).toEqual({
      line: 8,
      message: 'line 8, column "b": "zz" is not a number',
    });
  });

  it('names the line of a short row after an LF in a CRLF file', () => {
    const short = text.replace('13,14,x', '13,14');
    expect(errorOf(() => parseCsv(short.replace('zz', '12')))).toEqual({
      line: 9,
      message: 'line 9: expected 3 cells, got 2',
    });
  });

  it('reads every row as its own row, whatever ends it', () => {
    const data = parseCsv(text.replace('zz', '12'));
    expect(data.count).toBe(7);
    expect(Array.from(data.features)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(previewCsv(text, 3).rows).toEqual([
      ['1', '2', 'x'],
      ['3', '4', 'y'],
      ['5', '6', 'x'],
    ]);
  });
});

describe('CSV read progress', () => {
  it('reports rows and characters read, ending at the whole text', () => {
    const text = ['a,b,y', ...Array.from({ length: 5000 }, (_, i) => `${i},${i + 1},${i % 2}`)].join('\r\n');
    const seen: { rows: number; chars: number; total: number }[] = [];
    const data = parseCsv(text, {}, (p) => seen.push(p));
    expect(data.count).toBe(5000);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const last = seen.at(-1)!;
    expect(last.rows).toBe(5001);
    expect(last.chars).toBe(last.total);
    // CRLF is read as LF, so the total is the text less one character per CR.
    expect(last.total).toBe(text.length - 5000);
    for (let i = 1; i < seen.length; i++) expect(seen[i].chars).toBeGreaterThanOrEqual(seen[i - 1].chars);
  });
});

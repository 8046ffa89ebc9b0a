/**
 * What the CSV import dialog and its worker (`csv.worker.ts`) say to each other, and the work the
 * worker does for each request. Reading a big CSV takes seconds (a 50 MB single line took 40 s), so
 * it happens off the main thread; the logic is here, free of `self`, so tests can drive it in Node.
 */
import { parseCsv, previewCsv } from '../../src/data/csv';
import type { CsvOptions, CsvPreview, CsvProgress } from '../../src/data/csv';
import { DatasetError } from '../../src/data/dataset';
import type { Dataset } from '../../src/data/dataset';

/** A request to the CSV worker. The bytes travel as a copy: the dialog keeps its own for the graph. */
export type CsvRequest =
  | { id: number; type: 'preview'; bytes: Uint8Array; maxRows: number; header: boolean | 'auto' }
  | { id: number; type: 'parse'; bytes: Uint8Array; options: CsvOptions };

/** What the worker answers: progress any number of times, then exactly one result or error. */
export type CsvReply =
  | ({ id: number; type: 'progress' } & CsvProgress)
  | { id: number; type: 'preview'; preview: CsvPreview }
  | { id: number; type: 'parsed'; dataset: Dataset }
  | {
      id: number;
      type: 'error';
      message: string;
      /** Whether it is the data's fault (a bad row, an unknown column) rather than a bug. */
      dataset: boolean;
    };

/** Least time between two progress replies: a bar needs no more, and each costs the page a task. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Does one request: decodes the bytes (UTF-8), reads them and posts progress (at most every
 * `PROGRESS_INTERVAL_MS`) and then the result, or an error.
 *
 * @param post - Sends a reply; `transfer` hands over the data set's buffers instead of copying them.
 * @param now - The clock progress is paced by.
 */
export function handleCsvRequest(
  request: CsvRequest,
  post: (reply: CsvReply, transfer?: Transferable[]) => void,
  now: () => number = () => performance.now(),
): void {
  const { id } = request;
  let last = Number.NEGATIVE_INFINITY;
  const progress = (p: CsvProgress) => {
    const t = now();
    if (t - last < PROGRESS_INTERVAL_MS && p.chars < p.total) return;
    last = t;
    post({ id, type: 'progress', ...p });
  };
  try {
    const text = new TextDecoder('utf-8').decode(request.bytes);
    if (request.type === 'preview') {
      post({ id, type: 'preview', preview: previewCsv(text, request.maxRows, request.header, progress) });
      return;
    }
    const dataset = parseCsv(text, request.options, progress);
    post({ id, type: 'parsed', dataset }, [dataset.features.buffer, dataset.labels.buffer]);
  } catch (e) {
    post({
      id,
      type: 'error',
      message: e instanceof Error ? e.message : String(e),
      dataset: e instanceof DatasetError,
    });
  }
}

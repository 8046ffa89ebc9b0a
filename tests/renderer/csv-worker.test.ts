/**
 * The CSV import dialog's worker: its bundle carries no tfjs (only the training worker may), its
 * requests answer with progress then one result, and the reader cancels by terminating it.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CsvCancelled, CsvDataError, CsvReader } from '../../renderer/training/csv-client';
import type { CsvWorkerPort } from '../../renderer/training/csv-client';
import { handleCsvRequest } from '../../renderer/training/csv-protocol';
import type { CsvReply, CsvRequest } from '../../renderer/training/csv-protocol';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A worker double that runs requests in this thread, a tick later, as a Web Worker would answer. */
class FakeWorker implements CsvWorkerPort {
  onmessage: ((e: MessageEvent<CsvReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  /** When false, requests are kept instead of answered: a read that never ends. */
  answer = true;
  received: CsvRequest[] = [];
  postMessage(request: CsvRequest): void {
    this.received.push(request);
    if (!this.answer) return;
    setTimeout(() =>
      handleCsvRequest(request, (reply) => {
        if (!this.terminated) this.onmessage?.({ data: reply } as MessageEvent<CsvReply>);
      }),
    );
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('the CSV worker', () => {
  it('bundles without any @tensorflow/tfjs module', async () => {
    const { metafile } = await build({
      entryPoints: ['renderer/training/csv.worker.ts'],
      bundle: true,
      write: false,
      metafile: true,
      outdir: 'unused',
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((p) => p.includes('papaparse'))).toBe(true);
    expect(inputs.filter((p) => /@tensorflow[\\/]tfjs/.test(p))).toEqual([]);
  }, 20_000);

  it('answers a parse with progress and then the data set, its buffers transferred', () => {
    const text = ['a,b,y', ...Array.from({ length: 10_000 }, (_, i) => `${i},${i},${i % 2}`)].join('\n');
    const replies: CsvReply[] = [];
    const transfers: (Transferable[] | undefined)[] = [];
    let clock = 0;
    handleCsvRequest(
      { id: 7, type: 'parse', bytes: bytes(text), options: { labelEncoding: 'index' } },
      (reply, transfer) => {
        replies.push(reply);
        transfers.push(transfer);
      },
      () => (clock += 60),
    );
    const last = replies.at(-1)!;
    expect(last.type).toBe('parsed');
    if (last.type !== 'parsed') return;
    expect(last.dataset.count).toBe(10_000);
    expect(transfers.at(-1)).toEqual([last.dataset.features.buffer, last.dataset.labels.buffer]);
    const progress = replies.filter((r) => r.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(replies.every((r) => r.id === 7)).toBe(true);
  });

  it('answers a bad row with a data error naming its line', async () => {
    const reader = new CsvReader(() => new FakeWorker());
    await expect(reader.parse(bytes('a,y\n1,0\nx,1\n'), {}, () => undefined)).rejects.toEqual(
      new CsvDataError('line 3, column "a": "x" is not a number'),
    );
  });

  it('previews, and cancels a read by terminating its worker; the next read starts a new one', async () => {
    const workers: FakeWorker[] = [];
    const reader = new CsvReader(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    });
    const preview = await reader.preview(bytes('a,b\n1,2\n3,4\n'), 8, 'auto', () => undefined);
    expect(preview).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
      columns: ['a', 'b'],
    });

    workers[0].answer = false;
    const stuck = reader.parse(bytes('a,b\n1,2\n'), {}, () => undefined);
    expect(reader.busy).toBe(true);
    reader.cancel();
    await expect(stuck).rejects.toBeInstanceOf(CsvCancelled);
    expect(reader.busy).toBe(false);
    expect(workers[0].terminated).toBe(true);

    const data = await reader.parse(bytes('a,b\n1,2\n'), {}, () => undefined);
    expect(data.count).toBe(1);
    expect(workers).toHaveLength(2);
    reader.dispose();
    expect(workers[1].terminated).toBe(true);
  });
});

/**
 * The dialog's side of the CSV worker: one read at a time, with progress, and cancel by
 * terminating the worker (papaparse cannot be interrupted from outside, and a worker stuck in one
 * 50 MB line answers no message). A new worker is started for the next read.
 */
import type { CsvOptions, CsvPreview, CsvProgress } from '../../src/data/csv';
import type { Dataset } from '../../src/data/dataset';
import type { CsvReply, CsvRequest } from './csv-protocol';

/** The parts of a Web Worker the reader uses, so tests can hand it a double. */
export interface CsvWorkerPort {
  postMessage(message: CsvRequest): void;
  onmessage: ((e: MessageEvent<CsvReply>) => void) | null;
  onerror?: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A read that was cancelled, or replaced by a newer one, rejects with this. */
export class CsvCancelled extends Error {
  constructor() {
    super('the CSV read was cancelled');
    this.name = 'CsvCancelled';
  }
}

/** A read the data refused (bad row, unknown column): its message names the line and column. */
export class CsvDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvDataError';
  }
}

interface Job {
  id: number;
  onProgress: (p: CsvProgress) => void;
  resolve: (reply: CsvReply) => void;
  reject: (e: Error) => void;
}

/** Starts the real worker; Vite bundles `csv.worker.ts` as a module of its own. */
export const startCsvWorker = (): CsvWorkerPort =>
  new Worker(new URL('./csv.worker.ts', import.meta.url), { type: 'module' });

export class CsvReader {
  private worker: CsvWorkerPort | null = null;
  private job: Job | null = null;
  private nextId = 1;

  constructor(private readonly start: () => CsvWorkerPort = startCsvWorker) {}

  /** The first `maxRows` data rows and the columns, for the preview table. */
  async preview(
    bytes: Uint8Array,
    maxRows: number,
    header: boolean | 'auto',
    onProgress: (p: CsvProgress) => void,
  ): Promise<CsvPreview> {
    const reply = await this.request({ id: 0, type: 'preview', bytes, maxRows, header }, onProgress);
    if (reply.type !== 'preview') throw new Error(`unexpected CSV worker reply ${reply.type}`);
    return reply.preview;
  }

  /** The whole file as a data set; rejects with `CsvDataError` for a bad row. */
  async parse(
    bytes: Uint8Array,
    options: CsvOptions,
    onProgress: (p: CsvProgress) => void,
  ): Promise<Dataset> {
    const reply = await this.request({ id: 0, type: 'parse', bytes, options }, onProgress);
    if (reply.type !== 'parsed') throw new Error(`unexpected CSV worker reply ${reply.type}`);
    return reply.dataset;
  }

  /** Whether a read is under way. */
  get busy(): boolean {
    return this.job !== null;
  }

  /** Stops the read under way, if any: its promise rejects with `CsvCancelled`. */
  cancel(): void {
    const job = this.job;
    if (!job) return;
    this.job = null;
    // Terminating is the only way to stop papaparse mid-file; the next read starts a fresh worker.
    this.worker?.terminate();
    this.worker = null;
    job.reject(new CsvCancelled());
  }

  /** Cancels any read and lets the worker go (the dialog closed). */
  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }

  private request(request: CsvRequest, onProgress: (p: CsvProgress) => void): Promise<CsvReply> {
    // One read at a time: a newer request (another header choice, another file) makes the older stale.
    this.cancel();
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<CsvReply>((resolve, reject) => {
      this.job = { id, onProgress, resolve, reject };
      worker.postMessage({ ...request, id });
    });
  }

  private ensureWorker(): CsvWorkerPort {
    if (this.worker) return this.worker;
    const worker = this.start();
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => {
      const job = this.job;
      this.job = null;
      this.worker?.terminate();
      this.worker = null;
      job?.reject(new Error(`the CSV reader failed${e.message ? `: ${e.message}` : ''}`));
    };
    this.worker = worker;
    return worker;
  }

  private receive(reply: CsvReply): void {
    const job = this.job;
    // A reply to a cancelled read can still be in flight; it belongs to nobody.
    if (!job || reply.id !== job.id) return;
    if (reply.type === 'progress') {
      job.onProgress({ rows: reply.rows, chars: reply.chars, total: reply.total });
      return;
    }
    this.job = null;
    if (reply.type === 'error')
      job.reject(reply.dataset ? new CsvDataError(reply.message) : new Error(reply.message));
    else job.resolve(reply);
  }
}

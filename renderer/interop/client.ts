/**
 * The editor's side of the interop worker: started on first use, kept for the session, each
 * request answered by id. The formats list is cached once known so the Open dialog can filter by
 * the importers' file endings without waiting.
 */
import type { ExportResult } from '../../src/export/registry';
import type { ExportOptions } from '../../src/export/types';
import type { GraphDoc } from '../../src/graph/types';
import type { ChosenFile, Opened } from '../import/openFiles';
import type { ExportFormatInfo, ImporterInfo, InteropReply, InteropRequest } from './protocol';

/** The parts of a Web Worker the client uses. */
export interface InteropPort {
  postMessage(message: InteropRequest, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<InteropReply>) => void) | null;
  onerror?: ((e: ErrorEvent) => void) | null;
}

/** Starts the real worker; Vite bundles `interop.worker.ts` (and tfjs with it) as a module of its own. */
const startWorker = (): InteropPort =>
  new Worker(new URL('./interop.worker.ts', import.meta.url), { type: 'module' });

/** Request without its id (the client numbers requests). */
type Ask = InteropRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The formats the worker's registries have. */
export interface Formats {
  exports: ExportFormatInfo[];
  importers: ImporterInfo[];
}

/** Talks to one interop worker. */
export class InteropClient {
  private port: InteropPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: InteropReply) => void>();
  private formatsPromise: Promise<Formats> | null = null;
  /** The formats, once the worker has said them. */
  known: Formats | null = null;

  constructor(private readonly start: () => InteropPort = startWorker) {}

  private ask(request: Ask, transfer: Transferable[] = []): Promise<InteropReply> {
    if (!this.port) {
      const port = this.start();
      port.onmessage = (e) => {
        const resolve = this.pending.get(e.data.id);
        this.pending.delete(e.data.id);
        resolve?.(e.data);
      };
      // A worker that failed to load answers nothing: every waiting request gets the error.
      port.onerror = (e) => {
        for (const [id, resolve] of this.pending)
          resolve({ id, type: 'error', message: e.message || 'the export worker failed to start' });
        this.pending.clear();
      };
      this.port = port;
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port!.postMessage({ ...request, id } as InteropRequest, transfer);
    });
  }

  /** Every export format and importer. */
  formats(): Promise<Formats> {
    this.formatsPromise ??= this.ask({ type: 'formats' }).then((reply) => {
      if (reply.type !== 'formats')
        throw new Error(reply.type === 'error' ? reply.message : 'unexpected reply');
      this.known = { exports: reply.exports, importers: reply.importers };
      return this.known;
    });
    return this.formatsPromise;
  }

  /** Exports `doc` in format `formatId`. */
  async exportGraph(formatId: string, doc: GraphDoc, options: ExportOptions): Promise<ExportResult> {
    const reply = await this.ask({ type: 'export', formatId, doc, options });
    if (reply.type === 'export') return reply.result;
    return { ok: false, message: reply.type === 'error' ? reply.message : 'unexpected reply' };
  }

  /** What the chosen files are (a graph, an imported model, or problems). */
  async readChosenFiles(files: ChosenFile[]): Promise<Opened> {
    const reply = await this.ask({ type: 'open', files });
    if (reply.type === 'open') return reply.result;
    const message = reply.type === 'error' ? reply.message : 'unexpected reply';
    return { kind: 'failed', title: 'The files could not be read', lines: [message] };
  }
}

let shared: InteropClient | null = null;

/** The editor's interop client (one worker for the window). */
export function interop(): InteropClient {
  shared ??= new InteropClient();
  return shared;
}

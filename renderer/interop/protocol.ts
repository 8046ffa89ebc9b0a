/**
 * The interop worker's messages: the formats list, an export, and reading opened or dropped files.
 * Exports and imports run in a worker because formats need TensorFlow.js (a graph's initial weights
 * come from the same initializers training uses), and the editor's main thread loads no tfjs.
 */
import { EXPORT_FORMATS, exportGraph } from '../../src/export/registry';
import type { ExportResult } from '../../src/export/registry';
import type { ExportOptions } from '../../src/export/types';
import type { GraphDoc } from '../../src/graph/types';
import { IMPORTERS } from '../../src/import/registry';
import { readChosenFiles } from '../import/openFiles';
import type { ChosenFile, Opened } from '../import/openFiles';

/** What the editor shows of an export format. */
export interface ExportFormatInfo {
  id: string;
  title: string;
  description: string;
}

/** What the editor shows of an importer. */
export interface ImporterInfo {
  id: string;
  title: string;
  extensions: readonly string[];
}

/** A request to the worker; `id` pairs it with its reply. */
export type InteropRequest =
  | { id: number; type: 'formats' }
  | { id: number; type: 'export'; formatId: string; doc: GraphDoc; options: ExportOptions }
  | { id: number; type: 'open'; files: ChosenFile[] };

/** The worker's answer to request `id`. */
export type InteropReply =
  | { id: number; type: 'formats'; exports: ExportFormatInfo[]; importers: ImporterInfo[] }
  | { id: number; type: 'export'; result: ExportResult }
  | { id: number; type: 'open'; result: Opened }
  /** A bug, not bad input (bad input is in the results): the message to show. */
  | { id: number; type: 'error'; message: string };

/** Answers one request (in the worker; tests call it directly). */
export async function handleInteropRequest(request: InteropRequest): Promise<InteropReply> {
  const { id } = request;
  try {
    switch (request.type) {
      case 'formats':
        return {
          id,
          type: 'formats',
          exports: EXPORT_FORMATS.map(({ id: f, title, description }) => ({ id: f, title, description })),
          importers: IMPORTERS.map(({ id: i, title, extensions }) => ({ id: i, title, extensions })),
        };
      case 'export':
        return {
          id,
          type: 'export',
          result: await exportGraph(request.formatId, request.doc, request.options),
        };
      case 'open':
        return { id, type: 'open', result: await readChosenFiles(request.files) };
    }
  } catch (e) {
    return { id, type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

/** The buffers of an answer's binary files, moved to the editor rather than copied. */
export function transferables(reply: InteropReply): Transferable[] {
  if (reply.type !== 'export' || !reply.result.ok) return [];
  return reply.result.files.flatMap((f) => (typeof f.contents === 'string' ? [] : [f.contents.buffer]));
}

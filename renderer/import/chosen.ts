/**
 * Files the user opened or dropped, on the editor's main thread: their kinds, the outcome of
 * reading them (worked out in the interop worker by `openFiles.ts`), the size limits, the picker's
 * file types. Nothing here loads an importer.
 */
import type { GraphDoc } from '../../src/graph/types';
import { formatBytes } from '../../src/run/memory';

/** A file the user chose or dropped. */
export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

/** What to do with the chosen files. */
export type Opened =
  /** A graph file: open its text as any graph is opened. */
  | { kind: 'graph'; name: string; text: string }
  /** An imported model: a laid-out graph under a new file name, not yet saved. */
  | { kind: 'model'; source: string; fileName: string; doc: GraphDoc; notes: string[] }
  /** Nothing to open: a title and one line per problem (each saying where). */
  | { kind: 'failed'; title: string; lines: string[] };

/** The largest file read from a pick or a drop, and the most all of them may come to. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * File types the Open dialog offers: graph files and every importer's endings; every file while
 * the importers are not known yet (the worker that has them is still starting).
 */
export function openAccept(importers: readonly { extensions: readonly string[] }[] | null): string[] {
  if (!importers) return [];
  return [...new Set(['.json', 'application/json', ...importers.flatMap((i) => i.extensions)])];
}

/** Sizes checked before a byte is read: one line per file over the limit, or for the total. */
export function sizeProblems(files: readonly { name: string; size: number }[]): string[] {
  const lines = files
    .filter((f) => f.size > MAX_FILE_BYTES)
    .map((f) => `${f.name}: ${formatBytes(f.size)}, over the ${formatBytes(MAX_FILE_BYTES)} a file may have`);
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (!lines.length && total > MAX_FILE_BYTES)
    lines.push(
      `the ${files.length} files come to ${formatBytes(total)}, over ${formatBytes(MAX_FILE_BYTES)}`,
    );
  return lines;
}

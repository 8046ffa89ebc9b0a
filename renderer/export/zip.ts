/** An export's files as one zip archive, for web mode's "Save as…" (a page cannot write a folder). */
import { strToU8, zipSync } from 'fflate';
import type { ExportFile } from '../../src/export/types';

/**
 * The files zipped under a folder `name/` (unzipping gives one folder, not files strewn about).
 * Text is stored as UTF-8; everything is deflated at a middling level (weights shrink a little).
 */
export function zipExport(name: string, files: readonly ExportFile[]): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const f of files)
    entries[`${name}/${f.path}`] = typeof f.contents === 'string' ? strToU8(f.contents) : f.contents;
  return zipSync(entries, { level: 6 });
}

/** A folder or archive name from a graph's name: no `.json`, nothing a file system could dislike. */
export function exportFolderName(graphName: string, formatId: string): string {
  const stem =
    graphName
      .replace(/\.json$/i, '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[.-]+/, '') || 'graph';
  return `${stem}-${formatId}`;
}

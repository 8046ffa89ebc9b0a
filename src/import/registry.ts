/**
 * Every model importer, defined once each in its own file. Adding a format means adding its file
 * and one line here; the CLI and the editor read this registry.
 */
import { checkGraph } from '../graph/check';
import { kerasImporter } from './keras';
import { onnxImporter } from './onnx';
import { tfjsImporter } from './tfjs';
import type { ImportInput, ImportResult, ModelImporter } from './types';

/** All importers, in the order they are tried. */
export const IMPORTERS: readonly ModelImporter[] = [tfjsImporter, kerasImporter, onnxImporter];

/** File endings every importer accepts, for file pickers. */
export function importExtensions(): string[] {
  return [...new Set(IMPORTERS.flatMap((i) => i.extensions))];
}

/**
 * Imports a model: the first importer whose `sniff` accepts the bytes reads it, and the graph it
 * makes is checked like an opened file, so an import never yields a graph the editor would refuse.
 */
export async function importModel(input: ImportInput): Promise<ImportResult> {
  const importer = IMPORTERS.find((i) => i.sniff(input));
  if (!importer) {
    const known = IMPORTERS.map((i) => `${i.title} (${i.extensions.join(', ')})`).join('; ');
    return {
      ok: false,
      problems: [{ where: input.name, message: `not a model file this app reads (${known || 'none yet'})` }],
    };
  }
  let result: ImportResult;
  try {
    result = await importer.read(input);
  } catch (e) {
    // An importer bug must not take the app down; say which file and what failed.
    return { ok: false, problems: [{ where: input.name, message: `could not be read: ${String(e)}` }] };
  }
  if (!result.ok) return result;
  const errors = checkGraph(result.doc).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length)
    return {
      ok: false,
      problems: errors.map((d) => ({
        where: d.nodeId ? `node "${d.nodeId}"` : input.name,
        message: d.message,
      })),
    };
  return result;
}

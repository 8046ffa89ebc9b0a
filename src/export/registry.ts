/**
 * Every export format, defined once each in its own file. Adding a format means adding its file
 * and one line here; the CLI and the editor list formats from this registry.
 */
import { checkGraph } from '../graph/check';
import type { GraphDoc } from '../graph/types';
import { dotFormat } from './dot';
import { jsonFormat } from './json';
import { kerasPyFormat } from './keras-py';
import { kerasArchiveFormat } from './keras-archive';
import { onnxFormat } from './onnx';
import { pytorchFormat } from './pytorch';
import { tfjsFormat } from './tfjs';
import type { ExportFile, ExportFormat, ExportLimitation, ExportOptions } from './types';

/** All formats in menu order. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  jsonFormat,
  dotFormat,
  pytorchFormat,
  kerasPyFormat,
  tfjsFormat,
  kerasArchiveFormat,
  onnxFormat,
];

/** The format with this id, or undefined. */
export function getExportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.id === id);
}

/** The result of exporting: the files and what the format left out, or why it could not. */
export type ExportResult =
  { ok: true; files: ExportFile[]; limitations: ExportLimitation[] } | { ok: false; message: string };

/** Exports `doc` in format `id`, checking the graph first (formats that need shapes refuse invalid graphs). */
export async function exportGraph(
  id: string,
  doc: GraphDoc,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const format = getExportFormat(id);
  if (!format)
    return {
      ok: false,
      message: `unknown export format "${id}" (one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')})`,
    };
  const { graph, diagnostics, shapes } = checkGraph(doc);
  if (!graph && format.needsValidGraph) {
    const first = diagnostics.find((d) => d.severity === 'error');
    return {
      ok: false,
      message: `${format.title} needs a valid graph: ${first?.message ?? 'the graph has errors'}`,
    };
  }
  const source = { doc, graph, shapes };
  const limitations = format.limitations(source, options);
  const fatal = limitations.filter((l) => l.fatal);
  if (fatal.length)
    return {
      ok: false,
      message: `${format.title} cannot express this graph, so nothing was written:\n${fatal
        .map((l) => `  ${l.nodeId ? `node "${l.nodeId}": ` : ''}${l.message}`)
        .join('\n')}`,
    };
  return { ok: true, files: await format.write(source, options), limitations };
}

/**
 * `backprop-studio validate`: a graph file's problems, one per line or as JSON. Repeats are capped
 * per code (`capDiagnostics`): text lists the first ones and one "… and N more" line per code;
 * JSON lists the same first ones in `diagnostics` and, per capped code, `{code, severity, omitted,
 * count}` in `omitted` (empty when nothing was left out), with the totals in `errors`/`warnings`.
 */
import { capDiagnostics, formatDiagnostic, formatOmitted, hasErrors } from '../graph/diagnostics';
import { checkGraph } from '../graph/check';
import { CliFailure, PARSE_CODES } from './failure';
import type { Io } from './failure';
import { readGraphFile } from './files';

/** Prints a graph file's diagnostics; resolves to 0 valid, 1 errors, 2 unreadable or not a graph. */
export async function validateCommand(path: string, opts: { json?: boolean }, io: Io): Promise<number> {
  const loaded = readGraphFile(path);
  if (loaded.ioError) throw new CliFailure(loaded.ioError, 2);
  const diagnostics = loaded.doc
    ? checkGraph(loaded.doc, { training: true }).diagnostics
    : loaded.diagnostics;
  const code =
    !loaded.doc && diagnostics.some((d) => PARSE_CODES.has(d.code)) ? 2 : hasErrors(diagnostics) ? 1 : 0;
  const { shown, omitted } = capDiagnostics(diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (opts.json) {
    io.out(
      JSON.stringify({
        file: path,
        valid: code === 0,
        diagnostics: shown,
        omitted,
        errors,
        warnings: diagnostics.length - errors,
      }),
    );
    return code;
  }
  for (const d of shown) io.out(`${path}: ${formatDiagnostic(d)}`);
  for (const o of omitted) io.out(`${path}: ${formatOmitted(o)}`);
  if (code === 0) {
    const doc = loaded.doc!;
    const warnings = diagnostics.length
      ? `, ${diagnostics.length} warning${diagnostics.length > 1 ? 's' : ''}`
      : '';
    io.out(`${path}: valid (${doc.nodes.length} nodes, ${doc.edges.length} edges${warnings})`);
  } else {
    io.out(`${path}: ${errors} error${errors > 1 ? 's' : ''}`);
  }
  return code;
}

/**
 * Every diagnostic the product can report, in one table. Codes are stable: the editor, the CLI and
 * tests refer to them.
 */

/** How bad a problem is: errors stop training, warnings do not. */
export type Severity = 'error' | 'warning';

/** The table of diagnostic codes: severity and a one-line title. */
export const DIAGNOSTIC_CODES = {
  'invalid-json': { severity: 'error', title: 'The file is not valid JSON' },
  'not-a-graph': { severity: 'error', title: 'The JSON is not a Backprop Studio graph' },
  'unsupported-version': { severity: 'error', title: 'The schema version is not supported' },
  schema: { severity: 'error', title: 'A field does not match the graph file format' },
  'duplicate-id': { severity: 'error', title: 'Two nodes share an id' },
  'unknown-op': { severity: 'error', title: 'The node names an op that does not exist' },
  'bad-param': { severity: 'error', title: 'A param is out of bounds or of the wrong type' },
  'dangling-edge': { severity: 'error', title: 'An edge refers to a node that does not exist' },
  'unknown-port': { severity: 'error', title: 'An edge refers to a port the node does not have' },
  'port-taken': { severity: 'error', title: 'Two edges feed the same single input port' },
  'unconnected-port': { severity: 'error', title: 'A required input port has no edge' },
  cycle: { severity: 'error', title: 'The graph has a cycle' },
  'missing-loss': { severity: 'error', title: 'The graph has no loss node' },
  'shape-mismatch': { severity: 'error', title: 'Input shapes do not fit the op' },
  'bad-reference': { severity: 'error', title: 'A param names a node that cannot be used there' },
  'bad-training': { severity: 'error', title: 'The training section has a bad value' },
  'bad-weights': { severity: 'error', title: 'Stored weights do not match the graph' },
  'nothing-to-train': { severity: 'error', title: 'No loss depends on a trainable weight' },
  'data-needed': { severity: 'warning', title: 'The data set must be downloaded or chosen first' },
  unreachable: { severity: 'warning', title: 'The node does not contribute to any loss' },
  'no-input': { severity: 'warning', title: 'The graph has no Input node' },
  'layout-unknown-node': { severity: 'warning', title: 'The layout places a node that does not exist' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

/** A diagnostic code from the table. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** One problem found in a graph. */
export interface Diagnostic {
  /** Stable code from `DIAGNOSTIC_CODES`. */
  code: DiagnosticCode;
  severity: Severity;
  /** What is wrong and how to fix it, in one sentence or two. */
  message: string;
  /** The node the problem is about. */
  nodeId?: string;
  /** The param or field the problem is about (`units`, `training.batchSize`). */
  field?: string;
  /** The edge the problem is about. */
  edgeId?: string;
  /** JSON path in the file (`nodes[3].params.units`). */
  path?: string;
  /** 1-based line in the file, when known (JSON syntax errors). */
  line?: number;
}

/**
 * Makes text from a file safe to show on one line: control characters and line separators are
 * escaped and long text is shortened, so a hostile file cannot flood or break the output.
 */
export function safeText(text: string, max = 400): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return short.replace(
    // Control characters are exactly what this must find.
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Builds a diagnostic with the severity from the table; every text field is made safe. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  where: Partial<Diagnostic> = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: DIAGNOSTIC_CODES[code].severity, message: safeText(message, 300) };
  if (where.nodeId !== undefined) d.nodeId = safeText(where.nodeId, 64);
  if (where.field !== undefined) d.field = safeText(where.field, 40);
  if (where.edgeId !== undefined) d.edgeId = safeText(where.edgeId, 300);
  if (where.path !== undefined) d.path = safeText(where.path, 60);
  if (where.line !== undefined) d.line = where.line;
  return d;
}

/** Whether any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** One readable line: `error [shape-mismatch] node "mm1": …`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [
    d.line !== undefined ? `line ${d.line}` : null,
    d.nodeId ? `node "${d.nodeId}"` : null,
    d.edgeId ? `edge "${d.edgeId}"` : null,
    // A node's param reads best as `node "W1", param "values"`; anything else by its path.
    d.nodeId && d.field ? `param "${d.field}"` : d.path ? d.path : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${d.severity} [${d.code}]${where ? ` ${where}` : ''}: ${d.message}`;
}

/**
 * How many diagnostics of one code are listed before the rest are summarised. A file with 200,000
 * duplicate edges has one problem 200,000 times; listing each made `validate` print 39 MB and the
 * Problems panel render 200,000 rows, while the first few already say what to fix.
 */
export const MAX_DIAGNOSTICS_PER_CODE = 20;

/** The diagnostics of one code left out of a capped list. */
export interface OmittedDiagnostics {
  code: DiagnosticCode;
  severity: Severity;
  /** How many of this code were left out. */
  omitted: number;
  /** How many of this code there are in all (listed plus left out). */
  count: number;
}

/** A list of diagnostics with repeats capped: what to list, and what was left out of it, per code. */
export interface CappedDiagnostics {
  /** The first `perCode` diagnostics of every code, in their original order. */
  shown: Diagnostic[];
  /** One entry per code that had more than `perCode`, in the order the codes first appeared. */
  omitted: OmittedDiagnostics[];
}

/**
 * Caps repeated diagnostics: keeps the first `perCode` of every code (in order) and counts the
 * rest. The one place the CLI (text and JSON) and the editor's Problems panel cap their lists, so
 * both say the same "… and N more" for the same file.
 */
export function capDiagnostics(
  diagnostics: readonly Diagnostic[],
  perCode: number = MAX_DIAGNOSTICS_PER_CODE,
): CappedDiagnostics {
  const seen = new Map<DiagnosticCode, number>();
  const shown: Diagnostic[] = [];
  for (const d of diagnostics) {
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (n <= perCode) shown.push(d);
  }
  const omitted: OmittedDiagnostics[] = [];
  for (const [code, count] of seen)
    if (count > perCode)
      omitted.push({ code, severity: DIAGNOSTIC_CODES[code].severity, omitted: count - perCode, count });
  return { shown, omitted };
}

/** `… and 199,980 more port-taken problems`: the words for left-out diagnostics, in the CLI and the editor. */
export function omittedText(o: OmittedDiagnostics): string {
  // Grouped digits: 199,980 is read at a glance, 199980 is counted.
  return `… and ${o.omitted.toLocaleString('en-US')} more ${o.code} problem${o.omitted > 1 ? 's' : ''}`;
}

/** The line that stands for left-out diagnostics: `error [port-taken]: … and 199,980 more port-taken problems (200,000 in all)`. */
export function formatOmitted(o: OmittedDiagnostics): string {
  return `${o.severity} [${o.code}]: ${omittedText(o)} (${o.count.toLocaleString('en-US')} in all)`;
}

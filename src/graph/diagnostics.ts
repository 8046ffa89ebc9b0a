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

/** Builds a diagnostic with the severity from the table. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  where: Partial<Diagnostic> = {},
): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code].severity, message, ...where };
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
    d.path && !d.nodeId ? d.path : null,
    d.field && d.nodeId ? `param "${d.field}"` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${d.severity} [${d.code}]${where ? ` ${where}` : ''}: ${d.message}`;
}

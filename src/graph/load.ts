/**
 * Text or JSON value → `GraphDoc`, with diagnostics instead of exceptions.
 */
import type { z } from 'zod';
import { diagnostic } from './diagnostics';
import type { Diagnostic } from './diagnostics';
import { migrate } from './migrate';
import { formatPath, GraphDocSchema } from './schema';
import type { GraphDoc } from './types';

/** What loading a file gives: the document when its structure is sound, and every problem found. */
export interface LoadResult {
  doc: GraphDoc | null;
  diagnostics: Diagnostic[];
  /** The version the file was written in (before migration). */
  fromVersion?: number;
}

/** Most structural problems reported for one file; more are summarised in one line. */
const MAX_SCHEMA_DIAGNOSTICS = 50;

/** 1-based line of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses JSON text; syntax errors become one `invalid-json` diagnostic with its line. */
export function parseJsonText(text: string): { value: unknown } | { diagnostic: Diagnostic } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    const endsEarly = /end of (JSON )?input/i.test(message);
    const line = lineCol
      ? Number(lineCol[1])
      : position
        ? lineOf(text, Number(position[1]))
        : endsEarly
          ? lineOf(text, text.length)
          : undefined;
    const short = endsEarly
      ? 'the text ends before the JSON is complete (an unclosed bracket, brace or string?)'
      : message.replace(/^JSON\.parse: /, '').split('\n')[0];
    return {
      diagnostic: diagnostic('invalid-json', `not valid JSON: ${short}`, line !== undefined ? { line } : {}),
    };
  }
}

function nodeIdAt(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
  const nodes = (raw as { nodes?: unknown }).nodes;
  const node = Array.isArray(nodes) ? nodes[path[1]] : undefined;
  const id = typeof node === 'object' && node !== null ? (node as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator)
    return `unknown ${issue.discriminator}`;
  return issue.message.replace(/^Invalid input: /, '');
}

/** Structural check of an already-migrated JSON value. */
export function parseGraphValue(raw: unknown): LoadResult {
  const migrated = migrate(raw);
  if (!migrated.ok) {
    const looksLikeGraph = typeof raw === 'object' && raw !== null && 'nodes' in raw;
    const code =
      looksLikeGraph || (typeof raw === 'object' && raw !== null && 'schemaVersion' in raw)
        ? 'unsupported-version'
        : 'not-a-graph';
    return { doc: null, diagnostics: [diagnostic(code, migrated.message, { path: 'schemaVersion' })] };
  }
  const result = GraphDocSchema.safeParse(migrated.doc);
  if (result.success) {
    const { $schema: _ignored, ...doc } = result.data;
    return { doc: doc as GraphDoc, diagnostics: [], fromVersion: migrated.from };
  }
  const issues = result.error.issues;
  const diagnostics = issues.slice(0, MAX_SCHEMA_DIAGNOSTICS).map((issue) => {
    const path = formatPath(issue.path);
    const nodeId = nodeIdAt(migrated.doc, issue.path);
    const field =
      issue.path[2] === 'params' && issue.path[3] !== undefined ? String(issue.path[3]) : undefined;
    return diagnostic('schema', `${path}: ${issueMessage(issue)}`, {
      path,
      ...(nodeId ? { nodeId } : {}),
      ...(field ? { field } : {}),
    });
  });
  if (issues.length > MAX_SCHEMA_DIAGNOSTICS)
    diagnostics.push(
      diagnostic('schema', `…and ${issues.length - MAX_SCHEMA_DIAGNOSTICS} more problems of the same kind`),
    );
  return { doc: null, diagnostics, fromVersion: migrated.from };
}

/** Parses the text of a graph file: JSON syntax, version migration, structure. */
export function parseGraphText(text: string): LoadResult {
  const parsed = parseJsonText(text);
  if ('diagnostic' in parsed) return { doc: null, diagnostics: [parsed.diagnostic] };
  return parseGraphValue(parsed.value);
}

/** Serialises a graph exactly as the editor saves it: 2-space JSON with a trailing newline. */
export function serializeGraph(doc: GraphDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

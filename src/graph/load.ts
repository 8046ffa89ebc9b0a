/**
 * Text or JSON value → `GraphDoc`, with diagnostics instead of exceptions.
 */
import type { z } from 'zod';
import { parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { diagnostic } from './diagnostics';
import type { Diagnostic } from './diagnostics';
import { migrate } from './migrate';
import {
  formatPath,
  GraphDocSchema,
  layoutEntrySchema,
  lossWeightSchema,
  NODE_ID_PATTERN,
  nodeWeightsSchema,
} from './schema';
import { setOwn } from './own';
import { resolveTraining, writtenTraining } from '../data/training-defaults';
import type { GraphDoc, GraphFile } from './types';

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
    // V8 does not always say where the error is; a strict scan with jsonc-parser does.
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const endsEarly = /end of (JSON )?input/i.test(message) || (first && first.offset >= text.length);
    const line = lineCol
      ? Number(lineCol[1])
      : position
        ? lineOf(text, Number(position[1]))
        : first
          ? lineOf(text, first.offset)
          : lineOf(text, text.length);
    const short = endsEarly
      ? 'the text ends before the JSON is complete (an unclosed bracket, brace or string?)'
      : first
        ? `${
            message
              .replace(/^JSON\.parse: /, '')
              .split('\n')[0]
              .split(', "')[0]
          } (${printParseErrorCode(first.error)})`
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
  return typeof id === 'string' && NODE_ID_PATTERN.test(id) ? id : undefined;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.slice(0, 5).map((k) => `"${k.length > 60 ? `${k.slice(0, 60)}…` : k}"`);
    const more = issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '';
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys.join(', ')}${more}; remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator)
    return `unknown ${issue.discriminator}`;
  const at = formatPath(issue.path);
  // A field that is not there at all: zod words it "expected string, received undefined", which
  // reads as if the file held a bad value. Say it is missing, and name it (the path is the
  // diagnostic's `path`, which every formatted line shows).
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const key = issue.path.at(-1);
    const name = key === undefined ? at : typeof key === 'number' ? `[${key}]` : String(key);
    // The one training field without a default: say what to write, not just that it is missing.
    if (at === 'training' || at === 'training.dataset')
      return `missing field "${name}"; a graph says what it learns from: add ${at === 'training' ? '"training": { "dataset": { "kind": "xor" } }' : '"dataset": { "kind": "xor" }'} (or another data set; every other training field has a default)`;
    return `missing field "${name}"${issue.expected ? ` (expected ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected})` : ''}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/**
 * The records of a file keyed by node id, with the schema of one entry. A node may be called
 * `__proto__`; zod drops such a key from a record (it cannot tell it from the prototype), so these
 * entries are checked and put back by {@link parseIdKeyedProto}.
 */
const ID_KEYED: readonly { path: readonly string[]; entry: z.ZodType }[] = [
  { path: ['layout', 'nodes'], entry: layoutEntrySchema },
  { path: ['training', 'lossWeights'], entry: lossWeightSchema },
  { path: ['weights'], entry: nodeWeightsSchema },
];

/** The value at `path`, when every step is an own property of an object. */
function ownAt(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Finds an own key "__proto__" (JSON.parse creates one; schema libraries silently skip it), so a
 * file cannot smuggle params past validation. A node id is the one place such a key is allowed:
 * the records of {@link ID_KEYED} may hold one. Iterative, so deep nesting cannot overflow.
 */
function protoKeyPath(root: unknown): string | null {
  // Parent links instead of path copies keep deep documents linear.
  interface Frame {
    value: unknown;
    key: PropertyKey | null;
    parent: Frame | null;
  }
  const keysOf = (frame: Frame): PropertyKey[] => {
    const keys: PropertyKey[] = [];
    for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) keys.push(f.key);
    return keys.reverse();
  };
  const idKeyed = (frame: Frame): boolean => {
    const at = formatPath(keysOf(frame));
    return ID_KEYED.some((r) => formatPath(r.path) === at);
  };
  const stack: Frame[] = [{ value: root, key: null, parent: null }];
  let visited = 0;
  while (stack.length && visited++ < 1_000_000) {
    const frame = stack.pop()!;
    const value = frame.value;
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && Object.hasOwn(value, '__proto__') && !idKeyed(frame))
      return formatPath([...keysOf(frame), '__proto__']);
    // Numeric arrays (weights) hold no objects; skip them rather than walk every number.
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'number') continue;
    for (const [k, v] of Object.entries(value))
      if (typeof v === 'object' && v !== null)
        stack.push({ value: v, key: Array.isArray(value) ? Number(k) : k, parent: frame });
  }
  return null;
}

/**
 * Checks the `__proto__` entries of the id-keyed records, which the schema does not see.
 *
 * @returns The parsed entries to put back, and the problems found (paths from the root).
 */
function parseIdKeyedProto(raw: unknown): {
  entries: { path: readonly string[]; value: unknown }[];
  issues: z.core.$ZodIssue[];
} {
  const entries: { path: readonly string[]; value: unknown }[] = [];
  const issues: z.core.$ZodIssue[] = [];
  for (const { path, entry } of ID_KEYED) {
    const record = ownAt(raw, path);
    if (typeof record !== 'object' || record === null || !Object.hasOwn(record, '__proto__')) continue;
    const result = entry.safeParse((record as Record<string, unknown>)['__proto__']);
    if (result.success) entries.push({ path, value: result.data });
    else
      for (const issue of result.error.issues)
        issues.push({ ...issue, path: [...path, '__proto__', ...issue.path] });
  }
  return { entries, issues };
}

/**
 * Puts the checked `__proto__` entries back into the parsed document, in the key order of the
 * file, as own entries.
 */
function restoreIdKeyedProto(
  parsed: Record<string, unknown>,
  raw: unknown,
  entries: readonly { path: readonly string[]; value: unknown }[],
): void {
  for (const { path, value } of entries) {
    const parent = ownAt(parsed, path.slice(0, -1)) as Record<string, unknown> | undefined;
    const last = path[path.length - 1]!;
    const target = ownAt(parsed, path) as Record<string, unknown> | undefined;
    const source = ownAt(raw, path) as Record<string, unknown>;
    if (!parent || !target) continue;
    const rebuilt: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      if (key === '__proto__') setOwn(rebuilt, key, value);
      else if (Object.hasOwn(target, key)) setOwn(rebuilt, key, target[key]);
    }
    setOwn(parent, last, rebuilt);
  }
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
  const proto = protoKeyPath(migrated.doc);
  if (proto)
    return {
      doc: null,
      diagnostics: [
        diagnostic('schema', 'a key named "__proto__" is not allowed; rename it', { path: proto }),
      ],
      fromVersion: migrated.from,
    };
  const protoEntries = parseIdKeyedProto(migrated.doc);
  const parsed = GraphDocSchema.safeParse(migrated.doc);
  const result =
    parsed.success && protoEntries.issues.length === 0
      ? parsed
      : {
          success: false as const,
          error: { issues: [...protoEntries.issues, ...(parsed.success ? [] : parsed.error.issues)] },
        };
  if (result.success) {
    restoreIdKeyedProto(result.data as Record<string, unknown>, migrated.doc, protoEntries.entries);
    const { $schema: _ignored, training: section, ...rest } = result.data;
    // Defaults are filled here, once, so every later stage sees a complete training section.
    const { training, defaulted } = resolveTraining(section);
    const doc: GraphDoc = {
      ...rest,
      training,
      ...(defaulted.length ? { defaultedTraining: defaulted } : {}),
    };
    return { doc, diagnostics: [], fromVersion: migrated.from };
  }
  const issues = result.error.issues;
  const diagnostics = issues.slice(0, MAX_SCHEMA_DIAGNOSTICS).map((issue) => {
    // An unknown field is reported at its own path, not its parent's.
    const fullPath =
      issue.code === 'unrecognized_keys' && issue.keys.length > 0
        ? [...issue.path, issue.keys[0]]
        : issue.path;
    const path = formatPath(fullPath);
    const nodeId = nodeIdAt(migrated.doc, issue.path);
    const field =
      issue.path[2] === 'params' && issue.path[3] !== undefined ? String(issue.path[3]) : undefined;
    return diagnostic('schema', issueMessage(issue), {
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
  // Editors on Windows may save a byte order mark; it is not part of the JSON.
  const parsed = parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if ('diagnostic' in parsed) return { doc: null, diagnostics: [parsed.diagnostic] };
  return parseGraphValue(parsed.value);
}

/**
 * The file form of a document: training fields that still hold the defaults they got on load are
 * left out again, so a file keeps what it had plus what the user changed, and a later, better
 * default still reaches it.
 */
export function fileForm(doc: GraphDoc): GraphFile {
  const { defaultedTraining, ...rest } = doc;
  if (!defaultedTraining?.length) return rest;
  // Replacing the value keeps the key order of the document (training before weights).
  return { ...rest, training: writtenTraining(doc.training, defaultedTraining) };
}

/** Serialises a graph exactly as the editor saves it: 2-space JSON with a trailing newline. */
export function serializeGraph(doc: GraphDoc): string {
  return `${JSON.stringify(fileForm(doc), null, 2)}\n`;
}

/**
 * Writing Python source text: literals and identifiers. Shared by the PyTorch and Keras code
 * exports, so numbers and names are spelled the same way in both.
 */

/** Python keywords and names a generated identifier must not shadow. */
const RESERVED = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
  'type',
  // Names the generated code itself uses.
  'self',
  'x',
  'torch',
  'nn',
  'F',
  'np',
  'keras',
  'ops',
  'layers',
  'math',
  'json',
  'sys',
  'os',
  'forward',
  'training',
  'inputs',
  'outputs',
  'model',
  'weights',
  'load_weights',
]);

/**
 * A Python float literal that reads back as the same double (`1e-07`, `0.5`, `-inf`), or an int
 * literal for whole numbers when `int` is set.
 */
export function pyNum(value: number, int = false): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (value === Infinity) return "float('inf')";
  if (value === -Infinity) return "-float('inf')";
  if (int && Number.isInteger(value)) return String(value);
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** A Python string literal (double-quoted, escapes for quotes, backslashes and control characters). */
export function pyStr(text: string): string {
  return JSON.stringify(text);
}

/** A Python literal for a JSON-like value: numbers, strings, booleans, None, lists, dicts. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNum(value, Number.isInteger(value));
  if (typeof value === 'string') return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyStr(k)}: ${pyLiteral(v)}`)
      .join(', ')}}`;
  return pyStr(String(value));
}

/** An int tuple literal: `(3, 3)`, `(5,)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** A comment line (or lines) starting with `# `, line breaks kept as further comment lines. */
export function pyComment(text: string, indent = ''): string {
  return text
    .split(/\r?\n/)
    .map((line) => `${indent}# ${line}`.trimEnd())
    .join('\n');
}

/**
 * Python identifiers for node ids: unique, valid, never a keyword or a name the generated code
 * uses. `hidden-1` → `hidden_1`, `2nd` → `n_2nd`, `class` → `class_`; a collision gets `_2`, `_3`.
 */
export class PyNames {
  private readonly byId = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** Reserves names (for example the locals of generated functions). */
  reserve(...names: string[]): void {
    for (const n of names) this.taken.add(n);
  }

  /** The identifier of `id`, made on first use. */
  of(id: string): string {
    const known = this.byId.get(id);
    if (known) return known;
    let base = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `n_${base}`;
    if (RESERVED.has(base) || base.startsWith('__')) base = `${base.replace(/^_+/, '')}_`;
    if (!base || base === '_') base = 'node_';
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    this.byId.set(id, name);
    return name;
  }
}

/** Indents every non-empty line of a block. */
export function indent(block: string, by = '    '): string {
  return block
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

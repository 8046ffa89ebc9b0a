/**
 * Applies a spec's defaults to a node's params and checks each against its kind and bounds.
 */
import { fitsFloat32 } from '../data/checks';
import type { ParamValue } from '../graph/types';
import type { OpSpec, ParamSpec, Params } from './spec';

/** A param that failed its check. */
export interface ParamProblem {
  /** Param name (`units`), or the unknown key. */
  field: string;
  /** What is wrong and what is allowed. */
  message: string;
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function boundsText(p: ParamSpec): string {
  if (p.min !== undefined && p.max !== undefined) return ` between ${p.min} and ${p.max}`;
  if (p.min !== undefined) return ` ≥ ${p.min}`;
  if (p.max !== undefined) return ` ≤ ${p.max}`;
  return '';
}

function checkNumber(p: ParamSpec, v: unknown, integer: boolean): string | null {
  const what = integer ? 'an integer' : 'a number';
  if (typeof v !== 'number' || !Number.isFinite(v))
    return `expected ${what}${boundsText(p)}, got ${describeValue(v)}`;
  // Safe integers only: 2**53 or 1e308 are "integers" to JS but not usable sizes.
  if (integer && !Number.isSafeInteger(v)) return `expected ${what}${boundsText(p)}, got ${v}`;
  if ((p.min !== undefined && v < p.min) || (p.max !== undefined && v > p.max))
    return `expected ${what}${boundsText(p)}, got ${v}`;
  // Params become float32 tensors, where −1e308 is −Infinity and the first loss is NaN.
  if (!integer && !fitsFloat32(v))
    return `expected ${what} within the float32 range (±3.4e38) training computes in, got ${v}`;
  return null;
}

function checkList(p: ParamSpec, v: unknown, integer: boolean): string | null {
  if (!Array.isArray(v))
    return `expected a list of ${integer ? 'integers' : 'numbers'}, got ${describeValue(v)}`;
  if (p.minLength !== undefined && v.length < p.minLength)
    return `expected at least ${p.minLength} values, got ${v.length}`;
  if (p.maxLength !== undefined && v.length > p.maxLength)
    return `expected at most ${p.maxLength} values, got ${v.length}`;
  for (let i = 0; i < v.length; i++) {
    const problem = checkNumber(p, v[i], integer);
    if (problem) return `item ${i}: ${problem}`;
  }
  return null;
}

/** Checks one value against its param spec; returns the problem or `null`. */
export function checkParam(p: ParamSpec, v: unknown): string | null {
  if (v === null) return p.nullable ? null : `is required (${p.doc})`;
  switch (p.kind) {
    case 'int':
      return checkNumber(p, v, true);
    case 'float':
      return checkNumber(p, v, false);
    case 'bool':
      return typeof v === 'boolean' ? null : `expected true or false, got ${describeValue(v)}`;
    case 'string':
      return typeof v === 'string' ? null : `expected text, got ${describeValue(v)}`;
    case 'enum':
      return typeof v === 'string' && p.options?.includes(v)
        ? null
        : `expected one of ${p.options?.join(', ')}, got ${describeValue(v)}`;
    case 'ints':
      return checkList(p, v, true);
    case 'floats':
      return checkList(p, v, false);
  }
}

/** Resolves a node's raw params against its spec: defaults, kind and bound checks, unknown keys. */
export function resolveParams(
  spec: OpSpec,
  raw: Record<string, unknown>,
): { params: Params; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  const values: Record<string, ParamValue> = {};
  const known = new Set(spec.params.map((p) => p.name));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      const allowed = spec.params.map((p) => p.name).join(', ') || 'none';
      problems.push({ field: key, message: `${spec.op} has no param "${key}" (params: ${allowed})` });
    }
  }
  for (const p of spec.params) {
    const given = Object.prototype.hasOwnProperty.call(raw, p.name) ? raw[p.name] : undefined;
    if (given === undefined) {
      values[p.name] = p.default;
      continue;
    }
    const problem = checkParam(p, given);
    if (problem) {
      problems.push({ field: p.name, message: problem });
      values[p.name] = p.default;
    } else values[p.name] = given as ParamValue;
  }
  return { params: makeParams(values), problems };
}

/** Wraps resolved values in typed accessors. */
export function makeParams(values: Record<string, ParamValue>): Params {
  const get = (name: string): ParamValue => {
    if (!(name in values)) throw new Error(`internal: op read undeclared param "${name}"`);
    return values[name];
  };
  return {
    raw: values,
    num: (n) => get(n) as number,
    int: (n) => get(n) as number,
    str: (n) => get(n) as string,
    bool: (n) => get(n) as boolean,
    ints: (n) => get(n) as number[],
    floats: (n) => get(n) as number[],
    optionalStr: (n) => (get(n) as string | null) ?? null,
    optionalInts: (n) => (get(n) as number[] | null) ?? null,
  };
}

/** The default of param `name` of `spec` (throws for an undeclared param: a bug in the caller). */
export function paramDefault(spec: OpSpec, name: string): ParamValue {
  const p = spec.params.find((q) => q.name === name);
  if (!p) throw new Error(`internal: ${spec.op} has no param "${name}"`);
  return p.default;
}

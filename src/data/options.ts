/**
 * Declarations of a data set's tunable options: each is written once, with its label, doc, bounds
 * and default, and from it come the file schema's field, the generator's runtime check, the UI
 * field and the CLI's help line.
 */
import { z } from 'zod';
import { DatasetError } from './dataset';

interface BaseOption {
  /** Short label for the UI field (`points per class`). */
  label: string;
  /** One sentence for the schema, the UI's tooltip and the CLI's help. */
  doc: string;
}

/** A whole-number option with inclusive bounds. */
export interface IntOption extends BaseOption {
  type: 'int';
  min: number;
  max: number;
  default: number;
}

/** A real-number option with inclusive bounds. */
export interface NumberOption extends BaseOption {
  type: 'number';
  min: number;
  max: number;
  default: number;
}

/** An on/off option. */
export interface BoolOption extends BaseOption {
  type: 'boolean';
  default: boolean;
}

/** Any option declaration. */
export type OptionDecl = IntOption | NumberOption | BoolOption;

/** A data set's options by field name. */
export type OptionDecls = Record<string, OptionDecl>;

/** The value type of one option. */
type ValueOf<O extends OptionDecl> = O extends BoolOption ? boolean : number;

/** Option values as a spec holds them: each may be left out. */
export type OptionValues<T extends OptionDecls> = { [K in keyof T]?: ValueOf<T[K]> };

/** Option values with every default filled in. */
export type ResolvedOptions<T extends OptionDecls> = { [K in keyof T]: ValueOf<T[K]> };

/** The zod field of each option. */
export type OptionShape<T extends OptionDecls> = {
  [K in keyof T]: T[K] extends BoolOption ? z.ZodOptional<z.ZodBoolean> : z.ZodOptional<z.ZodNumber>;
};

/** Declares an integer option. */
export function intOption(label: string, doc: string, min: number, max: number, fallback: number): IntOption {
  return { type: 'int', label, doc, min, max, default: fallback };
}

/** Declares a real-number option. */
export function numberOption(
  label: string,
  doc: string,
  min: number,
  max: number,
  fallback: number,
): NumberOption {
  return { type: 'number', label, doc, min, max, default: fallback };
}

/** Declares an on/off option. */
export function boolOption(label: string, doc: string, fallback: boolean): BoolOption {
  return { type: 'boolean', label, doc, default: fallback };
}

/** The zod schema of one option: optional, bounded, documented with its default. */
function optionSchema(decl: OptionDecl): z.ZodOptional<z.ZodBoolean> | z.ZodOptional<z.ZodNumber> {
  const doc = `${decl.doc} Default ${String(decl.default)}.`;
  if (decl.type === 'boolean') return z.boolean().optional().describe(doc);
  const base = decl.type === 'int' ? z.number().int() : z.number();
  return base.min(decl.min).max(decl.max).optional().describe(doc);
}

/** The schema fields of a set of options, for `z.strictObject`. */
export function optionShape<T extends OptionDecls>(decls: T): OptionShape<T> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, decl] of Object.entries(decls)) shape[name] = optionSchema(decl);
  // Built key by key from `decls`, so it has exactly the mapped type's keys and field types.
  return shape as OptionShape<T>;
}

/** `integer between 2 and 100` / `number between 0 and 10`, for messages and help. */
export function describeBounds(decl: IntOption | NumberOption): string {
  return `${decl.type === 'int' ? 'an integer' : 'a number'} between ${decl.min} and ${decl.max}`;
}

/** Checks one value against its declaration; a missing value takes the default. */
function resolveOne(what: string, decl: OptionDecl, value: unknown): number | boolean {
  if (value === undefined) return decl.default;
  if (decl.type === 'boolean') {
    if (typeof value !== 'boolean')
      throw new DatasetError(`${what} must be true or false, got ${String(value)}`);
    return value;
  }
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (decl.type === 'number' || Number.isInteger(value)) &&
    value >= decl.min &&
    value <= decl.max;
  if (!ok) throw new DatasetError(`${what} must be ${describeBounds(decl)}, got ${String(value)}`);
  return value as number;
}

/**
 * Fills in defaults and checks bounds, for generators called directly (files are checked by the
 * schema before they get here, with the same bounds).
 *
 * @param kind - The data set's kind, which starts each message (`spiral classes must be …`).
 * @throws DatasetError naming the option when a value is out of bounds.
 */
export function resolveOptions<T extends OptionDecls>(
  kind: string,
  decls: T,
  values: OptionValues<T>,
): ResolvedOptions<T> {
  const out: Record<string, number | boolean> = {};
  for (const [name, decl] of Object.entries(decls)) {
    out[name] = resolveOne(`${kind} ${name}`, decl, (values as Record<string, unknown>)[name]);
  }
  // Every declared key was filled with a value of its declared type.
  return out as ResolvedOptions<T>;
}

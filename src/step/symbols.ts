/**
 * Op formulas are written in generic symbols (`B = 1 / (1 + e^(−A))`, `dC/dA = Bᵀ`). Step mode
 * speaks about particular nodes, so these helpers put node names (or numbers) in for the symbols
 * and pick, out of an op's local derivatives, the one for a given input port.
 */

/** The symbol an input port has in an op's forward formula. */
export function portSymbol(port: string, formula: string): string {
  if (port === 'a') return 'A';
  if (port === 'b') return 'B';
  if (port === 'prediction') return /\bs_?[jc]?\b/.test(formula) && !/\by\b/.test(formula) ? 's' : 'y';
  if (port === 'target') return 't';
  if (port === 'in') return /(^|[^\p{L}])A([^\p{L}]|$)/u.test(formula) ? 'A' : 'x';
  return port;
}

/** The first letter of a symbol: `Aᵢ`, `s_j`, `E[k]` → `A`, `s`, `E`. */
export function baseSymbol(symbol: string): string {
  return /^[\p{Lu}\p{Ll}]/u.exec(symbol)?.[0] ?? symbol;
}

/** The output symbol of a forward formula: the left side of `B = …`, or `w` of `w (trainable)`. */
export function outputSymbol(forward: string): string | null {
  const lhs = forward.includes(' = ') ? forward.split(' = ')[0].trim() : forward.split(' ')[0];
  return /^[\p{Lu}\p{Ll}][\p{Lm}\p{N}_]*$/u.test(lhs) ? baseSymbol(lhs) : null;
}

/**
 * Replaces standalone symbols (not parts of longer names; subscripts and ᵀ may follow) in one pass,
 * so a replacement is never replaced again.
 */
export function renameSymbols(expr: string, names: ReadonlyMap<string, string>): string {
  if (!names.size) return expr;
  const alternatives = [...names.keys()]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  // A letter, digit or underscore before or after means the symbol is part of a word (`max`, `dA`).
  const re = new RegExp(
    `(?<![\\p{Lu}\\p{Ll}\\p{Lo}\\p{N}_])(${alternatives})(?![\\p{Lu}\\p{Ll}\\p{Lo}\\p{N}_])`,
    'gu',
  );
  return expr.replace(re, (s) => names.get(s) ?? s);
}

/** Which of `symbols` occur standalone in `expr`. */
export function symbolsIn(expr: string, symbols: Iterable<string>): string[] {
  return [...symbols].filter((s) => renameSymbols(expr, new Map([[s, '']])) !== expr);
}

/** One local derivative `dOut/dIn = body` out of an op's local formula. */
export interface LocalPart {
  /** Output symbol with its suffix (`Bᵢ`, `E`). */
  out: string;
  /** Input symbol with its suffix (`Aⱼ`, `y`, `E[k]`). */
  input: string;
  body: string;
}

/** Splits `dC/dA = Bᵀ,  dC/dB = Aᵀ` into its parts; text without a `d…/d… =` head is left out. */
export function localParts(local: string): LocalPart[] {
  return local
    .split(/,\s{2,}/)
    .map((p) => /^d(\S+?)\/d(\S+?)\s*=\s*(.*)$/su.exec(p.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ out: m[1], input: m[2], body: m[3] }));
}

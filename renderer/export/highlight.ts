/**
 * Just enough colouring to read generated code at a glance: comments, strings, numbers and a
 * language's keywords. A line-by-line scan, not a parser (a string spanning lines is coloured per
 * line); the preview stays readable without a highlighting library.
 */

/** What a piece of a line is. */
export type TokenKind = 'plain' | 'comment' | 'string' | 'number' | 'keyword';

/** A piece of a line. */
export interface Token {
  kind: TokenKind;
  text: string;
}

/** The languages coloured, from a file's ending. */
export type Language = 'python' | 'json' | 'dot' | 'plain';

const PYTHON_KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield self'.split(
    ' ',
  ),
);
const DOT_KEYWORDS = new Set('digraph graph subgraph node edge strict'.split(' '));

/** The language of a file, from its name. */
export function languageOf(path: string): Language {
  if (/\.py$/i.test(path)) return 'python';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.(dot|gv)$/i.test(path)) return 'dot';
  return 'plain';
}

/** Where a line comment starts in this language (`#` or `//`), or null when it has none. */
function commentStart(language: Language): RegExp | null {
  if (language === 'python') return /^#/;
  if (language === 'dot') return /^\/\//;
  return null;
}

/**
 * The tokens of every line. Python's triple-quoted strings (docstrings) run over lines, so the scan
 * carries whether one is open from line to line.
 */
export function highlightLines(lines: readonly string[], language: Language): Token[][] {
  let open: string | null = null;
  return lines.map((line) => {
    const [tokens, after] = highlightLine(line, language, open);
    open = after;
    return tokens;
  });
}

/**
 * The tokens of one line, and the triple quote still open at its end (null: none).
 *
 * @param open - The triple quote (`"""` or `'''`) open from an earlier line, if any.
 */
export function highlightLine(
  line: string,
  language: Language,
  open: string | null = null,
): [Token[], string | null] {
  if (language === 'plain') return [[{ kind: 'plain', text: line }], null];
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  const comment = commentStart(language);
  const keywords = language === 'python' ? PYTHON_KEYWORDS : language === 'dot' ? DOT_KEYWORDS : null;
  let i = 0;
  if (open) {
    const end = line.indexOf(open);
    if (end < 0) return [[{ kind: 'string', text: line }], open];
    push('string', line.slice(0, end + 3));
    i = end + 3;
  }
  while (i < line.length) {
    const rest = line.slice(i);
    const triple = language === 'python' ? /^("""|''')/.exec(rest) : null;
    if (triple) {
      const end = rest.indexOf(triple[1], 3);
      if (end < 0) {
        push('string', rest);
        return [tokens, triple[1]];
      }
      push('string', rest.slice(0, end + 3));
      i += end + 3;
      continue;
    }
    if (comment?.test(rest)) {
      push('comment', rest);
      break;
    }
    const quote = rest[0];
    if (quote === '"' || (quote === "'" && language === 'python')) {
      // To the closing quote not escaped by a backslash, or the end of the line.
      let j = 1;
      while (j < rest.length && rest[j] !== quote) j += rest[j] === '\\' ? 2 : 1;
      push('string', rest.slice(0, j + 1));
      i += j + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(rest);
    if (number && !/\w/.test(line[i - 1] ?? '')) {
      push('number', number[0]);
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_]\w*/.exec(rest);
    if (word) {
      push(
        keywords?.has(word[0]) || (language === 'json' && /^(true|false|null)$/.test(word[0]))
          ? 'keyword'
          : 'plain',
        word[0],
      );
      i += word[0].length;
      continue;
    }
    push('plain', rest[0]);
    i += 1;
  }
  return [tokens, null];
}

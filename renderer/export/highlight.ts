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

/** The tokens of one line. */
export function highlightLine(line: string, language: Language): Token[] {
  if (language === 'plain') return [{ kind: 'plain', text: line }];
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  const comment = commentStart(language);
  const keywords = language === 'python' ? PYTHON_KEYWORDS : language === 'dot' ? DOT_KEYWORDS : null;
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
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
  return tokens;
}

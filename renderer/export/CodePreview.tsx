/** One exported file shown as it will be saved: numbered, lightly coloured lines, or a note for bytes. */
import { useMemo } from 'react';
import type { ExportFile } from '../../src/export/types';
import { formatBytes } from '../../src/run/memory';
import { highlightLines, languageOf } from './highlight';

/** Lines drawn at most: a model.json with weights can have millions; Copy and Save take them all. */
export const PREVIEW_LINES = 2000;

/** The size of a file as it will be written. */
export function fileBytes(file: ExportFile): number {
  return typeof file.contents === 'string'
    ? new TextEncoder().encode(file.contents).length
    : file.contents.byteLength;
}

/** The preview of one file. */
export function CodePreview({ file }: { file: ExportFile }) {
  const text = useMemo(() => {
    if (typeof file.contents !== 'string') return null;
    const all = file.contents.split('\n');
    // A file ending in a newline has no last line after it.
    if (all[all.length - 1] === '') all.pop();
    const shown = all.slice(0, PREVIEW_LINES);
    return { hidden: all.length - shown.length, tokens: highlightLines(shown, languageOf(file.path)) };
  }, [file]);
  if (!text)
    return (
      <div className="export-binary" data-testid="export-preview">
        {file.path} holds {formatBytes(fileBytes(file))} of binary data (weights): it is saved with the other
        files, but there is no text to show.
      </div>
    );
  return (
    <pre
      className="export-code"
      data-testid="export-preview"
      tabIndex={0}
      aria-label={`${file.path}, as exported`}
    >
      {text.tokens.map((tokens, i) => (
        <div key={i} className="code-line">
          <span className="line-no" aria-hidden="true">
            {i + 1}
          </span>
          <code>
            {tokens.map((t, j) =>
              t.kind === 'plain' ? (
                t.text
              ) : (
                <span key={j} className={`tok-${t.kind}`}>
                  {t.text}
                </span>
              ),
            )}
          </code>
        </div>
      ))}
      {text.hidden > 0 && (
        <div className="code-more">… {text.hidden} more lines (Copy and Save take the whole file)</div>
      )}
    </pre>
  );
}

/**
 * For the text data sets (word2vec, labelled sentences, TF-IDF): choose a corpus file — plain text
 * with one document per line, `label<TAB>sentence` lines, or CSV with a text and a label column. The
 * file is read here first as the run will read it, so the user sees its format, first documents and
 * vocabulary before training, and a bad file is refused with its line; a good one goes to the worker
 * under its name and the data set's `path` names it, as a CSV import does.
 */
import { useState } from 'react';
import { corpusUse } from '../../src/data/kinds/text-corpus-use';
import { previewCorpus } from '../../src/data/text/preview';
import type { CorpusPreview } from '../../src/data/text/preview';
import type { TextSource } from '../../src/data/text/source';
import type { DatasetSpec } from '../../src/graph/types';
import { pickFiles } from '../hosts/pick-files';
import type { TrainingClient } from '../run/client';

interface Props {
  spec: DatasetSpec;
  client: TrainingClient;
  onChange: (spec: DatasetSpec) => void;
}

const FORMAT_NAMES = {
  lines: 'one document per line',
  labelled: 'label<TAB>sentence per line',
  csv: 'CSV (text and label columns)',
} as const;

/** The spec's source fields, read loosely: every text kind declares them (see `text/source.ts`). */
const sourceOf = (spec: DatasetSpec) => spec as TextSource;

export function TextCorpusChooser({ spec, client, onChange }: Props) {
  const [preview, setPreview] = useState<{ name: string; preview: CorpusPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const use = corpusUse(spec);
  if (!use) return null;
  const { path, documents } = sourceOf(spec);

  const choose = async () => {
    const [file] = await pickFiles(['.txt', '.tsv', '.csv', 'text/plain', 'text/csv', '*']);
    if (!file) return;
    try {
      // A format set for another file would misread this one: detect it afresh.
      const { textColumn, labelColumn } = sourceOf(spec);
      const shown = previewCorpus(file.name, file.bytes, { textColumn, labelColumn }, use);
      client.addFiles({ [file.name]: file.bytes });
      setError(null);
      setPreview({ name: file.name, preview: shown });
      const next: Record<string, unknown> = { ...spec, path: file.name };
      delete next.documents;
      delete next.format;
      onChange(next as DatasetSpec);
    } catch (e) {
      setPreview(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const shown = preview && preview.name === path ? preview.preview : null;
  return (
    <div className="text-corpus" data-testid="text-corpus">
      <p className="doc">
        Corpus:{' '}
        {path ? (
          <>
            <code>{path}</code>
            {client.hasFile(path) ? (
              ' '
            ) : (
              <strong className="error"> not loaded in this window — choose it again. </strong>
            )}
          </>
        ) : documents ? (
          `${documents.length} documents written in the graph file. `
        ) : (
          'the built-in text. '
        )}
        <button className="link" data-testid="choose-corpus" onClick={() => void choose()}>
          Choose a corpus file…
        </button>
        {path && (
          <>
            {' '}
            <button
              className="link"
              data-testid="builtin-corpus"
              onClick={() => {
                const next: Record<string, unknown> = { ...spec };
                delete next.path;
                delete next.format;
                setPreview(null);
                onChange(next as DatasetSpec);
              }}
            >
              Use the built-in text
            </button>
          </>
        )}
      </p>
      {!path && !documents && (
        <p className="doc hint">
          Plain text (one document per line), {use.needLabels ? '' : 'or '}
          <code>label&lt;TAB&gt;sentence</code> lines, or CSV with a text and a label column
          {use.needLabels ? ' — every document needs a label' : ''}.
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="corpus-error">
          {error}
        </p>
      )}
      {shown && <PreviewTable preview={shown} />}
    </div>
  );
}

function PreviewTable({ preview }: { preview: CorpusPreview }) {
  return (
    <div data-testid="corpus-preview">
      <p className="doc">
        Read as <strong data-testid="corpus-format">{FORMAT_NAMES[preview.format]}</strong>:{' '}
        {preview.documents.toLocaleString()} document{preview.documents === 1 ? '' : 's'},{' '}
        {preview.distinctWords.toLocaleString()} distinct words; vocabulary{' '}
        <strong data-testid="corpus-vocabulary">{preview.vocabularySize.toLocaleString()}</strong> entries
        (with &lt;pad&gt; and &lt;unk&gt;)
        {preview.classes ? `; classes ${preview.classes.join(', ')}` : ''}.
      </p>
      <p className="doc">Most frequent: {preview.topWords.join(', ')}</p>
      <table className="corpus-lines">
        <tbody>
          {preview.first.map((d) => (
            <tr key={d.line}>
              <td className="line">{d.line}</td>
              {preview.classes && <td className="label">{d.label}</td>}
              <td className="text">{d.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

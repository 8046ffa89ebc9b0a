/**
 * CSV import: pick a file, see the first rows, map feature and label columns, choose label
 * encoding and normalization. The file is parsed in full before it is accepted, so a bad row is
 * reported with its line and column and nothing changes. Accepting it also says how the graph must
 * change to fit the data (Input shape, Target encoding and shape); the caller applies that as one
 * undoable edit. Ids feeding an Embedding are never normalized.
 */
import { useMemo, useState } from 'react';
import { parseCsv, previewCsv } from '../../src/data/csv';
import type { CsvOptions } from '../../src/data/csv';
import { DatasetError } from '../../src/data/dataset';
import type { DatasetSpec, GraphDoc } from '../../src/graph/types';
import { fitGraphToData, idInputs } from '../../src/run/fit-graph';
import type { GraphFit } from '../../src/run/fit-graph';
import { useHost } from '../hosts/HostContext';

type CsvSpec = Extract<DatasetSpec, { kind: 'csv' }>;

interface Props {
  /** The graph the data is for: what it needs to fit the data, and whether ids feed an Embedding. */
  doc: GraphDoc;
  /** The data set, its file, and the param changes that make the graph fit it. */
  onApply: (spec: CsvSpec, bytes: Uint8Array, fit: GraphFit) => void;
  onClose: () => void;
}

const PREVIEW_ROWS = 8;

export function CsvImport({ doc, onApply, onClose }: Props) {
  const host = useHost();
  // Ids must reach an Embedding as the whole numbers they are: no normalization for such a graph.
  const ids = useMemo(() => idInputs(doc), [doc]);
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array; text: string } | null>(null);
  const [header, setHeader] = useState<boolean | 'auto'>('auto');
  const [label, setLabel] = useState<number | null>(null);
  const [features, setFeatures] = useState<Set<number> | null>(null);
  const [encoding, setEncoding] = useState<'index' | 'numeric'>('index');
  const [normalize, setNormalize] = useState<'none' | 'standard' | 'minmax'>(
    ids.length ? 'none' : 'standard',
  );
  const [error, setError] = useState<string | null>(null);

  const preview = useMemo(() => {
    if (!file) return null;
    try {
      return previewCsv(file.text, PREVIEW_ROWS, header);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    }
  }, [file, header]);
  const columns = preview?.columns ?? [];
  const labelIndex = label ?? columns.length - 1;
  const featureSet = features ?? new Set(columns.map((_, i) => i).filter((i) => i !== labelIndex));

  const options = (): CsvOptions => ({
    header,
    labelColumn: preview?.header ? columns[labelIndex] : labelIndex,
    featureColumns: [...featureSet]
      .filter((i) => i !== labelIndex)
      .sort((a, b) => a - b)
      .map((i) => (preview?.header ? columns[i] : i)),
    labelEncoding: encoding,
    normalize: ids.length ? 'none' : normalize,
  });

  const apply = () => {
    if (!file) return;
    try {
      // Parse everything now so a bad row is reported here, before the graph changes.
      const data = parseCsv(file.text, { ...options(), name: file.name });
      onApply({ kind: 'csv', path: file.name, ...options() }, file.bytes, fitGraphToData(doc, data));
    } catch (e) {
      // The parser's message already names the line and column.
      setError(e instanceof DatasetError ? `${file.name}: ${e.message}` : String(e));
    }
  };

  return (
    <div className="sheet" role="dialog" data-testid="csv-dialog">
      <div className="csv-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Import a CSV data set</h2>
        <button
          data-testid="csv-file"
          onClick={async () => {
            const picked = await host.openDataFile(['.csv', 'text/csv', 'text/plain']);
            if (!picked) return;
            setFile({ ...picked, text: new TextDecoder('utf-8').decode(picked.bytes) });
            setLabel(null);
            setFeatures(null);
            setError(null);
          }}
        >
          {file ? `${file.name} — choose another…` : 'Choose a CSV file…'}
        </button>
        {preview && (
          <>
            <div className="csv-options">
              <label>
                header row{' '}
                <select
                  value={String(header)}
                  onChange={(e) => setHeader(e.target.value === 'auto' ? 'auto' : e.target.value === 'true')}
                >
                  <option value="auto">detect</option>
                  <option value="true">yes</option>
                  <option value="false">no</option>
                </select>
              </label>
              <label>
                label column{' '}
                <select
                  value={labelIndex}
                  data-testid="csv-label"
                  onChange={(e) => {
                    setLabel(Number(e.target.value));
                    setError(null);
                  }}
                >
                  {columns.map((c, i) => (
                    <option key={i} value={i}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                labels are{' '}
                <select value={encoding} onChange={(e) => setEncoding(e.target.value as 'index' | 'numeric')}>
                  <option value="index">classes</option>
                  <option value="numeric">numbers (regression)</option>
                </select>
              </label>
              <label>
                normalize{' '}
                <select
                  value={ids.length ? 'none' : normalize}
                  disabled={ids.length > 0}
                  data-testid="csv-normalize"
                  onChange={(e) => setNormalize(e.target.value as typeof normalize)}
                >
                  <option value="standard">standardize</option>
                  <option value="minmax">min–max</option>
                  <option value="none">none</option>
                </select>
              </label>
              {ids.length > 0 && (
                <span className="doc" data-testid="csv-ids-note">
                  not normalized: Input &quot;{ids[0].inputId}&quot; feeds ids to &quot;{ids[0].nodeId}&quot;
                </span>
              )}
            </div>
            <div className="csv-preview">
              <table data-testid="csv-preview">
                <thead>
                  <tr>
                    {columns.map((c, i) => (
                      <th
                        key={i}
                        className={i === labelIndex ? 'label-col' : featureSet.has(i) ? '' : 'unused'}
                      >
                        <label>
                          {i !== labelIndex && (
                            <input
                              type="checkbox"
                              checked={featureSet.has(i)}
                              onChange={(e) => {
                                const next = new Set(featureSet);
                                if (e.target.checked) next.add(i);
                                else next.delete(i);
                                setFeatures(next);
                              }}
                            />
                          )}
                          {c}
                          {i === labelIndex ? ' (label)' : ''}
                        </label>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r, i) => (
                    <tr key={i}>
                      {r.map((cell, j) => (
                        <td key={j}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {error && (
          <p className="error" data-testid="csv-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button onClick={onClose}>Cancel</button>
          <button className="primary" disabled={!file} data-testid="csv-apply" onClick={apply}>
            Use this data
          </button>
        </div>
      </div>
    </div>
  );
}

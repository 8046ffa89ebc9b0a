/**
 * CSV import: pick a file, see the first rows, map feature and label columns, choose label
 * encoding and normalization. The file is parsed in full before it is accepted, so a bad row is
 * reported with its line and column and nothing changes. Accepting it also says how the graph must
 * change to fit the data (Input shape, Target encoding and shape); the caller applies that as one
 * undoable edit. Ids feeding an Embedding are never normalized.
 *
 * Reading (the preview and the full parse) happens in a worker (`csv-client.ts`): a big file used
 * to freeze the editor for as long as it took. While it reads, a bar shows the rows and bytes read
 * so far, and "Cancel reading" terminates the worker; nothing reaches the graph until a read ends.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { parseCsv } from '../../src/data/csv';
import type { CsvOptions, CsvPreview, CsvProgress } from '../../src/data/csv';
import { DatasetError } from '../../src/data/dataset';
import type { DatasetSpec, GraphDoc } from '../../src/graph/types';
import { fitGraphToData, idInputs } from '../../src/run/fit-graph';
import type { GraphFit } from '../../src/run/fit-graph';
import { useHost } from '../hosts/HostContext';
import { CsvCancelled, CsvDataError, CsvReader } from './csv-client';

type CsvSpec = Extract<DatasetSpec, { kind: 'csv' }>;

interface Props {
  /** The graph the data is for: what it needs to fit the data, and whether ids feed an Embedding. */
  doc: GraphDoc;
  /** The data set, its file, and the param changes that make the graph fit it. */
  onApply: (spec: CsvSpec, bytes: Uint8Array, fit: GraphFit) => void;
  onClose: () => void;
}

const PREVIEW_ROWS = 8;

/** Files up to this size are parsed on the main thread when applied (well under 50 ms). */
const MAIN_THREAD_PARSE_BYTES = 256 * 1024;

/** A read under way: which one, and how far it has got. */
interface Reading {
  what: 'preview' | 'parse';
  progress: CsvProgress | null;
}

/** `12.3 MB`: sizes as the progress line shows them (characters of UTF-8 text, close to bytes). */
const megabytes = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function CsvImport({ doc, onApply, onClose }: Props) {
  const host = useHost();
  // Ids must reach an Embedding as the whole numbers they are: no normalization for such a graph.
  const ids = useMemo(() => idInputs(doc), [doc]);
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [header, setHeader] = useState<boolean | 'auto'>('auto');
  const [label, setLabel] = useState<number | null>(null);
  const [features, setFeatures] = useState<Set<number> | null>(null);
  const [encoding, setEncoding] = useState<'index' | 'numeric'>('index');
  const [normalize, setNormalize] = useState<'none' | 'standard' | 'minmax'>(
    ids.length ? 'none' : 'standard',
  );
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [reading, setReading] = useState<Reading | null>(null);
  const [stopped, setStopped] = useState(false);

  // One reader (and at most one worker) per open dialog; closing the dialog stops any read.
  const readerRef = useRef<CsvReader | null>(null);
  const reader = () => (readerRef.current ??= new CsvReader());
  useEffect(() => () => readerRef.current?.dispose(), []);

  const onProgress = (what: Reading['what']) => (progress: CsvProgress) => setReading({ what, progress });

  useEffect(() => {
    if (!file) return;
    let current = true;
    setPreview(null);
    setReading({ what: 'preview', progress: null });
    reader()
      .preview(file.bytes, PREVIEW_ROWS, header, onProgress('preview'))
      .then(
        (p) => {
          if (!current) return;
          setPreview(p);
          setReading(null);
        },
        (e: unknown) => {
          // A cancelled read was stopped on purpose (or replaced): it says nothing about the file.
          if (!current || e instanceof CsvCancelled) return;
          setReading(null);
          setError(e instanceof CsvDataError ? `${file.name}: ${e.message}` : String(e));
        },
      );
    return () => {
      current = false;
    };
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
    const opts = options();
    setError(null);
    setStopped(false);
    // A small file parses in a few milliseconds: do it here, so the dialog closes (or names the bad
    // row) at once. Only big files, which would block the page, go to the worker.
    if (file.bytes.length <= MAIN_THREAD_PARSE_BYTES) {
      try {
        const data = parseCsv(new TextDecoder('utf-8').decode(file.bytes), { ...opts, name: file.name });
        onApply({ kind: 'csv', path: file.name, ...opts }, file.bytes, fitGraphToData(doc, data));
      } catch (e) {
        // The parser's message already names the line and column.
        setError(e instanceof DatasetError ? `${file.name}: ${e.message}` : String(e));
      }
      return;
    }
    setReading({ what: 'parse', progress: null });
    // Parse everything now so a bad row is reported here, before the graph changes.
    reader()
      .parse(file.bytes, { ...opts, name: file.name }, onProgress('parse'))
      .then(
        (data) => {
          setReading(null);
          onApply({ kind: 'csv', path: file.name, ...opts }, file.bytes, fitGraphToData(doc, data));
        },
        (e: unknown) => {
          if (e instanceof CsvCancelled) return;
          setReading(null);
          // The parser's message already names the line and column.
          setError(e instanceof CsvDataError ? `${file.name}: ${e.message}` : String(e));
        },
      );
  };

  const cancelReading = () => {
    readerRef.current?.cancel();
    setReading(null);
    setStopped(true);
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
            setFile({ name: picked.name, bytes: picked.bytes });
            setLabel(null);
            setFeatures(null);
            setError(null);
            setStopped(false);
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
        {reading && (
          <div
            className="csv-reading"
            data-testid="csv-progress"
            data-what={reading.what}
            data-rows={reading.progress?.rows ?? 0}
            data-chars={reading.progress?.chars ?? 0}
            data-total={reading.progress?.total ?? 0}
          >
            <progress
              max={reading.progress?.total || 1}
              value={reading.progress ? reading.progress.chars : undefined}
            />{' '}
            <span>
              {reading.what === 'preview' ? 'Reading the first rows' : 'Reading the file'}
              {reading.progress
                ? `: ${reading.progress.rows.toLocaleString('en-US')} rows, ${megabytes(reading.progress.chars)} of ${megabytes(reading.progress.total)}`
                : '…'}
            </span>{' '}
            <button data-testid="csv-cancel" onClick={cancelReading}>
              Cancel reading
            </button>
          </div>
        )}
        {stopped && !reading && (
          <p className="doc" data-testid="csv-stopped">
            Reading stopped; nothing changed.
          </p>
        )}
        {error && (
          <p className="error" data-testid="csv-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button onClick={onClose}>Cancel</button>
          <button
            className="primary"
            disabled={!file || !preview || reading !== null}
            data-testid="csv-apply"
            onClick={apply}
          >
            Use this data
          </button>
        </div>
      </div>
    </div>
  );
}

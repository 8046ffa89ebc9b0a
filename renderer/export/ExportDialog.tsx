/**
 * The Export dialog: every format of the export registry; for the chosen one, what it cannot carry
 * (one line per node, before anything is written) or why it refuses the graph, then the files it
 * would write with a preview of each, Copy per file, and Save for the whole export (a zip in web
 * mode, a folder in Electron).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ExportResult } from '../../src/export/registry';
import type { ExportLimitation } from '../../src/export/types';
import type { GraphDoc } from '../../src/graph/types';
import { formatBytes } from '../../src/run/memory';
import type { Host } from '../host';
import { interop } from '../interop/client';
import type { ExportFormatInfo } from '../interop/protocol';
import { CodePreview, fileBytes } from './CodePreview';
import { exportFolderName } from './zip';
import './export.css';

interface Props {
  host: Host;
  /** The graph to export, with its trained weights when they are to go along. */
  doc: () => Promise<GraphDoc>;
  /** Graph name for the folder or archive. */
  name: string;
  /** Leave weights out. */
  noWeights: boolean;
  onNoWeightsChange: (v: boolean) => void;
  /** The format shown first (null: the first of the registry). */
  initialFormat: string | null;
  onFormatChange: (id: string) => void;
  onClose: () => void;
  notify: (message: string) => void;
}

/** A limitation as one line naming its node. */
export function limitationLine(l: ExportLimitation): string {
  return l.nodeId ? `node "${l.nodeId}": ${l.message}` : l.message;
}

/** The dialog. */
export function ExportDialog(props: Props) {
  const { host, notify, onClose } = props;
  const [formats, setFormats] = useState<ExportFormatInfo[] | null>(interop().known?.exports ?? null);
  const [formatId, setFormatId] = useState(props.initialFormat);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [fileIndex, setFileIndex] = useState(0);
  const [saving, setSaving] = useState(false);
  const format = formats?.find((f) => f.id === formatId) ?? formats?.[0] ?? null;
  const { doc, noWeights } = props;

  useEffect(() => {
    let current = true;
    interop()
      .formats()
      .then(
        (f) => current && setFormats(f.exports),
        (e: unknown) =>
          current &&
          setResult({ ok: false, message: `the export formats could not be loaded: ${String(e)}` }),
      );
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    if (!format) return;
    let current = true;
    setResult(null);
    setFileIndex(0);
    void (async () => {
      let r: ExportResult;
      try {
        r = await interop().exportGraph(format.id, await doc(), { noWeights });
      } catch (e) {
        // A format bug must not leave the dialog spinning: say it, offer nothing to save.
        r = { ok: false, message: `${format.title} failed: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (current) setResult(r);
    })();
    return () => {
      current = false;
    };
  }, [format, doc, noWeights]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const choose = (id: string) => {
    setFormatId(id);
    props.onFormatChange(id);
  };
  const files = useMemo(() => (result?.ok ? result.files : []), [result]);
  // Measured once per export: a file of weights as text can be tens of MB.
  const sizes = useMemo(() => files.map(fileBytes), [files]);
  const file = files[Math.min(fileIndex, files.length - 1)];
  const folder = exportFolderName(props.name, format?.id ?? 'export');
  const title = format?.title ?? 'the export';

  const copy = async () => {
    if (typeof file?.contents !== 'string') return;
    try {
      await navigator.clipboard.writeText(file.contents);
      notify(`Copied ${file.path} to the clipboard`);
    } catch {
      notify('The clipboard refused: select the text and copy it instead');
    }
  };
  const save = async () => {
    if (!result?.ok) return;
    setSaving(true);
    try {
      const where = await host.saveExport(folder, result.files);
      if (where) notify(`Saved ${result.files.length} file(s) of ${title} to ${where}`);
    } catch (e) {
      notify(
        `Not saved: ${e instanceof Error ? e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(e)}`,
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="sheet export-sheet" onClick={onClose}>
      <div
        className="export-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Export"
        data-testid="export-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="export-head">
          <h2>Export “{props.name.replace(/\.json$/i, '')}”</h2>
          <button className="export-close" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="export-body">
          <nav className="export-formats" aria-label="Formats">
            {formats?.map((f) => (
              <button
                key={f.id}
                className={f.id === format?.id ? 'active' : ''}
                aria-pressed={f.id === format?.id}
                data-testid={`export-format-${f.id}`}
                title={f.description}
                onClick={() => choose(f.id)}
              >
                <strong>{f.title}</strong>
                <span>{f.description}</span>
              </button>
            ))}
          </nav>
          <section className="export-main">
            {!result && <p className="export-wait">Preparing {title}…</p>}
            {result && !result.ok && (
              <div className="export-refused" role="alert" data-testid="export-refused">
                <strong>{title} cannot be written for this graph; nothing is written.</strong>
                <div className="export-refused-why">{result.message}</div>
              </div>
            )}
            {result?.ok && (
              <>
                {result.limitations.length ? (
                  <div className="export-limits" data-testid="export-limitations">
                    <strong>Not carried over ({result.limitations.length}):</strong>
                    <ul>
                      {result.limitations.map((l, i) => (
                        <li key={i}>{limitationLine(l)}</li>
                      ))}
                    </ul>
                  </div>
                ) : (
                  <p className="export-whole" data-testid="export-limitations">
                    {title} carries the whole graph.
                  </p>
                )}
                <div className="export-files" role="tablist" aria-label="Files">
                  {files.map((f, i) => (
                    <button
                      key={f.path}
                      role="tab"
                      aria-selected={f === file}
                      data-testid={`export-file-${f.path}`}
                      onClick={() => setFileIndex(i)}
                    >
                      {f.path} <small>{formatBytes(sizes[i])}</small>
                    </button>
                  ))}
                </div>
                {file && (
                  <div className="export-file">
                    <div className="export-file-bar">
                      <code>{file.path}</code>
                      <span className="spacer" />
                      {typeof file.contents === 'string' && (
                        <button data-testid="export-copy" onClick={() => void copy()}>
                          Copy
                        </button>
                      )}
                      <button
                        data-testid="export-download-file"
                        title="Download this file alone"
                        onClick={() => host.exportFile(file.path, file.contents)}
                      >
                        Download
                      </button>
                    </div>
                    <CodePreview file={file} />
                  </div>
                )}
              </>
            )}
          </section>
        </div>
        <footer className="dialog-buttons export-foot">
          <label className="export-weights">
            <input
              type="checkbox"
              checked={!noWeights}
              onChange={(e) => props.onNoWeightsChange(!e.target.checked)}
            />
            Include trained weights
          </label>
          <span className="spacer" />
          <button onClick={onClose}>Close</button>
          <button
            className="primary"
            data-testid="export-save"
            disabled={!result?.ok || saving}
            onClick={() => void save()}
            title={
              host.kind === 'electron'
                ? `Write the files into a new folder ${folder}`
                : `Download ${folder}.zip`
            }
          >
            {host.kind === 'electron' ? 'Save as folder…' : 'Save as .zip'}
          </button>
        </footer>
      </div>
    </div>
  );
}

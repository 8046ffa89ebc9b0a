/** A list of problems (or notes) under a title, one line each, until the user closes it. */
import { useEffect } from 'react';
import './import.css';

/** What the dialog shows. */
export interface Report {
  title: string;
  lines: string[];
}

/** The dialog; Escape, OK or a click outside closes it. */
export function ReportDialog({ report, onClose }: { report: Report; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="sheet" onClick={onClose}>
      <div
        className="report-dialog"
        role="alertdialog"
        aria-label={report.title}
        data-testid="report-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>{report.title}</h2>
        <ul data-testid="report-lines">
          {report.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
        <div className="dialog-buttons">
          <button className="primary" autoFocus onClick={onClose}>
            OK
          </button>
        </div>
      </div>
    </div>
  );
}

/** The toolbar's Examples, Recent and Export menus: choosing an entry opens or exports. */
import { EXPORT_FORMATS } from '../../src/export/registry';
import { exampleNames, exampleTitle } from '../examples';
import type { EditorFiles } from '../editor/useFileActions';

/** The Examples… drop-down: choosing one opens it. */
export function ExamplesMenu({ files }: { files: EditorFiles }) {
  return (
    <select
      aria-label="Examples"
      data-testid="examples-menu"
      value=""
      onChange={(e) => e.target.value && files.openExample(e.target.value)}
    >
      <option value="">Examples…</option>
      {exampleNames().map((n) => (
        <option key={n} value={n}>
          {exampleTitle(n)}
        </option>
      ))}
    </select>
  );
}

/** The Recent… drop-down: the files opened or saved last. */
export function RecentMenu({ files }: { files: EditorFiles }) {
  return (
    <select
      aria-label="Recent files"
      data-testid="recent-menu"
      value=""
      onChange={(e) => e.target.value && void files.openRecent(e.target.value)}
    >
      <option value="">Recent…</option>
      {files.recent.length === 0 && <option disabled>No recent files</option>}
      {files.recent.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

/** The narrow drop-down beside the Export button: every format of the export registry. */
export function ExportMenu({ files }: { files: EditorFiles }) {
  return (
    <select
      aria-label="Export as"
      title="Export as… (every format the graph can go to)"
      className="split"
      data-testid="export-menu"
      value=""
      onChange={(e) => e.target.value && void files.exportAs(e.target.value)}
    >
      <option value="" hidden>
        ▾
      </option>
      {EXPORT_FORMATS.map((f) => (
        <option key={f.id} value={f.id} title={f.description}>
          {f.title}
        </option>
      ))}
    </select>
  );
}

/** The toolbar's Examples and Recent menus, and the Export split button's "as…" half. */
import { interop } from '../interop/client';
import { runCommand } from '../commands/registry';
import type { CommandContext } from '../commands/registry';
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

/**
 * The second half of the Export split button: "Export" downloads the graph file, "as…" opens the
 * Export dialog with every format of the export registry.
 */
export function ExportAsButton({ ctx }: { ctx: CommandContext }) {
  // Known once the export worker has started (the dialog starts it); a fair summary until then.
  const formats =
    interop()
      .known?.exports.map((f) => f.title)
      .join(', ') ?? 'PyTorch, Keras, ONNX, TensorFlow.js, graph JSON, Graphviz';
  return (
    <button
      className="split"
      aria-label="Export as…"
      title={`Export as… ${formats}: see the files, copy, save (Ctrl+E)`}
      data-testid="export-menu"
      onClick={() => runCommand('exportAs', ctx)}
    >
      as…
    </button>
  );
}

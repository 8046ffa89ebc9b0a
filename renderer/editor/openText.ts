/** Opening a graph from text, the one way every source (file, recent, example, recovery) loads one. */
import { formatDiagnostic } from '../../src/graph/diagnostics';
import { parseGraphText } from '../../src/graph/load';
import { clearHistory } from '../store/store';
import type { EditorStore } from '../store/store';

/** Opens text as a graph; a file that is not a graph changes nothing and says why. */
export function openText(store: EditorStore, text: string, fileName: string): string | null {
  const { doc, diagnostics } = parseGraphText(text);
  if (!doc) return `${fileName} cannot be opened: ${diagnostics.map(formatDiagnostic).join('; ')}`;
  store.getState().load(doc, fileName);
  clearHistory(store);
  return null;
}

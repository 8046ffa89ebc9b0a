/** Opening a graph from text, the one way every source (file, recent, example, recovery) loads one. */
import { formatDiagnostic } from '../../src/graph/diagnostics';
import { parseGraphText } from '../../src/graph/load';
import { autoLayout } from '../store/layout';
import { clearHistory } from '../store/store';
import type { EditorStore } from '../store/store';

/**
 * Opens text as a graph; a file that is not a graph changes nothing and says why.
 *
 * @param parsed - The text already parsed, by a caller that had to look at it first (parsing a
 *   big graph twice cost a second long task on open).
 */
export function openText(
  store: EditorStore,
  text: string,
  fileName: string,
  parsed: ReturnType<typeof parseGraphText> = parseGraphText(text),
): string | null {
  const { doc, diagnostics } = parsed;
  if (!doc) return `${fileName} cannot be opened: ${diagnostics.map(formatDiagnostic).join('; ')}`;
  // A graph written without positions (`backprop-studio import`, or by hand) is laid out rather
  // than drawn as one pile at the origin.
  const unplaced = doc.nodes.length > 0 && !doc.nodes.some((n) => Object.hasOwn(doc.layout.nodes, n.id));
  store.getState().load(unplaced ? { ...doc, layout: autoLayout(doc) } : doc, fileName);
  clearHistory(store);
  return null;
}

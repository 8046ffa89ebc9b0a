/** Expanding a layer into its ops, or collapsing them back, without losing what it learned. */
import type { TrainingClient } from '../run/client';
import type { EditorStore } from '../store/store';

/**
 * Expands or collapses layer `id` in place; weights trained so far go into the document first so
 * the new nodes start from them. Resolves to why it could not, or null.
 */
export async function regroupNode(
  store: EditorStore,
  client: TrainingClient,
  action: 'expand' | 'collapse',
  id: string,
): Promise<string | null> {
  const state = client.run.getState().state;
  if (state === 'paused' || state === 'done') store.getState().setWeights(await client.exportWeights());
  return action === 'expand' ? store.getState().expandNode(id) : store.getState().collapseNode(id);
}

/** Keeps the training worker's graph in step with the document. */
import { useEffect } from 'react';
import type { TrainingClient } from '../run/client';
import type { EditorStore } from '../store/store';

/** Quiet time after an edit before the worker gets the document, in milliseconds. */
const SYNC_DELAY_MS = 150;

/**
 * The worker trains what the document says: send it every change of nodes, edges or training.
 * A document that replaced another (opened, new) is always sent, so training starts from its own
 * weights or initializers even when its graph equals the one trained so far.
 */
export function useWorkerSync(store: EditorStore, client: TrainingClient): void {
  useEffect(() => {
    void client.sync(store.getState().doc);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let replaced = false;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.doc === previous.doc) return;
      if (state.loads !== previous.loads) {
        replaced = true;
        // At once, not after the sync delay: nothing of the old graph may show next to the new one
        // (its problems, charts, values), not even an answer the worker sends about it meanwhile.
        client.detach(true);
      }
      clearTimeout(timer);
      timer = setTimeout(() => {
        const force = replaced;
        replaced = false;
        void client.sync(store.getState().doc, force);
      }, SYNC_DELAY_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, client]);
}

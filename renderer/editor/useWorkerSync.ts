/** Keeps the training worker's graph in step with the document. */
import { useEffect } from 'react';
import type { TrainingClient } from '../run/client';
import type { EditorStore } from '../store/store';
import { clearRun } from '../run/runStore';

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
        // Clear the old graph's run at once, not after the sync delay: nothing of it may show next to
        // the new graph (its problems, charts, values).
        client.run.setState((s) => clearRun(s, true));
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

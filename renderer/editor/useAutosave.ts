/** Crash recovery: the working copy is kept shortly after each edit and offered at the next start. */
import { useEffect, useState } from 'react';
import { serializeGraph } from '../../src/graph/load';
import type { Autosave, Host } from '../host';
import type { EditorStore } from '../store/store';

/** Quiet time after an edit before the working copy is written, in milliseconds. */
const AUTOSAVE_DELAY_MS = 500;

/**
 * Autosaves unsaved work, warns before a window with unsaved work closes, and returns the working
 * copy the last session left behind (null once dismissed).
 */
export function useAutosave(store: EditorStore, host: Host): [Autosave | null, () => void] {
  const [recovery, setRecovery] = useState<Autosave | null>(null);

  useEffect(() => {
    host
      .readAutosave()
      .then((saved) => {
        if (saved && saved.text !== serializeGraph(store.getState().doc)) setRecovery(saved);
      })
      .catch(() => undefined);
  }, [host, store]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.doc === previous.doc || !state.dirty) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const s = store.getState();
        void host
          .writeAutosave({ text: serializeGraph(s.doc), fileName: s.fileName, savedAt: Date.now() })
          .catch(() => undefined);
      }, AUTOSAVE_DELAY_MS);
    });
    const warn = (e: BeforeUnloadEvent) => {
      if (store.getState().dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      window.removeEventListener('beforeunload', warn);
    };
  }, [host, store]);

  return [recovery, () => setRecovery(null)];
}

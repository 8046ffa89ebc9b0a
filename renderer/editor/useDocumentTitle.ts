/** The window title: the file (or graph) name, marked while there are unsaved changes. */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { EditorStore } from '../store/store';

/** Keeps `document.title` in step with the open file. */
export function useDocumentTitle(store: EditorStore): void {
  const fileName = useStore(store, (s) => s.fileName);
  const docName = useStore(store, (s) => s.doc.name);
  const dirty = useStore(store, (s) => s.dirty);
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${fileName ?? docName ?? 'Untitled'} — Backprop Studio`;
  }, [dirty, fileName, docName]);
}

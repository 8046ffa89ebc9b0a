/** Hands a cached MNIST to the worker as soon as a graph that trains on it is open, so it opens ready. */
import { useEffect } from 'react';
import { useHost } from '../hosts/HostContext';
import type { TrainingClient } from '../run/client';
import type { EditorStore } from '../store/store';
import { imageSetOf, loadCachedImageSet } from './image-sets';

/** Watches the document's data set; a downloadable set found in the cache goes to the worker. */
export function useImageSetPreload(store: EditorStore, client: TrainingClient): void {
  const cache = useHost().dataCache;
  useEffect(() => {
    const check = () => {
      const set = imageSetOf(store.getState().doc.training.dataset);
      if (set) void loadCachedImageSet(client, set, cache);
    };
    check();
    return store.subscribe((state, previous) => {
      if (state.doc.training.dataset !== previous.doc.training.dataset) check();
    });
  }, [store, client, cache]);
}

/**
 * Keeps the whole graph in the page address (see address.ts): opening such a link restores the
 * graph exactly, and the address follows every edit and every graph opened, so copying it at any
 * moment shares what is on the canvas.
 */
import { useEffect, useRef } from 'react';
import type { GraphDoc } from '../../src/graph/types';
import { openText } from '../editor/openText';
import type { EditorStore } from '../store/store';
import { ADDRESS_LIMIT, decodeGraph, encodeGraph, readFragment, writeFragment } from './address';

/** Quiet time after an edit before the address is rewritten: typing a number rewrites it once. */
const ADDRESS_DELAY_MS = 400;

/** The address with `fragment` (or none) and without `?example=`, which the fragment supersedes. */
function addressWith(fragment: string): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('example');
  url.hash = '';
  return `${url.pathname}${url.search}${fragment}`;
}

/** The encoded graph if it fits in an address: first whole, then without trained weights. */
async function fittingEncoding(doc: GraphDoc): Promise<string | null> {
  const whole = await encodeGraph(doc);
  if (whole.length <= ADDRESS_LIMIT) return whole;
  if (!doc.weights) return null;
  const { weights: _weights, ...bare } = doc;
  const light = await encodeGraph(bare);
  return light.length <= ADDRESS_LIMIT ? light : null;
}

/**
 * Opens the graph of the address at start (and when only the fragment of the address changes),
 * then keeps the address in step with the document.
 *
 * @param notify - Says why a linked graph cannot be opened, or (once) that a graph is too big for the address.
 * @param fitSoon - Fits the view once a linked graph is drawn.
 */
export function useAddressGraph(
  store: EditorStore,
  notify: (message: string) => void,
  fitSoon: () => void,
): void {
  // The callbacks through a ref: a new identity must not re-run the effect, which would reopen
  // the address's graph over the edits of the last moments.
  const callbacks = useRef({ notify, fitSoon });
  callbacks.current = { notify, fitSoon };
  useEffect(() => {
    const notifyNow = (message: string) => callbacks.current.notify(message);
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let written = window.location.hash;
    let warned = false;
    let unsubscribe: (() => void) | undefined;

    const open = async (): Promise<void> => {
      const fragment = readFragment(window.location.hash);
      if (!fragment) return;
      try {
        const text = await decodeGraph(fragment.graph);
        if (disposed) return;
        const problem = openText(store, text, fragment.fileName ?? 'linked-graph.json');
        if (problem) notifyNow(problem);
        else callbacks.current.fitSoon();
      } catch {
        notifyNow('The graph in the address cannot be read (the link was cut or changed)');
      }
    };

    const write = async (): Promise<void> => {
      const { doc, fileName } = store.getState();
      if (doc.nodes.length === 0) {
        written = '';
        window.history.replaceState(window.history.state, '', addressWith(''));
        return;
      }
      const encoded = await fittingEncoding(doc);
      if (disposed || store.getState().doc !== doc) return;
      if (encoded === null) {
        written = '';
        window.history.replaceState(window.history.state, '', addressWith(''));
        if (!warned) notifyNow('This graph is too big for the address: save it to a file to share it');
        warned = true;
        return;
      }
      written = writeFragment(encoded, fileName);
      window.history.replaceState(window.history.state, '', addressWith(written));
    };

    // A pasted link that differs only after '#' does not reload the page: open it here.
    const onHashChange = () => {
      if (window.location.hash !== written) void open();
    };

    // Start following the document only after the linked graph is in, so it is never overwritten
    // by the graph that was there before it.
    void open().then(() => {
      if (disposed) return;
      unsubscribe = store.subscribe((state, previous) => {
        if (state.doc === previous.doc && state.fileName === previous.fileName) return;
        clearTimeout(timer);
        timer = setTimeout(() => void write(), ADDRESS_DELAY_MS);
      });
      window.addEventListener('hashchange', onHashChange);
    });
    return () => {
      disposed = true;
      clearTimeout(timer);
      unsubscribe?.();
      window.removeEventListener('hashchange', onHashChange);
    };
  }, [store]);
}

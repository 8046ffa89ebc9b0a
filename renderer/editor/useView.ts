/** The view's own state and actions: theme (kept across reloads), shortcuts sheet, fitting the graph. */
import { useMemo, useState } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { ViewActions } from '../commands/registry';
import { FIT, FIT_ALL_LIMIT, openingFit, openingViewport, wholeViewport } from '../canvas/fit';
import { NODE_ESTIMATE } from '../canvas/useFlowElements';
import { VISIBLE_ONLY_ABOVE } from '../canvas/in-view';
import type { EditorStore } from '../store/store';
import { ownValue } from '../../src/graph/own';

/** Time for React Flow to draw new positions before fitting them, in milliseconds. */
const DRAW_DELAY_MS = 50;

/** Where a node without a position is drawn. */
const ORIGIN = { x: 0, y: 0 };

/** Where the chosen theme is kept, so it survives a reload. */
export const THEME_KEY = 'backprop-studio.theme';

/** The theme chosen before (kept in localStorage), else the system's. */
function initialDark(): boolean {
  try {
    const saved = window.localStorage?.getItem(THEME_KEY);
    if (saved === 'dark' || saved === 'light') return saved === 'dark';
  } catch {
    // Storage can be refused (privacy settings, sandboxed frames): fall back to the system theme.
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** Keeps the theme for the next start; a refused storage only costs the memory of it. */
function rememberDark(dark: boolean): void {
  try {
    window.localStorage?.setItem(THEME_KEY, dark ? 'dark' : 'light');
  } catch {
    // See initialDark.
  }
}

/**
 * The theme, whether the shortcuts sheet is open, and the view actions commands use.
 *
 * @param store - The document's store: `fitSoon` reads the graph just loaded from it.
 */
export function useView(store: EditorStore): { dark: boolean; shortcutsOpen: boolean; view: ViewActions } {
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const [dark, setDark] = useState(initialDark);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const view = useMemo(
    (): ViewActions => ({
      // A big graph is fitted from the document's positions: React Flow knows only the nodes near
      // the view (see GraphCanvas), so its own fit would fit those.
      fit: () => {
        const { doc } = store.getState();
        if (doc.nodes.length <= VISIBLE_ONLY_ABOVE) return void flow.fitView({ ...FIT, duration: 200 });
        const nodes = doc.nodes.map((n) => ({ position: ownValue(doc.layout.nodes, n.id) ?? ORIGIN }));
        const { width, height, minZoom } = flowStore.getState();
        const viewport = wholeViewport(nodes, NODE_ESTIMATE, { width, height, minZoom });
        if (viewport) void flow.setViewport(viewport, { duration: 200 });
      },
      // Called in the task that loaded or laid out the graph: the opening view is set at once, from
      // the document's positions, so the first render draws the nodes that will be in view. A small
      // graph is fitted again once drawn (its nodes' measured sizes make a tighter fit); a big one
      // keeps the first view, as a second fit would draw a second set of nodes.
      fitSoon: () => {
        const { doc } = store.getState();
        const nodes = doc.nodes.map((n) => ({
          id: n.id,
          position: ownValue(doc.layout.nodes, n.id) ?? ORIGIN,
        }));
        const { width, height, minZoom } = flowStore.getState();
        const viewport = openingViewport(nodes, NODE_ESTIMATE, { width, height, minZoom });
        if (viewport) void flow.setViewport(viewport);
        if (!viewport || nodes.length <= FIT_ALL_LIMIT)
          setTimeout(() => void flow.fitView(openingFit(flow.getNodes())), DRAW_DELAY_MS);
      },
      toggleTheme: () =>
        setDark((d) => {
          rememberDark(!d);
          return !d;
        }),
      toggleShortcuts: () => setShortcutsOpen((v) => !v),
      closeShortcuts: () => setShortcutsOpen(false),
      shortcutsOpen: () => shortcutsOpen,
    }),
    [flow, flowStore, store, shortcutsOpen],
  );
  return { dark, shortcutsOpen, view };
}

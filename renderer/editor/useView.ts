/** The view's own state and actions: theme (kept across reloads), shortcuts sheet, fitting the graph. */
import { useMemo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { ViewActions } from '../commands/registry';
import { FIT, openingFit } from '../canvas/fit';

/** Time for React Flow to draw new positions before fitting them, in milliseconds. */
const DRAW_DELAY_MS = 50;

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

/** The theme, whether the shortcuts sheet is open, and the view actions commands use. */
export function useView(): { dark: boolean; shortcutsOpen: boolean; view: ViewActions } {
  const flow = useReactFlow();
  const [dark, setDark] = useState(initialDark);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const view = useMemo(
    (): ViewActions => ({
      fit: () => void flow.fitView({ ...FIT, duration: 200 }),
      fitSoon: () => void setTimeout(() => flow.fitView(openingFit(flow.getNodes())), DRAW_DELAY_MS),
      toggleTheme: () =>
        setDark((d) => {
          rememberDark(!d);
          return !d;
        }),
      toggleShortcuts: () => setShortcutsOpen((v) => !v),
      closeShortcuts: () => setShortcutsOpen(false),
      shortcutsOpen: () => shortcutsOpen,
    }),
    [flow, shortcutsOpen],
  );
  return { dark, shortcutsOpen, view };
}

/** The view's own state and actions: theme, shortcuts sheet, fitting the graph. */
import { useMemo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { ViewActions } from '../commands/registry';
import { FIT } from '../canvas/fit';

/** Time for React Flow to draw new positions before fitting them, in milliseconds. */
const DRAW_DELAY_MS = 50;

/** The theme, whether the shortcuts sheet is open, and the view actions commands use. */
export function useView(): { dark: boolean; shortcutsOpen: boolean; view: ViewActions } {
  const flow = useReactFlow();
  const [dark, setDark] = useState(
    () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
  );
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const view = useMemo(
    (): ViewActions => ({
      fit: () => void flow.fitView({ ...FIT, duration: 200 }),
      fitSoon: () => void setTimeout(() => flow.fitView(FIT), DRAW_DELAY_MS),
      toggleTheme: () => setDark((d) => !d),
      toggleShortcuts: () => setShortcutsOpen((v) => !v),
      closeShortcuts: () => setShortcutsOpen(false),
      shortcutsOpen: () => shortcutsOpen,
    }),
    [flow, shortcutsOpen],
  );
  return { dark, shortcutsOpen, view };
}

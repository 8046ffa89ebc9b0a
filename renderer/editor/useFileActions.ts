/**
 * The editor's file actions: new, open, open recent, examples, save, save as, export and files
 * the platform opened. All of them go through the host; none touches a file API itself.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { exportGraph } from '../../src/export/registry';
import { serializeGraph } from '../../src/graph/load';
import { EXAMPLES } from '../examples';
import type { Host, OpenedFile } from '../host';
import type { TrainingClient } from '../run/client';
import type { FileActions } from '../commands/registry';
import { clearHistory, emptyDoc } from '../store/store';
import type { EditorStore } from '../store/store';
import { openText } from './openText';

/** The file actions and the recent list the toolbar shows. */
export interface EditorFiles extends FileActions {
  recent: string[];
  openRecent(name: string): Promise<void>;
  openExample(name: string): void;
  /** Exports the graph in a format of the export registry, one download per file. */
  exportAs(formatId: string): Promise<void>;
  /** Loads a file the platform opened on its own; whether it was taken. */
  takeFile(file: OpenedFile): boolean;
}

interface Options {
  store: EditorStore;
  host: Host;
  client: TrainingClient;
  /** Whether trained weights go into the saved file. */
  saveWeights: boolean;
  /** Tells the user something went wrong. */
  notify(message: string): void;
  /** Fits the view once the opened graph is drawn. */
  fitSoon(): void;
}

/** A file name from a graph's name: no `.json`, nothing a file system could dislike. */
const exportName = (name: string) => `${name.replace(/\.json$/, '').replace(/[^\w.-]+/g, '-')}.json`;

/** File actions for one editor window. */
export function useFileActions({ store, host, client, saveWeights, notify, fitSoon }: Options): EditorFiles {
  const [recent, setRecent] = useState<string[]>([]);
  const refreshRecent = useCallback(
    () => void host.recentFiles().then(setRecent, () => setRecent([])),
    [host],
  );
  useEffect(refreshRecent, [refreshRecent]);

  // An empty canvas has nothing to lose, even when edits (a drop, then undo) left it "unsaved".
  const confirmDiscard = useCallback(() => {
    const { dirty, doc } = store.getState();
    return !dirty || doc.nodes.length === 0 || window.confirm('Discard unsaved changes?');
  }, [store]);

  /** Trained weights in the document before saving, when the user wants them kept. */
  const withWeights = useCallback(async () => {
    const state = client.run.getState();
    const trained = state.state === 'paused' || state.state === 'done' || (state.progress?.step ?? 0) > 0;
    if (saveWeights && trained) store.getState().setWeights(await client.exportWeights());
  }, [client, store, saveWeights]);

  return useMemo(
    (): EditorFiles => ({
      recent,
      newGraph() {
        if (!confirmDiscard()) return;
        store.getState().load(emptyDoc(), null);
        clearHistory(store);
      },
      async open() {
        if (!confirmDiscard()) return;
        const file = await host.openFile();
        if (!file) return;
        const problem = openText(store, file.text, file.name);
        if (problem) return notify(problem);
        await host.addRecent(file);
        refreshRecent();
        fitSoon();
      },
      async openRecent(name) {
        if (!confirmDiscard()) return;
        const file = await host.openRecent(name);
        if (!file) return notify(`${name} is no longer available`);
        const problem = openText(store, file.text, file.name);
        if (problem) notify(problem);
        else fitSoon();
      },
      openExample(name) {
        if (!confirmDiscard()) return;
        const problem = openText(store, EXAMPLES[name], `${name}.json`);
        if (problem) notify(problem);
        fitSoon();
      },
      async save(ask) {
        await withWeights();
        const text = serializeGraph(store.getState().doc);
        const name = await host.saveFile(store.getState().fileName, text, ask);
        if (!name) return;
        store.getState().markSaved(name);
        await host.addRecent({ name, text });
        refreshRecent();
        await host.clearAutosave().catch(() => undefined);
      },
      exportJson() {
        const { doc, fileName } = store.getState();
        host.exportFile(exportName(fileName ?? doc.name ?? 'graph'), serializeGraph(doc));
      },
      async exportAs(formatId) {
        const result = await exportGraph(formatId, store.getState().doc, { noWeights: !saveWeights });
        if (!result.ok) return notify(result.message);
        for (const file of result.files) host.exportFile(file.path, file.contents);
        if (result.limitations.length)
          notify(`Exported. Not included: ${result.limitations.map((l) => l.message).join('; ')}`);
      },
      takeFile(file) {
        if (!confirmDiscard()) return false;
        const problem = openText(store, file.text, file.name);
        if (problem) notify(problem);
        return !problem;
      },
    }),
    [recent, store, host, confirmDiscard, withWeights, refreshRecent, notify, fitSoon],
  );
}

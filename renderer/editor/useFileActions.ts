/**
 * The editor's file actions: new, open (graphs, and models of other frameworks imported), files
 * dropped on the window, open recent, examples, save, save as, export and files the platform
 * opened. All of them go through the host; none touches a file API itself.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseGraphText, serializeGraph } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { EXAMPLES } from '../examples';
import type { Host, OpenedFile, PickedFile } from '../host';
import { openAccept } from '../import/chosen';
import type { Opened } from '../import/chosen';
import { interop } from '../interop/client';
import { FilesTooBigError } from '../import/readChosen';
import type { TrainingClient } from '../run/client';
import type { FileActions } from '../commands/registry';
import { clearHistory, emptyDoc } from '../store/store';
import type { EditorStore } from '../store/store';
import { CHECK_APART_ABOVE, checkedDoc } from './checked';
import { openText } from './openText';

/** The file actions and the recent list the toolbar shows. */
export interface EditorFiles extends FileActions {
  recent: string[];
  openRecent(name: string): Promise<void>;
  openExample(name: string): void;
  /** The graph as it would be saved: with its trained weights when they are kept. */
  docForExport(): Promise<GraphDoc>;
  /** Opens the files the user dropped on the window: a graph, or a model with its files. */
  openChosen(files: PickedFile[]): Promise<void>;
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
  /** Lists problems (or notes) one line each, under a title, until the user closes the list. */
  report(title: string, lines: string[]): void;
  /** Opens the Export dialog. */
  openExport(): void;
  /** Fits the view to the graph just loaded; called in the task that loaded it. */
  fitSoon(): void;
}

/** A file name from a graph's name: no `.json`, nothing a file system could dislike. */
const exportName = (name: string) => `${name.replace(/\.json$/, '').replace(/[^\w.-]+/g, '-')}.json`;

/** When the importers are asked for after the editor starts: after the backend's first probe. */
const PREFETCH_FORMATS_MS = 4000;

/** Resolves in a later task (after the browser had the chance to paint and handle input). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The importers, for the Open dialog's file types: at once when known, else after at most a second
 * of the worker starting; null after that (the dialog then offers every file). The picker must
 * open while the click that asked for it still counts as the user's.
 */
async function importersSoon() {
  const client = interop();
  if (client.known) return client.known.importers;
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000));
  return Promise.race([
    client.formats().then(
      (f) => f.importers,
      () => null,
    ),
    late,
  ]);
}

/** File actions for one editor window. */
export function useFileActions({
  store,
  host,
  client,
  saveWeights,
  notify,
  report,
  openExport,
  fitSoon,
}: Options): EditorFiles {
  const [recent, setRecent] = useState<string[]>([]);
  const refreshRecent = useCallback(
    () => void host.recentFiles().then(setRecent, () => setRecent([])),
    [host],
  );
  useEffect(refreshRecent, [refreshRecent]);
  // Ask the interop worker for its importers once the page has settled, so the first Open… shows
  // its dialog at once instead of waiting up to a second for the worker to load (measured 0.6–0.9 s).
  useEffect(() => {
    const timer = setTimeout(
      () =>
        void interop()
          .formats()
          .catch(() => undefined),
      PREFETCH_FORMATS_MS,
    );
    return () => clearTimeout(timer);
  }, []);

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

  /** The document with the worker's trained weights (not written into the store: exporting is no edit). */
  const docForExport = useCallback(async (): Promise<GraphDoc> => {
    const { doc } = store.getState();
    const state = client.run.getState();
    const trained = state.state === 'paused' || state.state === 'done' || (state.progress?.step ?? 0) > 0;
    if (!saveWeights || !trained) return doc;
    const weights = await client.exportWeights();
    return Object.keys(weights).length ? { ...doc, weights } : doc;
  }, [client, store, saveWeights]);

  /**
   * Opens picked or dropped files: a graph as any graph is opened, a model imported as an unsaved
   * graph (laid out, history cleared as after an open). On failure nothing changes and every
   * problem is listed.
   */
  const openChosen = useCallback(
    async (files: PickedFile[]) => {
      // One graph file opens at once; only models (and anything unclear) wait for the worker.
      const only = files.length === 1 && /\.json$/i.test(files[0].name) ? files[0] : null;
      const text = only ? new TextDecoder().decode(only.bytes) : null;
      // Parsed once, here, and handed to openText.
      const parsed = text !== null ? parseGraphText(text) : null;
      const opened: Opened =
        only && text !== null && parsed?.doc
          ? { kind: 'graph', name: only.name, text }
          : await interop().readChosenFiles(files);
      if (opened.kind === 'failed') return report(opened.title, opened.lines);
      // Asked after reading: a file that cannot be opened does not cost the user a question.
      if (!confirmDiscard()) return;
      if (opened.kind === 'graph') {
        // Reading, checking and drawing a big graph are each a long stretch of work: this lets the
        // page paint and take input between them rather than holding it for all in one task.
        await nextTask();
        if (parsed?.doc && parsed.doc.nodes.length > CHECK_APART_ABOVE) {
          checkedDoc(parsed.doc);
          await nextTask();
        }
        const problem = openText(store, opened.text, opened.name, parsed?.doc ? parsed : undefined);
        if (problem) return notify(problem);
        // In the task that loaded it: the first render is then of the opening view.
        fitSoon();
        await host.addRecent({ name: opened.name, text: opened.text });
        refreshRecent();
      } else {
        store.getState().load(opened.doc, opened.fileName);
        clearHistory(store);
        fitSoon();
        // Not saved anywhere yet: Save asks, and closing the window warns.
        store.getState().markDirty();
        const nodes = opened.doc.nodes.length;
        if (opened.notes.length)
          report(`Imported ${opened.source} as ${nodes} nodes, with notes`, opened.notes);
        else notify(`Imported ${opened.source} as ${nodes} nodes (not saved yet)`);
      }
    },
    [store, host, confirmDiscard, notify, report, refreshRecent, fitSoon],
  );

  return useMemo(
    (): EditorFiles => ({
      recent,
      newGraph() {
        if (!confirmDiscard()) return;
        store.getState().load(emptyDoc(), null);
        clearHistory(store);
      },
      async open() {
        let files: PickedFile[] | null;
        try {
          files = await host.openFiles(openAccept(await importersSoon()));
        } catch (e) {
          if (e instanceof FilesTooBigError) return report('Too big to open', e.lines);
          throw e;
        }
        if (files) await openChosen(files);
      },
      openChosen,
      docForExport,
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
      exportAs: openExport,
      takeFile(file) {
        if (!confirmDiscard()) return false;
        const problem = openText(store, file.text, file.name);
        if (problem) notify(problem);
        return !problem;
      },
    }),
    [
      recent,
      store,
      host,
      confirmDiscard,
      withWeights,
      refreshRecent,
      notify,
      report,
      openExport,
      openChosen,
      docForExport,
      fitSoon,
    ],
  );
}

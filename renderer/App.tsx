/** The editor window: toolbar, palette, canvas, inspector and problems panel. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useStore } from 'zustand';
import { checkGraph } from '../src/graph/check';
import { parseGraphText, serializeGraph } from '../src/graph/load';
import { formatDiagnostic } from '../src/graph/diagnostics';
import type { Diagnostic } from '../src/graph/diagnostics';
import { GraphCanvas } from './canvas/GraphCanvas';
import { Palette } from './panels/Palette';
import { Inspector } from './panels/Inspector';
import { ProblemsPanel } from './panels/ProblemsPanel';
import { clearHistory, emptyDoc, redo, undo } from './store/store';
import type { Clipboard, EditorStore } from './store/store';
import { EXAMPLES, exampleNames, exampleTitle } from './examples';
import { desktopApi, downloadText } from './host';
import type { Autosave, Host } from './host';
import { RunContext } from './canvas/NodeReadout';
import type { TrainingClient } from './run/client';
import { RunControls } from './training/RunControls';
import { StepPanel } from './training/StepPanel';
import { TrainingPanel } from './training/TrainingPanel';

/** Opens text as a graph; a file that is not a graph changes nothing and says why. */
export function openText(store: EditorStore, text: string, fileName: string): string | null {
  const { doc, diagnostics } = parseGraphText(text);
  if (!doc) return `${fileName} cannot be opened: ${diagnostics.map(formatDiagnostic).join('; ')}`;
  store.getState().load(doc, fileName);
  clearHistory(store);
  return null;
}

/** How the view fits a graph: a margin, and never larger than 100 %. */
const FIT = { padding: 0.15, maxZoom: 1 };

const SHORTCUTS: [string, string][] = [
  ['Ctrl/⌘ Z', 'Undo'],
  ['Shift Ctrl/⌘ Z, Ctrl/⌘ Y', 'Redo'],
  ['Ctrl/⌘ C / V / D', 'Copy / paste / duplicate'],
  ['Delete, Backspace', 'Delete selection'],
  ['Ctrl/⌘ A', 'Select all'],
  ['Ctrl/⌘ S, Shift Ctrl/⌘ S', 'Save, Save as'],
  ['Ctrl/⌘ O, Ctrl/⌘ N', 'Open, New'],
  ['F', 'Fit view'],
  ['L', 'Auto-layout'],
  ['Space', 'Train / pause'],
  ['→ / ←', 'Step mode: next / previous'],
  ['?', 'This sheet'],
];

function Editor({ store, host, client }: { store: EditorStore; host: Host; client: TrainingClient }) {
  const doc = useStore(store, (s) => s.doc);
  const fileName = useStore(store, (s) => s.fileName);
  const dirty = useStore(store, (s) => s.dirty);
  const check = useMemo(() => checkGraph(doc), [doc]);
  const flow = useReactFlow();
  const [toast, setToast] = useState<string | null>(null);
  const [dark, setDark] = useState(
    () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
  );
  const [showKeys, setShowKeys] = useState(false);
  const clipboard = useRef<Clipboard | null>(null);
  const [recovery, setRecovery] = useState<Autosave | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const [sideTab, setSideTab] = useState<'inspector' | 'training'>('inspector');
  const [saveWeights, setSaveWeights] = useState(true);
  const [stepExample, setStepExample] = useState<number | null>(0);
  const learningRate = useStore(store, (s) => s.doc.training.optimizer.learningRate);

  // The worker trains what the document says: send it every change of nodes, edges or training.
  // A document that replaced another (opened, new) is always sent, so training starts from its own
  // weights or initializers even when its graph equals the one trained so far.
  useEffect(() => {
    void client.sync(store.getState().doc);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let replaced = false;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.doc === previous.doc) return;
      if (state.loads !== previous.loads) replaced = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const force = replaced;
        replaced = false;
        void client.sync(store.getState().doc, force);
      }, 150);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, client]);

  // A NaN or infinity: show the report and the node where it first appeared.
  useEffect(
    () =>
      client.run.subscribe((state, previous) => {
        const report = state.nonfinite;
        if (!report || report === previous.nonfinite) return;
        setSideTab('training');
        if (report.nodeId) {
          store.getState().select([report.nodeId]);
          const p = store.getState().doc.layout.nodes[report.nodeId];
          if (p) flow.setCenter(p.x + 90, p.y + 40, { zoom: 1, duration: 300 });
        }
      }),
    [client, store, flow],
  );

  /** Trained weights in the document before saving, when the user wants them kept. */
  const withWeights = useCallback(async () => {
    const state = client.run.getState();
    const trained = state.state === 'paused' || state.state === 'done' || (state.progress?.step ?? 0) > 0;
    if (saveWeights && trained) store.getState().setWeights(await client.exportWeights());
  }, [client, store, saveWeights]);

  const toggleStepMode = useCallback(() => {
    if (client.run.getState().stepMode) client.leaveStepMode();
    else client.walk(stepExample);
  }, [client, stepExample]);

  /** Expands or collapses a layer in place, keeping what it has learned. */
  const regroup = useCallback(
    async (action: 'expand' | 'collapse', id: string) => {
      const state = client.run.getState().state;
      if (state === 'paused' || state === 'done') store.getState().setWeights(await client.exportWeights());
      const problem =
        action === 'expand' ? store.getState().expandNode(id) : store.getState().collapseNode(id);
      if (problem) setToast(problem);
    },
    [client, store],
  );
  const refreshRecent = useCallback(
    () => void host.recentFiles().then(setRecent, () => setRecent([])),
    [host],
  );
  useEffect(refreshRecent, [refreshRecent]);

  // Crash recovery: offer the working copy the last session left behind.
  useEffect(() => {
    host
      .readAutosave()
      .then((saved) => {
        if (saved && saved.text !== serializeGraph(store.getState().doc)) setRecovery(saved);
      })
      .catch(() => undefined);
  }, [host, store]);

  // Autosave shortly after each edit while there are unsaved changes.
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
      }, 500);
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

  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${fileName ?? doc.name ?? 'Untitled'} — Backprop Studio`;
  }, [dirty, fileName, doc.name]);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(t);
  }, [toast]);

  const confirmDiscard = useCallback(
    () => !store.getState().dirty || window.confirm('Discard unsaved changes?'),
    [store],
  );
  const save = useCallback(
    async (ask: boolean) => {
      await withWeights();
      const text = serializeGraph(store.getState().doc);
      const name = await host.saveFile(store.getState().fileName, text, ask);
      if (!name) return;
      store.getState().markSaved(name);
      await host.addRecent({ name, text });
      refreshRecent();
      await host.clearAutosave().catch(() => undefined);
    },
    [host, store, refreshRecent, withWeights],
  );
  const openFile = useCallback(async () => {
    if (!confirmDiscard()) return;
    const file = await host.openFile();
    if (!file) return;
    const problem = openText(store, file.text, file.name);
    if (problem) setToast(problem);
    else {
      await host.addRecent(file);
      refreshRecent();
      setTimeout(() => flow.fitView(FIT), 50);
    }
  }, [host, store, flow, confirmDiscard, refreshRecent]);
  const openRecent = useCallback(
    async (name: string) => {
      if (!confirmDiscard()) return;
      const file = await host.openRecent(name);
      if (!file) {
        setToast(`${name} is no longer available`);
        return;
      }
      const problem = openText(store, file.text, file.name);
      if (problem) setToast(problem);
      else setTimeout(() => flow.fitView(FIT), 50);
    },
    [host, store, flow, confirmDiscard],
  );
  const openExample = useCallback(
    (name: string) => {
      if (!confirmDiscard()) return;
      const problem = openText(store, EXAMPLES[name], `${name}.json`);
      if (problem) setToast(problem);
      setTimeout(() => flow.fitView(FIT), 50);
    },
    [store, flow, confirmDiscard],
  );
  const pick = useCallback(
    (d: Diagnostic) => {
      if (!d.nodeId) return;
      store.getState().select([d.nodeId]);
      const p = store.getState().doc.layout.nodes[d.nodeId];
      if (p) flow.setCenter(p.x + 90, p.y + 40, { zoom: 1.2, duration: 300 });
    },
    [store, flow],
  );

  // Electron's native menu sends the same commands the shortcuts run.
  useEffect(() => {
    const api = desktopApi();
    if (!api) return;
    const offMenu = api.onMenuCommand((command) => {
      const s = store.getState();
      const actions: Record<typeof command, () => void> = {
        new: () => {
          if (!confirmDiscard()) return;
          s.load(emptyDoc(), null);
          clearHistory(store);
        },
        open: () => void openFile(),
        save: () => void save(false),
        saveAs: () => void save(true),
        undo: () => undo(store),
        redo: () => redo(store),
        layout: () => s.layout(),
        fit: () => flow.fitView({ ...FIT, duration: 200 }),
        shortcuts: () => setShowKeys(true),
      };
      actions[command]();
    });
    const offFile = api.onFileOpened((file) => {
      if (!confirmDiscard()) return;
      const problem = openText(store, file.text, file.name);
      if (problem) setToast(problem);
    });
    return () => {
      offMenu();
      offFile();
    };
  }, [store, flow, save, openFile, confirmDiscard]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, select, textarea')) return;
      const mod = e.ctrlKey || e.metaKey;
      const s = store.getState();
      const key = e.key.toLowerCase();
      const fit = () => setTimeout(() => flow.fitView(FIT), 50);
      const run = client.run.getState();
      const stepBy = (delta: number) => {
        const m = run.stepMode!;
        const last = (m.walk?.events.length ?? 1) - 1;
        if (delta > 0 && m.index >= last) client.walk(stepExample);
        else client.seek(m.index + delta);
      };
      // [matches, action]; the first match runs and the browser's default is suppressed.
      const commands: [boolean, () => void][] = [
        [mod && key === 'z' && !e.shiftKey, () => undo(store)],
        [mod && ((key === 'z' && e.shiftKey) || key === 'y'), () => redo(store)],
        [mod && key === 'c', () => void (clipboard.current = s.copySelection())],
        [mod && key === 'v', () => void (clipboard.current && s.paste(clipboard.current))],
        [mod && key === 'd', () => void s.duplicateSelection()],
        [mod && key === 'a', () => s.selectAll()],
        [mod && key === 's', () => void save(e.shiftKey)],
        [mod && key === 'o', () => void openFile()],
        [
          mod && key === 'n',
          () => {
            if (!confirmDiscard()) return;
            s.load(emptyDoc(), null);
            clearHistory(store);
          },
        ],
        [!mod && (e.key === 'Delete' || e.key === 'Backspace'), () => s.removeSelected()],
        [!mod && key === 'f', () => flow.fitView({ ...FIT, duration: 200 })],
        [
          !mod && key === 'l',
          () => {
            s.layout();
            fit();
          },
        ],
        [e.key === '?', () => setShowKeys((v) => !v)],
        [!mod && e.key === 'ArrowRight' && !!run.stepMode, () => stepBy(1)],
        [!mod && e.key === 'ArrowLeft' && !!run.stepMode, () => stepBy(-1)],
        [
          !mod && e.key === ' ' && run.state !== 'empty',
          () => (run.state === 'running' ? client.pause() : client.play()),
        ],
        [e.key === 'Escape', () => setShowKeys(false)],
      ];
      const command = commands.find(([matches]) => matches);
      if (!command) return;
      e.preventDefault();
      command[1]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, flow, save, openFile, confirmDiscard, client, stepExample]);

  return (
    <div className={`app ${dark ? 'dark' : 'light'}`}>
      <header className="toolbar">
        <strong className="brand">Backprop Studio</strong>
        <button
          onClick={() => {
            if (!confirmDiscard()) return;
            store.getState().load(emptyDoc(), null);
            clearHistory(store);
          }}
        >
          New
        </button>
        <button onClick={() => void openFile()}>Open…</button>
        <button onClick={() => void save(false)}>Save</button>
        <button onClick={() => void save(true)}>Save as…</button>
        <button
          title="Download the graph as a JSON file"
          data-testid="export-json"
          onClick={() => {
            const d = store.getState().doc;
            const name = (fileName ?? d.name ?? 'graph').replace(/\.json$/, '').replace(/[^\w.-]+/g, '-');
            downloadText(`${name}.json`, serializeGraph(d));
          }}
        >
          Export
        </button>
        <select
          aria-label="Examples"
          data-testid="examples-menu"
          value=""
          onChange={(e) => e.target.value && openExample(e.target.value)}
        >
          <option value="">Examples…</option>
          {exampleNames().map((n) => (
            <option key={n} value={n}>
              {exampleTitle(n)}
            </option>
          ))}
        </select>
        <select
          aria-label="Recent files"
          data-testid="recent-menu"
          value=""
          onChange={(e) => e.target.value && void openRecent(e.target.value)}
        >
          <option value="">Recent…</option>
          {recent.length === 0 && <option disabled>No recent files</option>}
          {recent.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <span className="sep" />
        <RunControls client={client} onStepMode={toggleStepMode} />
        <span className="sep" />
        <button onClick={() => undo(store)} title="Undo (Ctrl+Z)">
          ↶
        </button>
        <button onClick={() => redo(store)} title="Redo (Shift+Ctrl+Z)">
          ↷
        </button>
        <button
          onClick={() => {
            store.getState().layout();
            setTimeout(() => flow.fitView(FIT), 50);
          }}
          title="Auto-layout (L)"
        >
          Layout
        </button>
        <button onClick={() => flow.fitView({ ...FIT, duration: 200 })} title="Fit view (F)">
          Fit
        </button>
        <button onClick={() => setDark((d) => !d)} title="Dark or light theme">
          {dark ? '☀' : '☾'}
        </button>
        <button onClick={() => setShowKeys(true)} title="Shortcuts (?)">
          ?
        </button>
        <span className="file" data-testid="file-name">
          {dirty ? '• ' : ''}
          {fileName ?? doc.name ?? 'Untitled'}
        </span>
      </header>
      <main className="workspace">
        <Palette
          onAdd={(op) =>
            store
              .getState()
              .addNode(op, flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 }))
          }
        />
        <RunContext.Provider value={client.run}>
          <div className="center">
            <GraphCanvas
              store={store}
              check={check}
              onRefused={(r) => setToast(`Connection refused: ${r}`)}
              dark={dark}
            />
            <StepPanel
              client={client}
              learningRate={learningRate}
              example={stepExample}
              onExampleChange={setStepExample}
            />
          </div>
        </RunContext.Provider>
        <div className="side">
          <nav className="tabs" role="tablist">
            <button
              role="tab"
              aria-selected={sideTab === 'inspector'}
              data-testid="tab-inspector"
              onClick={() => setSideTab('inspector')}
            >
              Inspector
            </button>
            <button
              role="tab"
              aria-selected={sideTab === 'training'}
              data-testid="tab-training"
              onClick={() => setSideTab('training')}
            >
              Training
            </button>
          </nav>
          {sideTab === 'inspector' ? (
            <>
              <Inspector
                store={store}
                onExpand={(id) => void regroup('expand', id)}
                onCollapse={(id) => void regroup('collapse', id)}
              />
              <ProblemsPanel diagnostics={check.diagnostics} onPick={pick} />
            </>
          ) : (
            <TrainingPanel
              store={store}
              client={client}
              saveWeights={saveWeights}
              onSaveWeightsChange={setSaveWeights}
            />
          )}
        </div>
      </main>
      {recovery && (
        <div className="recovery" role="alert" data-testid="recovery">
          Unsaved work{recovery.fileName ? ` on ${recovery.fileName}` : ''} from{' '}
          {new Date(recovery.savedAt).toLocaleString()} was not saved.
          <button
            data-testid="restore-autosave"
            onClick={() => {
              const problem = openText(store, recovery.text, recovery.fileName ?? 'recovered.json');
              if (problem) setToast(problem);
              else store.getState().markDirty();
              setRecovery(null);
            }}
          >
            Restore
          </button>
          <button
            data-testid="discard-autosave"
            onClick={() => {
              void host.clearAutosave();
              setRecovery(null);
            }}
          >
            Discard
          </button>
        </div>
      )}
      {toast && (
        <div className="toast" role="status" data-testid="toast">
          {toast}
        </div>
      )}
      {showKeys && (
        <div className="sheet" role="dialog" onClick={() => setShowKeys(false)} data-testid="shortcuts">
          <div>
            <h2>Keyboard shortcuts</h2>
            <table>
              <tbody>
                {SHORTCUTS.map(([k, v]) => (
                  <tr key={k}>
                    <td>
                      <kbd>{k}</kbd>
                    </td>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}

export function App({ store, host, client }: { store: EditorStore; host: Host; client: TrainingClient }) {
  return (
    <ReactFlowProvider>
      <Editor store={store} host={host} client={client} />
    </ReactFlowProvider>
  );
}

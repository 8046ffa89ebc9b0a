/** The editor window: toolbar, palette, canvas with step mode, side panel, and its dialogs. */
import { useCallback, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useStore } from 'zustand';
import type { Remedy } from '../../src/coach/types';
import { CanvasBoundary } from '../canvas/CanvasBoundary';
import { GraphCanvas } from '../canvas/GraphCanvas';
import { CoachBanner } from '../coach/CoachBanner';
import { useCoach } from '../coach/useCoach';
import { RecoveryBanner } from '../dialogs/RecoveryBanner';
import { ShortcutsSheet } from '../dialogs/ShortcutsSheet';
import { Toast } from '../dialogs/Toast';
import { ExportDialog } from '../export/ExportDialog';
import { ReportDialog } from '../import/ReportDialog';
import type { Report } from '../import/ReportDialog';
import { useFileDrop } from '../import/useFileDrop';
import type { Host } from '../host';
import { SidePanel } from '../layout/SidePanel';
import type { SideTab } from '../layout/SidePanel';
import { Palette } from '../panels/Palette';
import type { TrainingClient } from '../run/client';
import { RunContext } from '../run/RunContext';
import { clearHistory, emptyDoc, undo } from '../store/store';
import type { Clipboard, EditorStore } from '../store/store';
import { Toolbar } from '../toolbar/Toolbar';
import { StepPanel } from '../training/StepPanel';
import { EmptyStart } from '../start/EmptyStart';
import { useAddressGraph } from '../share/useAddressGraph';
import { useCheckedDoc } from './checked';
import { openText } from './openText';
import { regroupNode } from './regroup';
import { useAutosave } from './useAutosave';
import { useCommands } from './useCommands';
import { useDocumentTitle } from './useDocumentTitle';
import { useFileActions } from './useFileActions';
import { useFocusNode } from './useFocusNode';
import { useNonfiniteReport } from './useNonfiniteReport';
import { useToast } from './useToast';
import { useView } from './useView';
import { useWorkerSync } from './useWorkerSync';
import { useImageSetPreload } from '../training/useImageSetPreload';

interface Props {
  store: EditorStore;
  host: Host;
  client: TrainingClient;
}

/** The editor; must sit inside a `ReactFlowProvider`. */
export function Editor({ store, host, client }: Props) {
  const doc = useStore(store, (s) => s.doc);
  const check = useCheckedDoc(doc);
  const learningRate = doc.training.optimizer.learningRate;
  const flow = useReactFlow();
  const [toast, notify] = useToast();
  const [sideTab, setSideTab] = useState<SideTab>('inspector');
  const [saveWeights, setSaveWeights] = useState(true);
  const [stepExample, setStepExample] = useState<number | null>(0);
  const clipboard = useRef<Clipboard | null>(null);
  const { dark, shortcutsOpen, view } = useView(store);
  const focusNode = useFocusNode(store);
  const [report, setReport] = useState<Report | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportFormat, setExportFormat] = useState<string | null>(null);
  const showReport = useCallback((title: string, lines: string[]) => setReport({ title, lines }), []);
  const openExport = useCallback(() => setExporting(true), []);
  const files = useFileActions({
    store,
    host,
    client,
    saveWeights,
    notify,
    report: showReport,
    openExport,
    fitSoon: view.fitSoon,
  });
  const dropping = useFileDrop(
    useCallback((dropped) => void files.openChosen(dropped), [files]),
    useCallback((lines) => showReport('Too big to open', lines), [showReport]),
  );
  const ctx = useCommands({ store, client, host, files, view, clipboard, stepExample });
  const [recovery, dismissRecovery] = useAutosave(store, host);
  useWorkerSync(store, client);
  useImageSetPreload(store, client);
  useDocumentTitle(store);
  useAddressGraph(store, notify, view.fitSoon);

  // A NaN or infinity: show the report and the node where it first appeared.
  useNonfiniteReport(
    client.run,
    useCallback(
      (nodeId) => {
        setSideTab('training');
        if (nodeId) focusNode(nodeId, 1);
      },
      [focusNode],
    ),
  );

  // The coach: what is wrong with the run and what to try, on the canvas and in the Training tab.
  const advice = useCoach(check.graph, client.run);
  const showNodes = useCallback(
    (ids: string[]) => {
      store.getState().select(ids);
      if (ids[0]) focusNode(ids[0], 1);
    },
    [store, focusNode],
  );
  const applyRemedy = useCallback(
    (remedy: Remedy) => {
      store.getState().applyChanges(remedy);
      notify(`Applied “${remedy.label}”: press Train to try it (Ctrl+Z undoes it).`);
    },
    [store, notify],
  );

  const toggleStepMode = useCallback(() => {
    if (client.run.getState().stepMode) client.leaveStepMode();
    else client.walk(stepExample);
  }, [client, stepExample]);

  const regroup = useCallback(
    (action: 'expand' | 'collapse', id: string) =>
      void regroupNode(store, client, action, id).then((problem) => problem && notify(problem)),
    [store, client, notify],
  );

  return (
    <div className={`app ${dark ? 'dark' : 'light'}`}>
      <Toolbar ctx={ctx} files={files} client={client} onStepMode={toggleStepMode} dark={dark} />
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
            <CanvasBoundary
              resetKey={doc}
              onUndo={() => undo(store)}
              onNewGraph={() => {
                store.getState().load(emptyDoc(), null);
                clearHistory(store);
              }}
            >
              <GraphCanvas
                store={store}
                check={check}
                onRefused={(r) => notify(`Connection refused: ${r}`)}
                dark={dark}
                onFit={view.fit}
                overlay={
                  <>
                    <EmptyStart store={store} onOpenExample={files.openExample} />
                    <CoachBanner
                      advice={advice}
                      onOpen={(a) => {
                        setSideTab('training');
                        showNodes(a.nodeIds);
                      }}
                    />
                  </>
                }
              />
            </CanvasBoundary>
            <StepPanel
              client={client}
              learningRate={learningRate}
              example={stepExample}
              onExampleChange={setStepExample}
              docName={doc.name}
            />
          </div>
        </RunContext.Provider>
        <SidePanel
          store={store}
          client={client}
          tab={sideTab}
          onTab={setSideTab}
          diagnostics={check.diagnostics}
          onPick={(d) => d.nodeId && focusNode(d.nodeId, 1.2)}
          onRegroup={regroup}
          saveWeights={saveWeights}
          onSaveWeightsChange={setSaveWeights}
          coach={{ advice, onApply: applyRemedy, onShow: showNodes }}
        />
      </main>
      {recovery && (
        <RecoveryBanner
          recovery={recovery}
          onRestore={() => {
            const problem = openText(store, recovery.text, recovery.fileName ?? 'recovered.json');
            if (problem) notify(problem);
            else store.getState().markDirty();
            dismissRecovery();
          }}
          onDiscard={() => {
            void host.clearAutosave();
            dismissRecovery();
          }}
        />
      )}
      {exporting && (
        <ExportDialog
          host={host}
          doc={files.docForExport}
          name={store.getState().fileName ?? doc.name ?? 'graph'}
          noWeights={!saveWeights}
          onNoWeightsChange={(v) => setSaveWeights(!v)}
          initialFormat={exportFormat}
          onFormatChange={setExportFormat}
          onClose={() => setExporting(false)}
          notify={notify}
        />
      )}
      {report && <ReportDialog report={report} onClose={() => setReport(null)} />}
      {dropping && (
        <div className="drop-target" data-testid="drop-target">
          Drop a graph, or a model (Keras, TensorFlow.js, ONNX) with its weight files, to open it
        </div>
      )}
      {toast && <Toast message={toast} />}
      {shortcutsOpen && <ShortcutsSheet onClose={view.closeShortcuts} />}
    </div>
  );
}

/** The editor window with React Flow's provider around it. */
import { ReactFlowProvider } from '@xyflow/react';
import { Editor } from './editor/Editor';
import type { Host } from './host';
import { HostContext } from './hosts/HostContext';
import type { TrainingClient } from './run/client';
import type { EditorStore } from './store/store';

/** The whole renderer for one store, host and training client. */
export function App({ store, host, client }: { store: EditorStore; host: Host; client: TrainingClient }) {
  return (
    <HostContext.Provider value={host}>
      <ReactFlowProvider>
        <Editor store={store} host={host} client={client} />
      </ReactFlowProvider>
    </HostContext.Provider>
  );
}

/**
 * Drawing edges on the canvas: an allowed connection goes into the document; a refused one says
 * why, whether React Flow reports it as a connection or only as a drop that was not valid.
 */
import { useCallback } from 'react';
import type { Connection, IsValidConnection, OnConnectEnd } from '@xyflow/react';
import { checkConnection } from '../store/connect';
import type { EditorStore } from '../store/store';

/** React Flow's connection callbacks for `store`; `onRefused` hears why an edge was refused. */
export function useConnections(store: EditorStore, onRefused: (reason: string) => void) {
  const onConnect = useCallback(
    (c: Connection) => {
      const verdict = store.getState().connect({
        source: c.source,
        sourcePort: c.sourceHandle,
        target: c.target,
        targetPort: c.targetHandle,
      });
      if (!verdict.ok) onRefused(verdict.reason);
    },
    [store, onRefused],
  );

  // A refused drop never reaches onConnect; say why here instead.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_event, state) => {
      if (state.isValid !== false || !state.fromNode || !state.toNode || !state.fromHandle) return;
      const fromSource = state.fromHandle.type === 'source';
      const verdict = checkConnection(store.getState().doc, {
        source: fromSource ? state.fromNode.id : state.toNode.id,
        sourcePort: fromSource ? state.fromHandle.id : (state.toHandle?.id ?? null),
        target: fromSource ? state.toNode.id : state.fromNode.id,
        targetPort: fromSource ? (state.toHandle?.id ?? null) : state.fromHandle.id,
      });
      if (!verdict.ok) onRefused(verdict.reason);
    },
    [store, onRefused],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (c) =>
      checkConnection(store.getState().doc, {
        source: c.source,
        sourcePort: c.sourceHandle,
        target: c.target,
        targetPort: c.targetHandle,
      }).ok,
    [store],
  );

  return { onConnect, onConnectEnd, isValidConnection };
}

/** Selecting a node and bringing it to the middle of the view. */
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { EditorStore } from '../store/store';
import { ownValue } from '../../src/graph/own';

/** Roughly half a node box: centring its corner would put the node off-centre. */
const HALF_NODE = { x: 90, y: 40 };

/** A function that selects node `id` and centres the view on it at `zoom`. */
export function useFocusNode(store: EditorStore): (id: string, zoom: number) => void {
  const flow = useReactFlow();
  return useCallback(
    (id, zoom) => {
      store.getState().select([id]);
      const p = ownValue(store.getState().doc.layout.nodes, id);
      if (p) void flow.setCenter(p.x + HALF_NODE.x, p.y + HALF_NODE.y, { zoom, duration: 300 });
    },
    [store, flow],
  );
}

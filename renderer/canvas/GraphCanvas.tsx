/** The computation-graph canvas: React Flow over the store's document. */
import { useCallback, useMemo, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import type {
  Connection,
  EdgeChange,
  IsValidConnection,
  NodeChange,
  OnConnectEnd,
  OnSelectionChangeParams,
} from '@xyflow/react';
import { useStore } from 'zustand';
import { getOp } from '../../src/ops/registry';
import { formatShape } from '../../src/shapes/shape';
import { edgeId } from '../../src/graph/types';
import { checkConnection } from '../store/connect';
import type { EditorStore } from '../store/store';
import type { CheckResult } from '../../src/graph/check';
import { CATEGORY_STYLE } from './categories';
import { OpNode } from './OpNode';
import { GradEdge } from './GradEdge';
import { PULSE_EDGE_LIMIT } from './GradEdge';
import type { GradFlowEdge } from './GradEdge';
import type { OpFlowNode } from './OpNode';

/** Node types live at module scope so React Flow never re-creates them. */
const nodeTypes = { op: OpNode };
const edgeTypes = { grad: GradEdge };

/** Longest-path depth of every node from the graph's sources (cycles, if any, are cut). */
export function nodeDepths(doc: { nodes: { id: string }[]; edges: { source: string; target: string }[] }) {
  const incoming = new Map<string, string[]>();
  for (const e of doc.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(incoming.get(id) ?? []).map(visit)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const n of doc.nodes) visit(n.id);
  return depth;
}

/** MIME type of a palette drag. */
export const OP_DRAG_TYPE = 'application/x-backprop-op';

interface Props {
  store: EditorStore;
  check: CheckResult;
  onRefused: (reason: string) => void;
  dark: boolean;
}

export function GraphCanvas({ store, check, onRefused, dark }: Props) {
  const doc = useStore(store, (s) => s.doc);
  const selection = useStore(store, (s) => s.selection);
  const flow = useReactFlow();
  // Fit only a graph that is there at start: on an empty canvas React Flow would otherwise fit to the
  // first dropped node and move the view under the user's hands.
  const [fitOnOpen] = useState(() => store.getState().doc.nodes.length > 0);
  // Positions while a drag is in progress; committed to the document (one undo step) on drop.
  const [dragging, setDragging] = useState<Record<string, { x: number; y: number }>>({});
  // Sizes React Flow measured; controlled nodes must carry them back (the minimap and fitView use them).
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});

  const problemsByNode = useMemo(() => {
    const map = new Map<string, { messages: string[]; errors: number }>();
    for (const d of check.diagnostics) {
      if (!d.nodeId) continue;
      const entry = map.get(d.nodeId) ?? { messages: [], errors: 0 };
      entry.messages.push(d.message);
      if (d.severity === 'error') entry.errors++;
      map.set(d.nodeId, entry);
    }
    return map;
  }, [check]);

  const selected = useMemo(() => new Set(selection), [selection]);
  // Node data changes only with the document; a drag or a selection reuses the same data objects,
  // so the memoized node components of the other 299 nodes do not re-render.
  const dataById = useMemo(() => {
    const map = new Map<string, OpFlowNode['data']>();
    for (const n of doc.nodes) {
      const spec = getOp(n.op);
      if (!spec) continue;
      const shape = check.shapes.get(n.id);
      const problems = problemsByNode.get(n.id);
      map.set(n.id, {
        label: n.label ?? n.id,
        spec,
        params: n.params,
        shape: shape ? formatShape(shape) : null,
        problems: problems?.messages ?? [],
        errors: problems?.errors ?? 0,
      });
    }
    return map;
  }, [doc, check, problemsByNode]);

  const nodes: OpFlowNode[] = useMemo(
    () =>
      doc.nodes.flatMap((n) => {
        const data = dataById.get(n.id);
        if (!data) return [];
        return [
          {
            id: n.id,
            type: 'op' as const,
            position: dragging[n.id] ?? doc.layout.nodes[n.id] ?? { x: 0, y: 0 },
            selected: selected.has(n.id),
            ...(measured[n.id] ? { measured: measured[n.id] } : {}),
            data,
          },
        ];
      }),
    [doc, dataById, selected, dragging, measured],
  );

  const edges: GradFlowEdge[] = useMemo(() => {
    // One lookup table instead of a search per edge: a 300-node graph has hundreds of edges.
    const opOf = new Map(doc.nodes.map((n) => [n.id, n.op]));
    const depth = nodeDepths(doc);
    const deepest = Math.max(1, ...depth.values());
    return doc.edges.map((e) => ({
      id: edgeId(e),
      type: 'grad' as const,
      source: e.source,
      sourceHandle: e.sourcePort,
      target: e.target,
      targetHandle: e.targetPort,
      data: {
        color: CATEGORY_STYLE[getOp(opOf.get(e.source) ?? '')?.category ?? 'operation'].color,
        from: (depth.get(e.source) ?? 0) / deepest,
        to: (depth.get(e.target) ?? 0) / deepest,
        pulses: doc.edges.length <= PULSE_EDGE_LIMIT,
      },
    }));
  }, [doc]);

  const onNodesChange = useCallback(
    (changes: NodeChange<OpFlowNode>[]) => {
      const moves: Record<string, { x: number; y: number }> = {};
      let finished = false;
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          moves[c.id] = c.position;
          if (!c.dragging) finished = true;
        }
        if (c.type === 'remove') {
          store
            .getState()
            .select(changes.filter((x) => x.type === 'remove').map((x) => (x as { id: string }).id));
          store.getState().removeSelected();
          return;
        }
      }
      const sizes = changes.filter((c) => c.type === 'dimensions' && c.dimensions);
      if (sizes.length)
        setMeasured((m) => {
          const next = { ...m };
          for (const c of sizes) if (c.type === 'dimensions' && c.dimensions) next[c.id] = c.dimensions;
          return next;
        });
      // Controlled nodes: selection clicks arrive as 'select' changes and go to the store.
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length) {
        const next = new Set(store.getState().selection);
        for (const c of selects) {
          if (c.selected) next.add(c.id);
          else next.delete(c.id);
        }
        store.getState().select([...next]);
      }
      if (Object.keys(moves).length) {
        if (finished) {
          setDragging({});
          store.getState().moveNodes(moves);
        } else setDragging((d) => ({ ...d, ...moves }));
      }
      // Selection is handled in onSelectionChange; other changes (dimensions) need no store update.
    },
    [store],
  );

  const onNodeDragStop = useCallback(() => {
    setDragging((current) => {
      if (Object.keys(current).length) store.getState().moveNodes(current);
      return {};
    });
  }, [store]);

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
      if (removed.length) store.getState().removeEdges(removed);
    },
    [store],
  );

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

  const onSelectionChange = useCallback(
    ({ nodes: chosen }: OnSelectionChangeParams) => {
      const ids = chosen.map((n) => n.id);
      const current = store.getState().selection;
      if (ids.length !== current.length || ids.some((id, i) => id !== current[i]))
        store.getState().select(ids);
    },
    [store],
  );

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      event.preventDefault();
      const op = event.dataTransfer.getData(OP_DRAG_TYPE);
      if (!op) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      store.getState().addNode(op, { x: at.x - 80, y: at.y - 30 });
    },
    [flow, store],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onSelectionChange={onSelectionChange}
        colorMode={dark ? 'dark' : 'light'}
        deleteKeyCode={null}
        fitView={fitOnOpen}
        // Never zoom in past 100 % when fitting: a new graph with one node would fill the screen.
        fitViewOptions={{ maxZoom: 1, padding: 0.15 }}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap
          pannable
          zoomable
          nodeColor={(n) => CATEGORY_STYLE[(n as OpFlowNode).data.spec.category].color}
        />
        <Controls />
      </ReactFlow>
    </div>
  );
}

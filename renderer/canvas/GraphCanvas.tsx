/** The computation-graph canvas: React Flow over the store's document. */
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import type { EdgeChange, NodeChange } from '@xyflow/react';
import { useStore } from 'zustand';
import type { CheckResult } from '../../src/graph/check';
import { idRecord, ownValue } from '../../src/graph/own';
import type { EditorStore } from '../store/store';
import { CATEGORY_STYLE } from './categories';
import { OP_DRAG_TYPE } from './drag';
import { openingFit } from './fit';
import { GradEdge } from './GradEdge';
import { OpNode } from './OpNode';
import { UnknownNode } from './UnknownNode';
import { useRunStore } from '../run/RunContext';
import { useConnections } from './useConnections';
import { useFlowElements } from './useFlowElements';
import type { CanvasFlowNode } from './useFlowElements';

/** Node types live at module scope so React Flow never re-creates them. */
const nodeTypes = { op: OpNode, unknown: UnknownNode };
const edgeTypes = { grad: GradEdge };

/**
 * Above this many nodes the canvas draws only the nodes and edges in view: drawing all of a
 * 1,000-node graph blocked the page for a second on open and on every edit. Smaller graphs draw
 * everything, so nothing changes for them (and tests can find any node in the page).
 */
export const VISIBLE_ONLY_ABOVE = 300;

/**
 * Above this many nodes the minimap is left out: it draws every node and redraws on every change,
 * which on a 10,000-node graph costs more than the canvas itself.
 */
export const MINIMAP_LIMIT = 2000;

/**
 * How long a big graph's measured node sizes wait for more before they are handed back to React
 * Flow, in milliseconds. Each hand-back re-derives and re-adopts every node (linear in the graph),
 * and panning a big graph brings new nodes into view, and so new sizes, on almost every frame.
 */
const MEASURE_BATCH_MS = 250;

/** The minimap colour of a node: its category's, red for an unknown op. */
const minimapColor = (n: CanvasFlowNode) =>
  n.type === 'op' ? CATEGORY_STYLE[n.data.spec.category].color : '#dc2626';

type Point = { x: number; y: number };
type Size = { width: number; height: number };

interface Props {
  store: EditorStore;
  check: CheckResult;
  onRefused: (reason: string) => void;
  dark: boolean;
  /** Drawn over the canvas (the empty first screen). */
  overlay?: ReactNode;
}

/** The canvas; the document and the selection live in the store, React Flow's nodes are controlled. */
export function GraphCanvas({ store, check, onRefused, dark, overlay }: Props) {
  const doc = useStore(store, (s) => s.doc);
  const selection = useStore(store, (s) => s.selection);
  const flow = useReactFlow();
  // Fit only a graph that is there at start: on an empty canvas React Flow would otherwise fit to the
  // first dropped node and move the view under the user's hands.
  const [fitOnOpen] = useState(() => store.getState().doc.nodes.length > 0);
  const [fitOptions] = useState(() => {
    const { doc: first } = store.getState();
    return openingFit(
      first.nodes.map((n) => ({ id: n.id, position: first.layout.nodes[n.id] ?? { x: 0, y: 0 } })),
    );
  });
  // Positions while a drag is in progress; committed to the document (one undo step) on drop.
  const [dragging, setDragging] = useState<Record<string, Point>>({});
  const [measured, setMeasured] = useState<Record<string, Size>>({});
  const visibleOnly = doc.nodes.length > VISIBLE_ONLY_ABOVE;
  // Sizes measured but not yet handed back (big graphs batch them, see MEASURE_BATCH_MS). React
  // Flow already knows them; a render for any other reason carries them along, so a node rebuilt
  // for a selection or an edit keeps its measured size and ports rather than the estimates.
  const pendingSizes = useRef<Record<string, Size> | null>(null);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const knownSizes = pendingSizes.current ? { ...measured, ...pendingSizes.current } : measured;
  const { nodes, edges } = useFlowElements(doc, check, selection, dragging, knownSizes, visibleOnly);
  useEffect(() => () => clearTimeout(flushTimer.current), []);
  // Forget the pending sizes the state now has (the hand-back is a transition: it lands later).
  useEffect(() => {
    const pending = pendingSizes.current;
    if (!pending) return;
    for (const id of Object.keys(pending)) if (ownValue(measured, id) === pending[id]) delete pending[id];
    if (!Object.keys(pending).length) pendingSizes.current = null;
  }, [measured]);
  const connections = useConnections(store, onRefused);
  // Step mode moves the view from node to node and the step panel takes the bottom of the window:
  // a minimap in a corner would sit on the very nodes being explained, so it goes while stepping
  // (and on an empty canvas, where it shows nothing and sits under the lessons).
  const { run } = useRunStore();
  const stepping = useStore(run, (s) => s.stepMode !== null);

  // Every node change arrives here, and only here: removals, sizes, selection (clicks and boxes)
  // and moves. A move with `dragging: false` ends a drag (or is a keyboard nudge) and is committed.
  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasFlowNode>[]) => {
      const removed: string[] = [];
      const sizes = idRecord<Size>();
      const selects: { id: string; selected: boolean }[] = [];
      const moves = idRecord<Point>();
      let finished = false;
      for (const c of changes) {
        if (c.type === 'remove') removed.push(c.id);
        else if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
        else if (c.type === 'select') selects.push({ id: c.id, selected: c.selected });
        else if (c.type === 'position' && c.position) {
          moves[c.id] = c.position;
          if (!c.dragging) finished = true;
        }
      }
      if (removed.length) {
        store.getState().removeNodes(removed);
        return;
      }
      if (Object.keys(sizes).length) {
        if (!visibleOnly) setMeasured((m) => ({ ...m, ...sizes }));
        else {
          pendingSizes.current = { ...pendingSizes.current, ...sizes };
          clearTimeout(flushTimer.current);
          flushTimer.current = setTimeout(() => {
            const batch = pendingSizes.current;
            if (!batch) return;
            // A transition: the hand-back may wait behind input and frames.
            startTransition(() => setMeasured((m) => ({ ...m, ...batch })));
          }, MEASURE_BATCH_MS);
        }
      }
      if (selects.length) store.getState().changeSelection(selects);
      if (!Object.keys(moves).length) return;
      if (finished) {
        setDragging({});
        store.getState().moveNodes(moves);
      } else setDragging((d) => ({ ...d, ...moves }));
    },
    [store, visibleOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
      if (removed.length) store.getState().removeEdges(removed);
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
        onEdgesChange={onEdgesChange}
        {...connections}
        colorMode={dark ? 'dark' : 'light'}
        deleteKeyCode={null}
        fitView={fitOnOpen}
        fitViewOptions={fitOptions}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        minZoom={0.1}
        onlyRenderVisibleElements={visibleOnly}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        {!stepping && doc.nodes.length > 0 && doc.nodes.length <= MINIMAP_LIMIT && (
          <MiniMap pannable zoomable nodeColor={minimapColor} />
        )}
        <Controls />
      </ReactFlow>
      {overlay}
    </div>
  );
}

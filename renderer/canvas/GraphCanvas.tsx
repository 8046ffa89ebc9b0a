/** The computation-graph canvas: React Flow over the store's document. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStoreApi,
} from '@xyflow/react';
import type { EdgeChange, NodeChange, Viewport } from '@xyflow/react';
import { useStore } from 'zustand';
import type { CheckResult } from '../../src/graph/check';
import { idRecord, ownValue } from '../../src/graph/own';
import type { EditorStore } from '../store/store';
import { CATEGORY_STYLE } from './categories';
import { OP_DRAG_TYPE } from './drag';
import { openingFit } from './fit';
import { GradEdge } from './GradEdge';
import type { GradFlowEdge } from './GradEdge';
import { OpNode } from './OpNode';
import { UnknownNode } from './UnknownNode';
import { useRunStore } from '../run/RunContext';
import { useConnections } from './useConnections';
import { NODE_ESTIMATE, useFlowElements } from './useFlowElements';
import { CanvasMiniMap } from './CanvasMiniMap';
import { VISIBLE_ONLY_ABOVE, covers, edgesInView, nodesInView, viewRect } from './in-view';
import type { FlowRect } from './in-view';
import type { CanvasFlowNode } from './useFlowElements';

/** Node types live at module scope so React Flow never re-creates them. */
const nodeTypes = { op: OpNode, unknown: UnknownNode };
const edgeTypes = { grad: GradEdge };

/** The minimap colour of a node: its category's, red for an unknown op. */
const minimapColor = (n: CanvasFlowNode) =>
  n.type === 'op' ? CATEGORY_STYLE[n.data.spec.category].color : '#dc2626';

/** The edges of a big document in its first task (see `edgesLater`). */
const NO_EDGES: GradFlowEdge[] = [];

type Point = { x: number; y: number };
type Size = { width: number; height: number };

interface Props {
  store: EditorStore;
  check: CheckResult;
  onRefused: (reason: string) => void;
  dark: boolean;
  /** Drawn over the canvas (the empty first screen). */
  overlay?: ReactNode;
  /**
   * Fits the view to the whole graph: the Fit command's, since React Flow's own fit knows only the
   * nodes it is handed (a big graph's near the view).
   */
  onFit: () => void;
}

/** The canvas; the document and the selection live in the store, React Flow's nodes are controlled. */
export function GraphCanvas({ store, check, onRefused, dark, overlay, onFit }: Props) {
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
  // Sizes React Flow measured, kept without a render: React Flow already has them, and a node
  // object rebuilt later (a selection, an edit) takes its size from here rather than the estimate.
  // A new document starts afresh: its node `x` may be another op, of another size, than the last's.
  const loads = useStore(store, (s) => s.loads);
  const sizes = useRef({ loads, measured: new Map<string, Size>() });
  if (sizes.current.loads !== loads) sizes.current = { loads, measured: new Map() };
  const { measured } = sizes.current;
  const visibleOnly = doc.nodes.length > VISIBLE_ONLY_ABOVE;
  const { nodes, edges } = useFlowElements(doc, check, selection, dragging, measured, visibleOnly);
  // A big document just loaded is drawn in two tasks, its nodes and then, after they are painted,
  // its edges: React Flow works through every edge (its connection lookup, markers, which are in
  // view), and drawing both in one task held the page for over 100 ms on a 1,000-node graph. The
  // edges then also come after the nodes are measured, so they are drawn once, on measured ports.
  const [edgesOf, setEdgesOf] = useState(loads);
  const edgesLater = visibleOnly && edgesOf !== loads;
  useEffect(() => {
    if (edgesOf === loads) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the next frame is painted: a timer set in an animation frame runs after that frame.
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setEdgesOf(loads), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [edgesOf, loads]);
  // A big graph's nodes and edges near the view only (see in-view.ts): near the view it opens
  // on (set in the task that loaded it, so its first render hands over only those), then near the
  // view of the last pan or zoom.
  const canvasRef = useRef<HTMLDivElement>(null);
  const flowStore = useStoreApi();
  const [moved, setMoved] = useState<{ loads: number; rect: FlowRect | null } | null>(null);
  const currentView = useCallback(() => {
    const { width, height, transform } = flowStore.getState();
    // Before React Flow has measured its canvas there is no view to cut to: hand over everything.
    if (!width || !height) return null;
    return viewRect({ x: transform[0], y: transform[1], zoom: transform[2] }, width, height);
  }, [flowStore]);
  const opened = useMemo(() => (visibleOnly ? currentView() : null), [visibleOnly, loads, currentView]);
  const view = moved?.loads === loads ? moved.rect : opened;
  const measureView = useCallback(() => setMoved({ loads, rect: currentView() }), [loads, currentView]);
  // The view while it moves: once it leaves what React Flow was handed, hand over what is around it
  // now rather than at the end of the move (a jump from the minimap would draw nothing until then).
  const handed = useRef(view);
  handed.current = view;
  const onMove = useCallback(
    (_event: unknown, viewport: Viewport) => {
      const { width, height } = flowStore.getState();
      if (handed.current && width && height && !covers(handed.current, viewRect(viewport, width, height, 0)))
        measureView();
    },
    [flowStore, measureView],
  );
  const shownEdges = useMemo(() => {
    if (!visibleOnly || !view) return edges;
    return edgesInView(edges, new Map(nodes.map((n) => [n.id, n.position])), NODE_ESTIMATE, view);
  }, [visibleOnly, view, edges, nodes]);
  const shownNodes = useMemo(() => {
    if (!visibleOnly || !view) return nodes;
    const keep = new Set<string>();
    for (const e of shownEdges) keep.add(e.source).add(e.target);
    for (const n of nodes) if (n.selected || ownValue(dragging, n.id)) keep.add(n.id);
    return nodesInView(nodes, keep, NODE_ESTIMATE, view);
  }, [visibleOnly, view, nodes, shownEdges, dragging]);
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
      const selects: { id: string; selected: boolean }[] = [];
      const moves = idRecord<Point>();
      let finished = false;
      for (const c of changes) {
        if (c.type === 'remove') removed.push(c.id);
        else if (c.type === 'dimensions' && c.dimensions) measured.set(c.id, c.dimensions);
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
      if (selects.length) store.getState().changeSelection(selects);
      if (!Object.keys(moves).length) return;
      if (finished) {
        setDragging({});
        store.getState().moveNodes(moves);
      } else setDragging((d) => ({ ...d, ...moves }));
    },
    [store, measured],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
      if (removed.length) store.getState().removeEdges(removed);
    },
    [store],
  );

  // While the view moves, the viewport is a compositor layer of its own (see canvas.css): a pan
  // then moves the pixels already drawn instead of repainting and re-rasterizing the whole canvas
  // on every frame. Only while it moves: a layer left scaled would keep blurred text after a zoom.
  const onMoveStart = useCallback(() => canvasRef.current?.classList.add('moving'), []);
  const onMoveEnd = useCallback(() => {
    canvasRef.current?.classList.remove('moving');
    if (visibleOnly) measureView();
  }, [visibleOnly, measureView]);

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
    <div
      ref={canvasRef}
      className="canvas"
      data-testid="canvas"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={shownNodes}
        edges={edgesLater ? NO_EDGES : shownEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onMoveStart={onMoveStart}
        onMove={visibleOnly ? onMove : undefined}
        onMoveEnd={onMoveEnd}
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
        {/* A big graph's minimap is one canvas (React Flow's draws an element per node). */}
        {!stepping &&
          doc.nodes.length > 0 &&
          (visibleOnly ? (
            <CanvasMiniMap doc={doc} nodeSize={NODE_ESTIMATE} />
          ) : (
            <MiniMap pannable zoomable nodeColor={minimapColor} />
          ))}
        <Controls showFitView={false}>
          <ControlButton
            className="react-flow__controls-fitview"
            onClick={onFit}
            title="Fit view"
            aria-label="Fit view"
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path
                d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"
                fill="none"
                stroke="currentColor"
                strokeWidth="2.5"
              />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
      {overlay}
    </div>
  );
}

/**
 * React Flow's nodes and edges, derived from the document, its check, the selection and the drag
 * in progress. Node data objects change only with the document, so a drag or a selection re-renders
 * the moved or selected nodes, never the other 299 memoized ones.
 */
import { useMemo, useRef } from 'react';
import { Position } from '@xyflow/react';
import type { NodeHandle } from '@xyflow/react';
import { getOp } from '../../src/ops/registry';
import { formatShape } from '../../src/shapes/shape';
import { edgeId } from '../../src/graph/types';
import { ownValue } from '../../src/graph/own';
import type { GraphDoc } from '../../src/graph/types';
import type { CheckResult } from '../../src/graph/check';
import { CATEGORY_STYLE } from './categories';
import { nodeDepths } from './depth';
import { PULSE_EDGE_LIMIT } from './GradEdge';
import type { GradFlowEdge } from './GradEdge';
import type { OpFlowNode } from './OpNode';
import type { UnknownFlowNode } from './UnknownNode';

type Point = { x: number; y: number };
type Size = { width: number; height: number };

/** Every node the canvas draws: an op node, or the error node of an op the registry does not know. */
export type CanvasFlowNode = OpFlowNode | UnknownFlowNode;

/**
 * Size a node is taken to have until React Flow has measured it (the width is fixed in
 * canvas.css; the height is a typical one). Big graphs draw only the nodes in view, so most are
 * never measured: with this size they still count for fitting the view, the minimap and which
 * nodes are in view, and React Flow does not wait for measurements that never come.
 *
 * The half pixel is on purpose: React Flow measures whole pixels and re-measures a node's handles
 * only when its size differs from the one it was given, so a node drawn exactly 96 px high would
 * otherwise keep the estimated handles of {@link estimatedHandles} instead of its real ones.
 */
export const NODE_ESTIMATE: Size = { width: 180, height: 96.5 };

/** Side of a port handle as React Flow measures it (styles.css: 9 px, border included). */
const HANDLE_SIZE = 9;

/**
 * Estimated handles by port list (an op spec's `inputs`, an unknown node's `inputs`): shared by
 * every node with that list, so an unchanged node keeps the same `handles` and React Flow skips it.
 */
const handleCache = new WeakMap<readonly unknown[], NodeHandle[]>();

/**
 * Where a node's ports are taken to be until React Flow has measured it, laid out as OpNode and
 * UnknownNode draw them (inputs spread down the left side, the output halfway down the right).
 *
 * Why: React Flow draws every node that has no handle positions yet, even with
 * `onlyRenderVisibleElements`, to measure them. Opening a 1,000-node graph drew, measured and then
 * removed all 1,000 nodes (seconds of main thread); with estimates only the nodes in view are drawn,
 * and those are measured and get their real handles as they come into view. An edge to a node out
 * of view ends at the estimate, a few pixels off at most, out of view.
 */
function estimatedHandles(data: CanvasFlowNode['data']): NodeHandle[] {
  const key = 'spec' in data ? data.spec.inputs : data.inputs;
  let handles = handleCache.get(key);
  if (handles) return handles;
  const inputs = 'spec' in data ? data.spec.inputs.map((p) => p.name) : data.inputs;
  const { width, height } = NODE_ESTIMATE;
  const half = HANDLE_SIZE / 2;
  handles = inputs.map((id, i): NodeHandle => ({
    id,
    type: 'target',
    position: Position.Left,
    x: -half,
    y: ((i + 1) * height) / (inputs.length + 1) - half,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  }));
  handles.push({
    id: 'out',
    type: 'source',
    position: Position.Right,
    x: width - half,
    y: height / 2 - half,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  });
  handleCache.set(key, handles);
  return handles;
}

/** Each node's diagnostics: messages and how many are errors. */
function problemsByNode(check: CheckResult) {
  const map = new Map<string, { messages: string[]; errors: number }>();
  for (const d of check.diagnostics) {
    if (!d.nodeId) continue;
    const entry = map.get(d.nodeId) ?? { messages: [], errors: 0 };
    entry.messages.push(d.message);
    if (d.severity === 'error') entry.errors++;
    map.set(d.nodeId, entry);
  }
  return map;
}

/** Input ports that the document's edges name on each node (an unknown op's only port list). */
function portsByTarget(doc: GraphDoc): Map<string, string[]> {
  const ports = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = ports.get(e.target);
    if (!list) ports.set(e.target, [e.targetPort]);
    else if (!list.includes(e.targetPort)) list.push(e.targetPort);
  }
  return ports;
}

/**
 * The canvas's nodes and edges.
 *
 * @param dragging - Positions of the nodes being dragged (not yet in the document).
 * @param measured - Sizes React Flow measured so far, kept up to date by the caller without a
 *   render (read whenever a node object is rebuilt, so a rebuilt node keeps its real size and ports).
 * @param estimateHandles - Give nodes not yet measured estimated handles (big graphs, drawn only in
 *   view), so React Flow does not draw them all once to measure them.
 */
export function useFlowElements(
  doc: GraphDoc,
  check: CheckResult,
  selection: readonly string[],
  dragging: Record<string, Point>,
  measured: ReadonlyMap<string, Size>,
  estimateHandles = false,
): { nodes: CanvasFlowNode[]; edges: GradFlowEdge[] } {
  // The data objects of the last document, by id: an edit hands back the same object for every
  // node it did not change, so the node object stays too and neither React Flow nor the memoized
  // node views redo anything for the other nodes of a big graph.
  const previousData = useRef(new Map<string, CanvasFlowNode['data']>());
  const dataById = useMemo(() => {
    const problems = problemsByNode(check);
    const map = new Map<string, CanvasFlowNode['data']>();
    const before = previousData.current;
    let ports: Map<string, string[]> | undefined;
    for (const n of doc.nodes) {
      const spec = getOp(n.op);
      const p = problems.get(n.id);
      const old = before.get(n.id);
      if (!spec) {
        ports ??= portsByTarget(doc);
        const data: UnknownFlowNode['data'] = {
          label: n.label ?? n.id,
          op: n.op,
          problems: p?.messages ?? NO_PROBLEMS,
          inputs: ports.get(n.id) ?? [],
        };
        map.set(n.id, old && sameData(old, data) ? old : data);
        continue;
      }
      const shape = check.shapes.get(n.id);
      const data: OpFlowNode['data'] = {
        label: n.label ?? n.id,
        spec,
        params: n.params,
        shape: shape ? formatShape(shape) : null,
        problems: p?.messages ?? NO_PROBLEMS,
        errors: p?.errors ?? 0,
      };
      map.set(n.id, old && sameData(old, data) ? old : data);
    }
    previousData.current = map;
    return map;
  }, [doc, check]);

  // The node objects of the last render, by id: one that did not change is handed back as the same
  // object, so React Flow skips it (it compares node objects) and a drag of one node in a
  // 10,000-node graph does not rebuild the other 9,999.
  //
  // A node's size and ports are not part of that comparison: React Flow measures them itself and
  // keeps them for as long as it is handed the same object, so a node measured since it was built
  // needs no new object (handing the sizes back rebuilt and re-adopted every measured node, in a
  // 10,000-node graph a 300 ms task after each pan). A node rebuilt for another reason takes the
  // size measured so far, and no estimated ports, so React Flow keeps the ports it measured.
  const previous = useRef(new Map<string, CanvasFlowNode>());
  const previousNodes = useRef<CanvasFlowNode[]>([]);
  const nodes = useMemo(() => {
    const selected = new Set(selection);
    const next = new Map<string, CanvasFlowNode>();
    const list: CanvasFlowNode[] = [];
    for (const n of doc.nodes) {
      const data = dataById.get(n.id);
      if (!data) continue;
      const position = ownValue(dragging, n.id) ?? ownValue(doc.layout.nodes, n.id) ?? ORIGIN;
      const isSelected = selected.has(n.id);
      const old = previous.current.get(n.id);
      let node: CanvasFlowNode;
      if (old && old.data === data && old.position === position && old.selected === isSelected) node = old;
      else {
        const size = measured.get(n.id);
        // Once measured, no handles: React Flow then keeps the ones it measured.
        const handles = estimateHandles && !size ? estimatedHandles(data) : undefined;
        node = {
          id: n.id,
          type: 'spec' in data ? 'op' : 'unknown',
          position,
          selected: isSelected,
          measured: size ?? NODE_ESTIMATE,
          ...(handles && { handles }),
          data,
        } as CanvasFlowNode;
      }
      next.set(n.id, node);
      list.push(node);
    }
    previous.current = next;
    // Nothing changed (a render for something else): the same list, so React Flow does not re-adopt
    // every node.
    const last = previousNodes.current;
    if (last.length === list.length && list.every((n, i) => n === last[i])) return last;
    previousNodes.current = list;
    return list;
  }, [doc, dataById, selection, dragging, measured, estimateHandles]);

  const previousEdges = useRef(new Map<string, GradFlowEdge>());
  const previousList = useRef<GradFlowEdge[]>([]);
  const edges = useMemo(() => {
    // One lookup table instead of a search per edge: a 300-node graph has hundreds of edges.
    const opOf = new Map(doc.nodes.map((n) => [n.id, n.op]));
    const depth = nodeDepths(doc);
    // A loop, not Math.max(...values): spreading 10,000 arguments is slow and has a limit.
    let deepest = 1;
    for (const d of depth.values()) if (d > deepest) deepest = d;
    const pulses = doc.edges.length <= PULSE_EDGE_LIMIT;
    // As with nodes: an edge that draws the same as before is handed back as the same object.
    const before = previousEdges.current;
    const next = new Map<string, GradFlowEdge>();
    const list = doc.edges.map((e): GradFlowEdge => {
      const id = edgeId(e);
      const color = CATEGORY_STYLE[getOp(opOf.get(e.source) ?? '')?.category ?? 'operation'].color;
      const from = (depth.get(e.source) ?? 0) / deepest;
      const to = (depth.get(e.target) ?? 0) / deepest;
      const old = before.get(id);
      const edge =
        old?.data &&
        old.source === e.source &&
        old.target === e.target &&
        old.sourceHandle === e.sourcePort &&
        old.targetHandle === e.targetPort &&
        old.data.color === color &&
        old.data.from === from &&
        old.data.to === to &&
        old.data.pulses === pulses
          ? old
          : {
              id,
              type: 'grad' as const,
              source: e.source,
              sourceHandle: e.sourcePort,
              target: e.target,
              targetHandle: e.targetPort,
              data: { color, from, to, pulses },
            };
      next.set(id, edge);
      return edge;
    });
    previousEdges.current = next;
    // The same list when every edge is the same (a move, a param edit): React Flow then keeps its
    // connection lookup, which it otherwise rebuilds for every edge (tens of ms at 1,000 nodes).
    const last = previousList.current;
    if (last.length === list.length && list.every((e, i) => e === last[i])) return last;
    previousList.current = list;
    return list;
  }, [doc]);

  return { nodes, edges };
}

/** The problems of a node without any (one array for all, so they compare equal). */
const NO_PROBLEMS: string[] = [];

/** Whether two strings lists are equal item by item. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/**
 * Whether a node's new data draws the same as its old: the same fields, by identity, except the
 * lists of problems and ports, which are rebuilt with every check and compared item by item.
 */
function sameData(old: CanvasFlowNode['data'], next: CanvasFlowNode['data']): boolean {
  const a = old as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((k) =>
    Array.isArray(b[k]) && Array.isArray(a[k]) ? sameList(a[k] as string[], b[k] as string[]) : a[k] === b[k],
  );
}

/** Where a node without a position is drawn. */
const ORIGIN: Point = { x: 0, y: 0 };

/**
 * The editor's store: a vanilla zustand store (no React here, so it is driven and tested without
 * rendering), with undo/redo over the document by zundo. The graph document is the single source
 * of truth; the canvas, inspector and problems panel are views of it.
 */
import { createStore } from 'zustand/vanilla';
import { temporal } from 'zundo';
import type { GraphDoc, GraphEdge, GraphNode, ParamValue, TrainingSpec } from '../../src/graph/types';
import { edgeId } from '../../src/graph/types';
import { ownValue } from '../../src/graph/own';
import { DEFAULT_DATASET, resolveTraining } from '../../src/data/training-defaults';
import { patchTraining, withParams } from './doc-edits';
import { getOp } from '../../src/ops/registry';
import type { ParamChange } from '../../src/run/fit-graph';
import { checkConnection } from './connect';
import type { Connection, ConnectVerdict } from './connect';
import { autoLayout } from './layout';
import { checkGraph } from '../../src/graph/check';
import { collapseDense, expandDense, expandedIds } from '../../src/graph/expand';

/** What copy puts on the clipboard: nodes, the edges among them, their positions. */
export interface Clipboard {
  nodes: GraphNode[];
  edges: GraphEdge[];
  positions: Record<string, { x: number; y: number }>;
}

/** The graph slice: the document and the edits on it. */
export interface GraphState {
  doc: GraphDoc;
  /** Selected node ids. */
  selection: string[];
  /** Name of the open file, or null for a new graph. */
  fileName: string | null;
  /** Edits since the last save. */
  dirty: boolean;
  /** Documents loaded so far (opened, new, recovered): tells a document that replaced another from an edit. */
  loads: number;
  addNode(op: string, position: { x: number; y: number }): string | null;
  connect(c: Connection): ConnectVerdict;
  removeEdges(ids: string[]): void;
  removeSelected(): void;
  /** Removes nodes with their edges, positions and weights. */
  removeNodes(ids: string[]): void;
  setParam(nodeId: string, name: string, value: ParamValue | undefined): void;
  setLabel(nodeId: string, label: string): void;
  moveNodes(positions: Record<string, { x: number; y: number }>): void;
  select(ids: string[]): void;
  /** Adds nodes to the selection or takes them out (the canvas's clicks and selection boxes). */
  changeSelection(changes: { id: string; selected: boolean }[]): void;
  selectAll(): void;
  copySelection(): Clipboard;
  paste(clip: Clipboard, offset?: { x: number; y: number }): string[];
  duplicateSelection(): string[];
  layout(): void;
  setTraining(patch: Partial<TrainingSpec>): void;
  /**
   * Switches to a data set and sets the params that make the graph fit it (CSV import: the Input
   * shape, the Target encoding and shape), as one undoable edit.
   */
  applyDataset(dataset: TrainingSpec['dataset'], changes: readonly ParamChange[]): void;
  /** Training settings and node params changed together, as one undoable edit (a coach remedy). */
  applyChanges(change: { training?: Partial<TrainingSpec>; params?: readonly ParamChange[] }): void;
  /** Stores trained weights in the document (or removes them with `undefined`). */
  setWeights(weights: GraphDoc['weights']): void;
  /** Replaces Dense node `id` by its op-level subgraph in place; returns why not, or null. */
  expandNode(id: string): string | null;
  /** Collapses the op-level group of Dense `id` back into one node; returns why not, or null. */
  collapseNode(id: string): string | null;
  load(doc: GraphDoc, fileName: string | null): void;
  markSaved(fileName: string | null): void;
  /** Marks the document as having unsaved changes (recovered work). */
  markDirty(): void;
}

/**
 * An empty graph, the one File → New gives: it trains on XOR with XOR's defaults, and since those
 * are defaults, saving it writes only the data set until the user sets more.
 */
export function emptyDoc(): GraphDoc {
  const { training, defaulted } = resolveTraining({ dataset: DEFAULT_DATASET });
  return {
    schemaVersion: 1,
    name: 'Untitled',
    nodes: [],
    edges: [],
    layout: { nodes: {} },
    training,
    defaultedTraining: defaulted,
  };
}

/**
 * Drops stored weights that an edit made stale (a node removed, units or shapes changed), so a
 * structural edit never leaves the document invalid: those nodes start from their initializers.
 */
export function pruneWeights(before: GraphDoc, after: GraphDoc): GraphDoc {
  if (!after.weights || (before.nodes === after.nodes && before.edges === after.edges)) return after;
  const stale = new Set(
    checkGraph(after)
      .diagnostics.filter((d) => d.code === 'bad-weights')
      .map((d) => d.nodeId),
  );
  if (stale.size === 0) return after;
  const weights = Object.fromEntries(
    Object.entries(after.weights).filter(([id]) => !stale.has(id) && !stale.has(undefined)),
  );
  const { weights: _old, ...rest } = after;
  return Object.keys(weights).length ? { ...rest, weights } : rest;
}

/** A fresh id for a node of `op`: `dense1`, `dense2`, … */
export function freshId(doc: GraphDoc, op: string, taken = new Set(doc.nodes.map((n) => n.id))): string {
  const base =
    op
      .replace(/[^A-Za-z0-9]/g, '')
      .replace(/^[^A-Za-z]+/, '')
      .toLowerCase() || 'node';
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** Creates the editor store. */
export function createEditorStore(initial: GraphDoc = emptyDoc()) {
  return createStore<GraphState>()(
    temporal(
      (set, get) => {
        /** Applies a document change and marks the file dirty. */
        const edit = (change: (doc: GraphDoc) => GraphDoc) =>
          set((s) => ({ doc: pruneWeights(s.doc, change(s.doc)), dirty: true }));
        return {
          doc: initial,
          selection: [],
          fileName: null,
          dirty: false,
          loads: 0,
          addNode(op, position) {
            const spec = getOp(op);
            if (!spec) return null;
            const id = freshId(get().doc, op);
            edit((doc) => ({
              ...doc,
              nodes: [...doc.nodes, { id, op, params: {} }],
              layout: {
                nodes: {
                  ...doc.layout.nodes,
                  [id]: { x: Math.round(position.x), y: Math.round(position.y) },
                },
              },
            }));
            set({ selection: [id] });
            return id;
          },
          connect(c) {
            const verdict = checkConnection(get().doc, c);
            if (verdict.ok) edit((doc) => ({ ...doc, edges: [...doc.edges, verdict.edge] }));
            return verdict;
          },
          removeEdges(ids) {
            const drop = new Set(ids);
            edit((doc) => ({ ...doc, edges: doc.edges.filter((e) => !drop.has(edgeId(e))) }));
          },
          removeSelected() {
            get().removeNodes(get().selection);
          },
          removeNodes(ids) {
            const drop = new Set(ids);
            if (drop.size === 0) return;
            edit((doc) => {
              const layout = { ...doc.layout.nodes };
              for (const id of drop) delete layout[id];
              const weights = doc.weights ? { ...doc.weights } : undefined;
              if (weights) for (const id of drop) delete weights[id];
              return {
                ...doc,
                nodes: doc.nodes.filter((n) => !drop.has(n.id)),
                edges: doc.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)),
                layout: { nodes: layout },
                ...(weights ? { weights } : {}),
              };
            });
            set((s) => ({ selection: s.selection.filter((id) => !drop.has(id)) }));
          },
          setParam(nodeId, name, value) {
            edit((doc) => ({
              ...doc,
              nodes: doc.nodes.map((n) => {
                if (n.id !== nodeId) return n;
                const params = { ...n.params };
                if (value === undefined) delete params[name];
                else params[name] = value;
                return { ...n, params };
              }),
            }));
          },
          setLabel(nodeId, label) {
            edit((doc) => ({
              ...doc,
              nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, label: label || undefined } : n)),
            }));
          },
          moveNodes(positions) {
            edit((doc) => ({ ...doc, layout: { nodes: { ...doc.layout.nodes, ...positions } } }));
          },
          select(ids) {
            set({ selection: ids });
          },
          changeSelection(changes) {
            const next = new Set(get().selection);
            for (const c of changes) {
              if (c.selected) next.add(c.id);
              else next.delete(c.id);
            }
            set({ selection: [...next] });
          },
          selectAll() {
            set((s) => ({ selection: s.doc.nodes.map((n) => n.id) }));
          },
          copySelection() {
            const { doc, selection } = get();
            const chosen = new Set(selection);
            return {
              nodes: structuredClone(doc.nodes.filter((n) => chosen.has(n.id))),
              edges: structuredClone(doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target))),
              positions: Object.fromEntries(
                selection.map((id) => [id, ownValue(doc.layout.nodes, id) ?? { x: 0, y: 0 }]),
              ),
            };
          },
          paste(clip, offset = { x: 40, y: 40 }) {
            const doc = get().doc;
            const taken = new Set(doc.nodes.map((n) => n.id));
            const rename = new Map<string, string>();
            for (const n of clip.nodes) {
              const id = freshId(doc, n.op, taken);
              taken.add(id);
              rename.set(n.id, id);
            }
            const nodes = clip.nodes.map((n) => ({ ...structuredClone(n), id: rename.get(n.id)! }));
            const edges = clip.edges
              .filter((e) => rename.has(e.source) && rename.has(e.target))
              .map(({ id: _ignored, ...e }) => ({
                ...e,
                source: rename.get(e.source)!,
                target: rename.get(e.target)!,
              }));
            const positions = Object.fromEntries(
              clip.nodes.map((n) => {
                const p = ownValue(clip.positions, n.id) ?? { x: 0, y: 0 };
                return [rename.get(n.id)!, { x: p.x + offset.x, y: p.y + offset.y }];
              }),
            );
            edit((d) => ({
              ...d,
              nodes: [...d.nodes, ...nodes],
              edges: [...d.edges, ...edges],
              layout: { nodes: { ...d.layout.nodes, ...positions } },
            }));
            const ids = nodes.map((n) => n.id);
            set({ selection: ids });
            return ids;
          },
          duplicateSelection() {
            return get().paste(get().copySelection());
          },
          layout() {
            edit((doc) => ({ ...doc, layout: autoLayout(doc) }));
          },
          setWeights(weights) {
            edit((doc) => {
              const { weights: _old, ...rest } = doc;
              return weights && Object.keys(weights).length ? { ...rest, weights } : rest;
            });
          },
          expandNode(id) {
            const r = expandDense(get().doc, id);
            if (!r.ok) return r.message;
            edit(() => r.doc);
            set({ selection: [expandedIds(id).matmul] });
            return null;
          },
          collapseNode(id) {
            const r = collapseDense(get().doc, id);
            if (!r.ok) return r.message;
            edit(() => r.doc);
            set({ selection: [id] });
            return null;
          },
          setTraining(patch) {
            edit((doc) => patchTraining(doc, patch));
          },
          applyDataset(dataset, changes) {
            edit((doc) => patchTraining(withParams(doc, changes), { dataset }));
          },
          applyChanges({ training, params }) {
            edit((doc) => patchTraining(withParams(doc, params ?? []), training ?? {}));
          },
          load(doc, fileName) {
            set((s) => ({ doc, fileName, dirty: false, selection: [], loads: s.loads + 1 }));
          },
          markSaved(fileName) {
            set({ fileName, dirty: false });
          },
          markDirty() {
            set({ dirty: true });
          },
        };
      },
      {
        // Only the document is history; selection and file state are not undone.
        partialize: (state) => ({ doc: state.doc }),
        equality: (a, b) => a.doc === b.doc,
        limit: 200,
      },
    ),
  );
}

/** The store type. */
export type EditorStore = ReturnType<typeof createEditorStore>;

/** Undo the last document edit. */
export const undo = (store: EditorStore) => store.temporal.getState().undo();
/** Redo the last undone edit. */
export const redo = (store: EditorStore) => store.temporal.getState().redo();
/** Forget history (after opening a file, so undo does not go back into the previous one). */
export const clearHistory = (store: EditorStore) => store.temporal.getState().clear();

/**
 * The run slice: what the training worker reports (backend, state, progress, metric history, the
 * latest trace, the decision boundary, a non-finite report) and step mode (one walk and where the
 * user is in it). A vanilla zustand store apart from the document store, so 30 trace frames a
 * second never touch the graph document or its undo history; components read it per node id.
 */
import { createStore } from 'zustand/vanilla';
import type { BackendChoice } from '../../src/backend/select';
import type { Diagnostic } from '../../src/graph/diagnostics';
import type { StepEvent, StepWalk } from '../../src/step/stepper';
import type { Progress } from '../../src/train/progress';
import type { NodeImages, TensorTrace, TraceFrame } from '../../src/trace/types';
import type { ProbeResult, ViewsReport } from '../../src/views/types';
import { idRecord, ownValue } from '../../src/graph/own';
import type {
  BoundaryGrid,
  DatasetSummary,
  NonFiniteReport,
  RunState,
  UnitMap,
  WorkerEvent,
} from '../../src/worker/protocol';

/** One point of the metric charts. */
export interface HistoryPoint {
  step: number;
  /** Training loss averaged since the previous point. */
  loss: number;
  trainLoss?: number;
  testLoss?: number;
  trainAccuracy?: number;
  testAccuracy?: number;
}

/** What a node shows on the canvas. */
export interface NodeView {
  value?: TensorTrace;
  /** dE/d(node); null when the node does not affect the loss. */
  grad?: TensorTrace | null;
  /** Its image-shaped values (feature maps, kernels, the input digit), when it has any. */
  images?: NodeImages;
}

/** A hidden node's units over the input plane, from the latest grid that mapped the node. */
export interface NodeUnitMaps {
  /** Cells per side of each map. */
  resolution: number;
  /** One map per unit, in unit order. */
  maps: UnitMap[];
  /** Step the maps were computed at. */
  step: number;
}

/** Step mode: one walk and the position in it. */
export interface StepMode {
  /** The walk being shown, or null while the worker computes it. */
  walk: StepWalk | null;
  /** Index of the current event; −1 before the first. */
  index: number;
  /** Training example walked, or null for the current batch. */
  example: number | null;
  /** Step number of the walk. */
  step: number;
}

export interface RunSlice {
  backend: BackendChoice | null;
  state: RunState;
  dataset: DatasetSummary | null;
  stepsPerEpoch: number;
  totalSteps: number;
  weightsRestored: boolean;
  /** Why the graph cannot train (empty when it can). */
  blocked: Diagnostic[];
  progress: Progress | null;
  history: HistoryPoint[];
  frame: TraceFrame | null;
  boundary: BoundaryGrid | null;
  nonfinite: NonFiniteReport | null;
  error: string | null;
  /** Step mode, or null when off. */
  stepMode: StepMode | null;
  /** Per node id, what the canvas shows now (latest trace, or the walk up to the current event). */
  view: Record<string, NodeView>;
  /**
   * Per hidden node id, its units' maps over the boundary's plane (2-D or sliced data only), merged
   * grid by grid since a grid maps at most a few nodes of a big graph.
   */
  unitMaps: Record<string, NodeUnitMaps>;
  /** The node the current step-mode event is about. */
  focus: { nodeId: string; phase: StepEvent['phase'] } | null;
  /** Steps the worker started after the last Pause click (it answers between steps: 0 or 1). */
  stepsAfterPause: number | null;
  /** The latest confusion matrix, fitted curve and embedding projection. */
  views: ViewsReport | null;
  /** What the graph made of the last drawn example; the canvas shows it until the next frame. */
  probe: ProbeResult | null;
}

/** Charts keep at most this many points; older ones are thinned to every other. */
export const HISTORY_LIMIT = 2000;

export const initialRun = (): Omit<RunSlice, 'backend'> => ({
  state: 'empty',
  dataset: null,
  stepsPerEpoch: 0,
  totalSteps: 0,
  weightsRestored: false,
  blocked: [],
  progress: null,
  history: [],
  frame: null,
  boundary: null,
  nonfinite: null,
  error: null,
  stepMode: null,
  view: {},
  unitMaps: {},
  focus: null,
  stepsAfterPause: null,
  views: null,
  probe: null,
});

export type RunStore = ReturnType<typeof createRunStore>;

export function createRunStore() {
  return createStore<RunSlice>()(() => ({ backend: null, ...initialRun() }));
}

/** Appends a point, thinning old points so the history stays bounded on long runs. */
export function appendHistory(history: HistoryPoint[], point: HistoryPoint): HistoryPoint[] {
  return pushHistory([...history], point);
}

/**
 * Appends a point to `history` in place (a copy the caller owns), thinning it to every other
 * point when it passes {@link HISTORY_LIMIT}: amortized O(1) per point, so a batch of points costs
 * one copy of the history, not one per point. Returns `history` (or its thinned replacement).
 */
function pushHistory(history: HistoryPoint[], point: HistoryPoint): HistoryPoint[] {
  const last = history[history.length - 1];
  // A repeated step (epoch event right after a progress event) updates the point in place.
  if (last && last.step === point.step) history[history.length - 1] = { ...last, ...point };
  else history.push(point);
  if (history.length <= HISTORY_LIMIT) return history;
  return history.filter((_, i) => i % 2 === 0 || i === history.length - 1);
}

/** The chart point of a progress report. */
function historyPoint(p: Progress): HistoryPoint {
  return {
    step: p.step,
    loss: p.loss,
    trainLoss: p.train?.loss,
    testLoss: p.test?.loss,
    trainAccuracy: p.train?.accuracy,
    testAccuracy: p.test?.accuracy,
  };
}

/**
 * Folds a batch of worker events (all those received during one animation frame) into one
 * update, in order. Progress points are appended to a single copy of the history, and only the
 * last trace frame's canvas view is built: earlier ones would be replaced before anyone saw them.
 */
export function reduceRunBatch(s: RunSlice, events: readonly WorkerEvent[]): Partial<RunSlice> {
  let lastTrace = -1;
  events.forEach((e, i) => {
    if (e.type === 'trace') lastTrace = i;
  });
  let next: RunSlice = s;
  /** The history array this batch copied and may append to, once copied. */
  let owned: HistoryPoint[] | null = null;
  events.forEach((e, i) => {
    if (e.type === 'progress') {
      if (owned === null || next.history !== owned) owned = [...next.history];
      owned = pushHistory(owned, historyPoint(e.progress));
      next = { ...next, progress: e.progress, history: owned };
    } else if (e.type === 'trace' && i < lastTrace) {
      next = { ...next, frame: e.frame };
    } else {
      next = { ...next, ...reduceRun(next, e) };
    }
  });
  return next;
}

/**
 * Forgets the shown run before another graph (or another version of it) is loaded: progress,
 * charts, node values, boundary, non-finite report. A document that replaced another (`replaced`:
 * opened, new, an example) also loses its data set summary and leaves step mode.
 */
export function clearRun(s: RunSlice, replaced: boolean): Partial<RunSlice> {
  const patch: Partial<RunSlice> = {
    progress: null,
    history: [],
    frame: null,
    boundary: null,
    unitMaps: {},
    nonfinite: null,
    views: null,
    probe: null,
    view: s.stepMode && !replaced ? s.view : {},
  };
  // A replaced document's blocking problems were about the old graph: the worker re-checks the new one.
  if (replaced) Object.assign(patch, { dataset: null, stepMode: null, focus: null, blocked: [] });
  return patch;
}

/** The canvas view of a trace frame. */
export function frameView(frame: TraceFrame): Record<string, NodeView> {
  // Keyed by node id, which may be `__proto__`: a record without prototype (read with ownValue).
  const view = idRecord<NodeView>();
  for (const [id, n] of Object.entries(frame.nodes)) {
    const images = ownValue(frame.images, id);
    view[id] = images ? { value: n.value, grad: n.grad, images } : { value: n.value, grad: n.grad };
  }
  return view;
}

/** The canvas view of a probe: every node's value for the drawn example (no gradients). */
export function probeView(probe: ProbeResult): Record<string, NodeView> {
  const view = idRecord<NodeView>();
  for (const [id, n] of Object.entries(probe.nodes)) {
    const images = ownValue(probe.images, id);
    view[id] = images ? { value: n.value, grad: null, images } : { value: n.value, grad: null };
  }
  return view;
}

/**
 * The canvas view of a walk up to event `index`: values of the nodes passed in the forward pass,
 * gradients of those passed in the backward pass; earlier steps stay visible.
 */
export function walkView(walk: StepWalk, index: number): Record<string, NodeView> {
  const view = idRecord<NodeView>();
  walk.events.slice(0, index + 1).forEach((e) => {
    if (e.phase === 'forward') view[e.nodeId] = { value: e.value };
    else if (e.phase === 'backward') view[e.nodeId] = { ...ownValue(view, e.nodeId), grad: e.grad };
  });
  return view;
}

function focusOf(walk: StepWalk | null, index: number): RunSlice['focus'] {
  const e = walk?.events[index];
  return e ? { nodeId: e.nodeId, phase: e.phase } : null;
}

/** A plane's identity: maps of another plane are not kept next to this one's. */
function planeKey(grid: BoundaryGrid | null): string {
  return grid?.plane ? JSON.stringify(grid.plane) : '';
}

/**
 * The unit maps after a grid: the nodes it mapped get their new maps (a new object each, so only
 * their readouts re-render); the others keep theirs unless the plane changed.
 */
export function mergeUnitMaps(s: RunSlice, grid: BoundaryGrid): Record<string, NodeUnitMaps> {
  const samePlane = planeKey(s.boundary) === planeKey(grid);
  if (!grid.units) return samePlane ? s.unitMaps : {};
  const next: Record<string, NodeUnitMaps> = samePlane ? { ...s.unitMaps } : {};
  const fresh = new Set<string>();
  for (const m of grid.units.maps) {
    if (!fresh.has(m.nodeId)) {
      fresh.add(m.nodeId);
      next[m.nodeId] = { resolution: grid.units.resolution, maps: [], step: grid.step };
    }
    next[m.nodeId].maps.push(m);
  }
  for (const id of fresh) next[id].maps.sort((a, b) => a.unit - b.unit);
  return next;
}

/** Folds one worker event into the slice. */
export function reduceRun(s: RunSlice, event: WorkerEvent): Partial<RunSlice> {
  switch (event.type) {
    case 'backend':
      return { backend: event.choice };
    case 'loaded':
      // A fresh run of the loaded graph: nothing of the previous run's numbers stays.
      return {
        ...clearRun(s, false),
        dataset: event.dataset,
        stepsPerEpoch: event.stepsPerEpoch,
        totalSteps: event.totalSteps,
        weightsRestored: event.weightsRestored,
        blocked: [],
        error: null,
      };
    case 'invalid':
      return {
        blocked: event.diagnostics,
        state: 'empty',
        dataset: null,
        boundary: null,
        unitMaps: {},
        views: null,
        probe: null,
      };
    case 'state': {
      const patch: Partial<RunSlice> = { state: event.state };
      if (event.stepsAfterPause !== undefined) patch.stepsAfterPause = event.stepsAfterPause;
      // Reset: back to step 0, so the charts and the canvas start over.
      if (event.state === 'ready')
        Object.assign(patch, { progress: null, history: [], frame: null, view: {}, nonfinite: null });
      if (event.state === 'running') patch.nonfinite = null;
      return patch;
    }
    case 'progress':
      return { progress: event.progress, history: appendHistory(s.history, historyPoint(event.progress)) };
    case 'trace':
      // In step mode the canvas shows the walk, not training frames.
      return s.stepMode ? { frame: event.frame } : { frame: event.frame, view: frameView(event.frame) };
    case 'boundary':
      return { boundary: event.grid, unitMaps: mergeUnitMaps(s, event.grid) };
    case 'nonfinite':
      return { nonfinite: event.report };
    case 'views':
      return { views: event.views };
    case 'probe':
      // Step mode keeps its walk on the canvas; otherwise the canvas shows the drawn example.
      return s.stepMode ? { probe: event.result } : { probe: event.result, view: probeView(event.result) };
    case 'walk': {
      const index = 0;
      return {
        stepMode: { walk: event.walk, index, example: event.example, step: event.step },
        view: walkView(event.walk, index),
        focus: focusOf(event.walk, index),
      };
    }
    case 'weights':
      return {};
    case 'error':
      return { error: event.message };
  }
}

/** Moves step mode to event `index` (clamped), updating the canvas view. */
export function seekStep(s: RunSlice, index: number): Partial<RunSlice> {
  const m = s.stepMode;
  if (!m?.walk) return {};
  const i = Math.max(0, Math.min(m.walk.events.length - 1, index));
  return { stepMode: { ...m, index: i }, view: walkView(m.walk, i), focus: focusOf(m.walk, i) };
}

/** Leaves step mode; the canvas goes back to the latest training frame. */
export function leaveStepMode(s: RunSlice): Partial<RunSlice> {
  return { stepMode: null, focus: null, view: s.frame ? frameView(s.frame) : {} };
}

/**
 * The editor's side of the training worker: posts requests, folds events into the run store,
 * acknowledges trace frames once they are painted (so a busy UI gets fewer frames, not a backlog),
 * and keeps the worker's graph in step with the document.
 *
 * Events are not applied one by one: they are queued and folded into the store once per animation
 * frame, so however fast the worker trains, the charts, readouts and toolbar render at most once a
 * frame and every main-thread task stays short.
 */
import type { GraphDoc } from '../../src/graph/types';
import type { RunLimits } from '../../src/run/memory';
import type { BoundaryPlane, ReportRates, WorkerEvent, WorkerRequest } from '../../src/worker/protocol';
import { countRequest, createRequestCounter } from '../../src/worker/request-count';
import { readMeasurements, saveMeasurements } from './backend-cache';
import { clearRun, leaveStepMode, reduceRunBatch, seekStep } from './runStore';
import type { RunStore } from './runStore';

/** Anything that speaks the worker protocol: a Web Worker, or a test double around a session. */
export interface WorkerPort {
  postMessage(message: WorkerRequest, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerEvent>) => void) | null;
  /** A worker that fails to load or throws outside a request reports here. */
  onerror?: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

/** The parts of a graph that change what training computes (not the layout, name or description). */
export function trainingKey(doc: GraphDoc): string {
  return JSON.stringify([doc.nodes, doc.edges, doc.training]);
}

/** The parts that decide which weights exist and their shapes. */
function structureKey(doc: GraphDoc): string {
  return JSON.stringify([doc.nodes, doc.edges]);
}

const BACKEND_KEY = 'backprop-studio.backend';

/**
 * Milliseconds between trace frames for a graph of `nodes` nodes: about 30 per second for graphs
 * people step through, fewer as the canvas grows (5 per second at 300 nodes).
 */
export function traceIntervalFor(nodes: number): number {
  return Math.round(Math.min(200, Math.max(33, nodes * 0.66)));
}

/** Events about the loaded graph's training, which are stale once another graph replaced it. */
const RUN_DATA = new Set<WorkerEvent['type']>([
  'progress',
  'trace',
  'boundary',
  'nonfinite',
  'walk',
  'views',
  'probe',
]);

/** Milliseconds between trace frames while the page is hidden: nobody sees the canvas. */
const HIDDEN_TRACE_MS = 1000;

/**
 * Whether the page's main thread competes with the training worker for the machine's cores: on two
 * logical cores or fewer the worker, the page and the compositor cannot all run at once, so the time
 * the page spends drawing frames is time taken from training (measured: spiral-mlp trained at 0.78×
 * the CLI's speed on 2 cores with the page at 30 frames a second). The worker then charges it to the
 * side-feed budget (see `traceAck`), and frames come as often as the 10 % budget allows.
 */
const SHARES_WORKER_CORES = (globalThis.navigator?.hardwareConcurrency ?? 0) <= 2;

/** While the page is hidden no frame comes: events are then applied at this interval instead. */
const HIDDEN_FLUSH_MS = 250;

export class TrainingClient {
  /** Events received and not yet folded into the store. */
  private pending: WorkerEvent[] = [];
  /** Cancels the scheduled flush, or null when none is scheduled. */
  private cancelFlush: (() => void) | null = null;
  /** Id of the last `load` posted. */
  private lastLoad = 0;
  /** Whether the worker's graph is the document's (false from a load until it is answered `loaded`). */
  private current = true;
  /**
   * The newest load failed while the worker kept the replaced graph: its run (paused by the client)
   * is nobody's, so not even its state is shown.
   */
  private orphaned = false;
  private loadedKey: string | null = null;
  private loadedStructure: string | null = null;
  private files = new Map<string, Uint8Array>();
  private requestId = 0;
  private pendingWeights = new Map<number, (w: NonNullable<GraphDoc['weights']>) => void>();
  private lastDoc: GraphDoc | null = null;
  /** The memory and file-size limits runs must stay under (kept for the next start). */
  private runLimits: RunLimits = readLimits();
  /**
   * Requests posted, in shared memory the worker reads between steps, so a run steps back to back
   * and still sees a pause at once; null without cross-origin isolation.
   */
  private readonly requests = createRequestCounter();

  constructor(
    private readonly worker: WorkerPort,
    readonly run: RunStore,
  ) {
    worker.onmessage = (e) => this.receive(e.data);
    // First, and not counted: every request after it is.
    if (this.requests) worker.postMessage({ type: 'requestCounter', counter: this.requests });
    // Without this a worker whose script cannot load leaves the UI waiting for a backend forever.
    worker.onerror = (e) =>
      this.receive({
        type: 'error',
        message: `the training worker failed${e.message ? `: ${e.message}` : ' to start'}; training is unavailable`,
      });
    // Frames nobody sees cost training time: a hidden page gets one a second.
    if (typeof document !== 'undefined')
      document.addEventListener('visibilitychange', () =>
        this.configure({ traceEveryMs: this.traceInterval() }),
      );
    const preferred = safeStorage()?.getItem(BACKEND_KEY) ?? 'auto';
    this.post({ type: 'setBackend', name: preferred, measurements: readMeasurements(safeStorage()) });
  }

  private post(request: WorkerRequest): void {
    countRequest(this.requests);
    this.worker.postMessage(request);
  }

  private receive(event: WorkerEvent): void {
    if (event.type === 'backend' && event.choice.measuredNow && event.choice.measurements)
      saveMeasurements(safeStorage(), event.choice.measurements);
    if (event.type === 'weights') {
      this.pendingWeights.get(event.requestId)?.(event.weights);
      this.pendingWeights.delete(event.requestId);
      return;
    }
    const answer =
      event.type === 'loaded' || event.type === 'invalid'
        ? event.id
        : event.type === 'error'
          ? event.load
          : undefined;
    if (answer !== undefined && answer < this.lastLoad) {
      // The answer to a load that a newer one (or a replaced document) superseded: its problems,
      // data set and state are about a graph nobody shows any more.
      return;
    }
    if (answer !== undefined) {
      // The worker answered the newest load: it trains the document's graph from now on, or (invalid
      // graph, unreadable data) still holds the replaced one, whose run nobody sees any more.
      this.current = event.type === 'loaded';
      this.orphaned = !this.current;
      if (this.orphaned) this.post({ type: 'pause' });
    } else if ((!this.current && RUN_DATA.has(event.type)) || (this.orphaned && event.type === 'state')) {
      // About the graph the document replaced (its run trains on until the new one is ready, or on
      // after an invalid one): dropped, so the old run's numbers never reappear. A dropped frame is
      // still acknowledged, or the worker would hold back every later one.
      if (event.type === 'trace') this.post({ type: 'traceAck', seq: event.seq });
      return;
    }
    this.pending.push(event);
    this.scheduleFlush();
  }

  /** Applies the queued events at the next animation frame (or soon, where there are no frames). */
  private scheduleFlush(): void {
    if (this.cancelFlush) return;
    if (typeof requestAnimationFrame !== 'function') {
      this.flush();
      return;
    }
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
      const timer = setTimeout(() => this.flush(), HIDDEN_FLUSH_MS);
      this.cancelFlush = () => clearTimeout(timer);
    } else {
      const frame = requestAnimationFrame(() => this.flush());
      this.cancelFlush = () => cancelAnimationFrame(frame);
    }
  }

  /**
   * Folds every queued event into the store in one update, so subscribers (charts, readouts,
   * toolbar) render once for all of them.
   */
  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    const started = performance.now();
    this.run.setState((s) => reduceRunBatch(s, events));
    let lastTrace = -1;
    for (const e of events) if (e.type === 'trace') lastTrace = Math.max(lastTrace, e.seq);
    if (lastTrace < 0) return;
    // What showing the frame cost the main thread: this task, then the rendering of this frame (the
    // flush runs in an animation-frame callback, so a zero timeout set now fires once it is painted).
    let pageMs: number | undefined;
    if (SHARES_WORKER_CORES && typeof requestAnimationFrame === 'function')
      setTimeout(() => (pageMs = performance.now() - started), 0);
    // Acknowledge after the next paint: the worker sends the next frame only then.
    const ack = () =>
      this.post({ type: 'traceAck', seq: lastTrace, ...(pageMs !== undefined ? { pageMs } : {}) });
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(ack, 0));
    else ack();
  }

  /**
   * Sends the document to the worker when what it trains changed. When only the training section
   * changed (learning rate, epochs…) the weights trained so far are kept.
   */
  async sync(doc: GraphDoc, force = false): Promise<void> {
    const key = trainingKey(doc);
    if (!force && key === this.loadedKey) return;
    const structure = structureKey(doc);
    // The state decides whether trained weights are kept: read it with every event received applied.
    this.flush();
    const state = this.run.getState().state;
    let toLoad = doc;
    if (!force && structure === this.loadedStructure && (state === 'paused' || state === 'done')) {
      toLoad = { ...doc, weights: await this.exportWeights() };
    }
    this.loadedKey = key;
    this.loadedStructure = structure;
    this.lastDoc = doc;
    // Big graphs get fewer frames: every frame re-renders each node's readout.
    this.configure({ traceEveryMs: this.traceInterval() });
    const id = this.detach(force);
    this.post({
      type: 'load',
      doc: toLoad,
      files: Object.fromEntries(this.files),
      id,
      limits: this.runLimits,
    });
  }

  /**
   * Stops showing the worker's current graph: the document moved on (an edit about to be sent, or
   * another document opened). Its run's charts, numbers and node values go now, not when the worker
   * has prepared the new graph (seconds for a big data set), and whatever the worker still sends about
   * it (answers to earlier loads included) is dropped (see receive).
   *
   * @param replaced - Whether another document replaced it; that also leaves step mode and clears its
   *   blocking problems.
   * @returns The id the next load gets.
   */
  detach(replaced: boolean): number {
    const id = ++this.lastLoad;
    this.current = false;
    this.orphaned = false;
    this.pending = this.pending.filter((e) => {
      if (e.type === 'trace') this.post({ type: 'traceAck', seq: e.seq });
      return !RUN_DATA.has(e.type);
    });
    this.run.setState((s) => clearRun(s, replaced));
    return id;
  }

  /** The limits in force (unset fields take the defaults of `src/run/memory.ts`). */
  get limits(): RunLimits {
    return this.runLimits;
  }

  /** Changes the limits, remembers them, and prepares the graph again under them. */
  setLimits(limits: RunLimits): void {
    this.runLimits = limits;
    safeStorage()?.setItem(LIMITS_KEY, JSON.stringify(limits));
    if (this.lastDoc) void this.sync(this.lastDoc, true);
  }

  /** Makes a data file (an imported CSV) available under the path the graph names. */
  addFile(path: string, bytes: Uint8Array): void {
    this.files.set(path, bytes);
    if (this.lastDoc) void this.sync(this.lastDoc, true);
  }

  /** Makes several data files available at once (the four of MNIST), preparing the graph once. */
  addFiles(files: Readonly<Record<string, Uint8Array>>): void {
    for (const [path, bytes] of Object.entries(files)) this.files.set(path, bytes);
    if (this.lastDoc) void this.sync(this.lastDoc, true);
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  play(): void {
    this.post({ type: 'play' });
  }
  /**
   * Pauses the run. `at` is when the user asked (`performance.now()` of the page, such as a click's
   * `timeStamp`); the worker then reports how many steps started after it.
   */
  pause(at: number = performance.now()): void {
    this.post({ type: 'pause', sentAt: performance.timeOrigin + at });
  }
  step(): void {
    this.post({ type: 'step' });
  }
  reset(): void {
    this.post({ type: 'reset' });
  }
  configure(rates: Partial<ReportRates>): void {
    this.post({ type: 'configure', rates });
  }

  /** Milliseconds between trace frames: by the graph's size, and slow while the page is hidden. */
  private traceInterval(): number {
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    return hidden ? HIDDEN_TRACE_MS : traceIntervalFor(this.lastDoc?.nodes.length ?? 0);
  }

  /** Draws the boundary and the unit maps over another plane (data with more than two features). */
  setBoundaryPlane(plane: BoundaryPlane): void {
    this.post({ type: 'boundaryPlane', plane });
  }

  /** Switches backend and remembers the choice for the next start. */
  setBackend(name: string): void {
    safeStorage()?.setItem(BACKEND_KEY, name);
    this.post({ type: 'setBackend', name, measurements: readMeasurements(safeStorage()) });
  }

  /** Times every backend again and switches to the fastest (the badge's "Measure again"). */
  measureBackends(): void {
    safeStorage()?.setItem(BACKEND_KEY, 'auto');
    this.run.setState({ backend: null });
    this.post({ type: 'setBackend', name: 'auto', measure: true });
  }

  /**
   * Runs one example (a drawn digit, the Input's size) through the graph; the answer (class
   * probabilities, every node's value) lands in the run store's `probe` and on the canvas.
   */
  probe(features: Float32Array): void {
    this.post({ type: 'probe', requestId: ++this.requestId, features });
  }

  /** Walks one training step node by node (step mode). */
  walk(example: number | null, apply = true): void {
    this.post({ type: 'pause' });
    this.post({ type: 'walk', example, apply });
  }

  /** Moves through the current walk. */
  seek(index: number): void {
    this.run.setState((s) => seekStep(s, index));
  }

  leaveStepMode(): void {
    this.run.setState((s) => leaveStepMode(s));
  }

  /** The worker's current weights in the file layout. */
  exportWeights(): Promise<NonNullable<GraphDoc['weights']>> {
    const requestId = ++this.requestId;
    return new Promise((resolve) => {
      this.pendingWeights.set(requestId, resolve);
      this.post({ type: 'exportWeights', requestId });
    });
  }

  dispose(): void {
    this.post({ type: 'dispose' });
    this.worker.terminate();
  }
}

/** Where the run limits are remembered. */
const LIMITS_KEY = 'backprop-studio.limits';

/** The remembered limits; anything unreadable or out of range falls back to the defaults. */
function readLimits(): RunLimits {
  try {
    const raw = JSON.parse(safeStorage()?.getItem(LIMITS_KEY) ?? '{}') as Record<string, unknown>;
    const ok = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
    const limits: RunLimits = {};
    const memoryBytes = ok(raw.memoryBytes);
    const fileBytes = ok(raw.fileBytes);
    if (memoryBytes) limits.memoryBytes = memoryBytes;
    if (fileBytes) limits.fileBytes = fileBytes;
    return limits;
  } catch {
    return {};
  }
}

/** localStorage when the page may use it (it throws in some sandboxed contexts). */
function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

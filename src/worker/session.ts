/**
 * The training worker's logic without the worker: a `TrainingSession` takes {@link WorkerRequest}s
 * and answers with {@link WorkerEvent}s through a `post` function. The browser's Web Worker wires
 * `post` to `postMessage`; Node tests record the events.
 *
 * Requests are handled one after another, but none waits for a run: `play` starts the trainer's run
 * and returns, so `pause`, `configure`, `traceAck` and `exportWeights` are answered while it trains.
 *
 * The session owns what is loaded (load, backend switch, dispose); the training controls live in
 * {@link RunController}, the paced outputs in {@link TraceGate} and {@link BoundaryFeed}, and the
 * rates in {@link ReportSettings}.
 */
import { startNodeBackend } from '../backend/node';
import type { BackendChoice } from '../backend/select';
import type { BackendMeasuring } from './protocol';
import type { GraphDoc } from '../graph/types';
import type { ShapedGraph } from '../shapes/infer';
import { prepareRun } from '../run/prepare';
import type { RunLimits } from '../run/memory';
import { featureRange, isPlanar, isSliceable } from '../train/boundary-plane';
import { Trainer } from '../train/trainer';
import { BoundaryFeed } from './boundary-feed';
import { requireLoaded, summarizeDataset } from './loaded-graph';
import type { Loaded } from './loaded-graph';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { ReportSettings } from './report-rates';
import { FeedBudget } from '../train/feed-budget';
import { RequestsSeen } from './request-count';
import { RunController } from './run-controller';
import { TraceGate } from './trace-gate';
import { ViewsFeed, exampleImage } from './views-feed';

/** Sends one event to the UI, with the buffers to transfer rather than copy. */
export type PostEvent = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** How a session reaches its environment. */
export interface SessionOptions {
  /**
   * Starts a tfjs backend, `name` first (any name it does not know, such as `auto`, means the
   * fastest that works). Default: the Node backends (wasm, then cpu).
   */
  startBackend?: (name?: string, measuring?: BackendMeasuring) => Promise<BackendChoice>;
  /** Clock in milliseconds, for the decision-boundary rate (default `performance.now`). */
  now?: () => number;
}

const defaultStartBackend = (name?: string) =>
  startNodeBackend(name === 'wasm' || name === 'cpu' ? name : undefined);

/**
 * Most page milliseconds one acknowledgement may charge: a page that hitched once (a GC, a dialog)
 * should delay the next frames by seconds of training, not by minutes.
 */
const PAGE_MS_MAX = 250;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs a graph's training for one UI, speaking the worker protocol. */
export class TrainingSession {
  private readonly startBackend: (name?: string, measuring?: BackendMeasuring) => Promise<BackendChoice>;
  private readonly traces: TraceGate;
  /** Credit of the side-feeds (frames, grids, views), charged with the page's display time too. */
  private readonly feedBudget: FeedBudget;
  private readonly settings: ReportSettings;
  private readonly boundary: BoundaryFeed;
  private readonly views: ViewsFeed;
  private readonly runs: RunController;
  private readonly seen = new RequestsSeen();
  private current: Loaded | null = null;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  /**
   * @param post - Where the session's events go.
   * @param options - The backend starter and clock; defaults suit Node.
   */
  constructor(
    private readonly post: PostEvent,
    options: SessionOptions = {},
  ) {
    this.startBackend = options.startBackend ?? defaultStartBackend;
    const now = options.now ?? (() => performance.now());
    this.traces = new TraceGate(post);
    // A run skips tracing while the UI has a frame to draw, rather than tracing for nothing.
    this.settings = new ReportSettings(() => this.traces.open);
    // Frames, grids and views share one budget: together at most `traceBudget` of training time.
    const budget = new FeedBudget(() => this.settings.rates.traceBudget);
    this.feedBudget = budget;
    this.settings.report.feedBudget = budget;
    const fail = (err: unknown) => this.fail(err);
    const current = () => this.current;
    const disposed = () => this.disposed;
    // Both side-feeds see the same session: its events, failures, clock, rates, graph and budget.
    const feedHost = { post, fail, now, rates: () => this.settings.rates, current, disposed, budget };
    this.boundary = new BoundaryFeed(feedHost);
    this.views = new ViewsFeed(feedHost);
    // The boundary and the views are recomputed together whenever the weights change.
    const boundary = this.boundary;
    const views = this.views;
    this.runs = new RunController({
      post,
      fail,
      current,
      disposed,
      settings: this.settings,
      traces: this.traces,
      boundary: {
        duringRun: () => {
          boundary.duringRun();
          views.duringRun();
        },
        send: async () => {
          await boundary.send();
          await views.send();
        },
      },
    });
  }

  /**
   * Handles one request. Never throws: failures become `error` events (or `invalid` ones for graphs
   * and data that cannot be trained). Resolves when the request is handled, which for `play` is as
   * soon as the run has started.
   */
  handle(request: WorkerRequest): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (typeof request !== 'object' || request === null) {
      this.fail(new Error(`a request must be an object, got ${String(request)}`));
      return Promise.resolve();
    }
    if (request.type === 'requestCounter') {
      try {
        this.seen.attach(request.counter);
        this.settings.report.requestsWaiting = this.seen.waiting;
      } catch (err) {
        this.fail(err);
      }
      return Promise.resolve();
    }
    this.seen.arrived();
    // Acknowledgements and rates take effect at once, even while a request is being handled.
    if (request.type === 'traceAck' || request.type === 'configure') {
      try {
        if (request.type === 'traceAck') {
          this.traces.ack(request.seq);
          if (request.pageMs !== undefined) this.feedBudget.spent(Math.min(PAGE_MS_MAX, request.pageMs));
        } else this.settings.configure(request.rates);
      } catch (err) {
        this.fail(err);
      }
      return Promise.resolve();
    }
    const task = this.queue.then(() => this.dispatch(request)).catch((err: unknown) => this.fail(err));
    this.queue = task;
    return task;
  }

  private async dispatch(request: WorkerRequest): Promise<void> {
    if (this.disposed) return;
    switch (request.type) {
      case 'setBackend':
        return this.switchBackend(request.name, {
          measure: request.measure === true,
          measurements: request.measurements,
        });
      case 'load':
        return this.load(request.doc, request.files, request.id, request.limits);
      case 'play':
        return this.runs.play();
      case 'pause':
        return this.runs.pause(request.sentAt);
      case 'step':
        return this.runs.step();
      case 'reset':
        return this.runs.reset();
      case 'walk':
        return this.runs.walk(request.example, request.apply);
      case 'boundaryPlane':
        return this.boundary.setPlane(request.plane);
      case 'probe':
        return this.views.probe(request.requestId, request.features);
      case 'exportWeights': {
        const loaded = requireLoaded(this.current);
        const weights = await loaded.trainer.program.exportWeights();
        this.post({ type: 'weights', requestId: request.requestId, weights });
        return;
      }
      case 'dispose':
        return this.dispose();
      case 'traceAck':
      case 'configure':
      case 'requestCounter':
        return;
      default: {
        const unknown: never = request;
        throw new Error(`unknown request ${JSON.stringify((unknown as { type: unknown }).type)}`);
      }
    }
  }

  private fail(err: unknown): void {
    if (!this.disposed) this.post({ type: 'error', message: messageOf(err) });
  }

  // ---------------------------------------------------------------------------------------------
  // Backend, load, dispose

  private async switchBackend(name: string, measuring: BackendMeasuring = {}): Promise<void> {
    const old = this.current;
    const wasRunning = this.runs.running;
    let saved: { weights: NonNullable<GraphDoc['weights']>; steps: number } | null = null;
    if (old) {
      await this.runs.stopRun(true);
      saved = { weights: await old.trainer.program.exportWeights(), steps: old.trainer.steps };
      // Every tensor of the old backend goes before the switch.
      await this.boundary.settle();
      await this.views.settle();
      old.trainer.dispose();
      this.current = null;
    }
    let failure: unknown = null;
    try {
      this.post({ type: 'backend', choice: await this.startBackend(name, measuring) });
    } catch (err) {
      failure = err;
    }
    if (old && saved) {
      // The same checked graph and data on the (new or still active) backend, with the weights kept.
      const graph: ShapedGraph = { ...old.graph, doc: { ...old.graph.doc, weights: saved.weights } };
      try {
        const trainer = new Trainer({ graph, dataset: old.dataset, startStep: saved.steps });
        this.current = { ...old, trainer };
        this.views.prepare(this.current);
        // A run goes on where it was; otherwise the state is what it was.
        if (wasRunning && !trainer.done) this.runs.play();
        else this.runs.setState(this.runs.restingState(trainer));
        await this.boundary.send();
        await this.views.send();
      } catch (err) {
        this.runs.setState('empty');
        throw err;
      }
    }
    if (failure) throw failure;
  }

  /**
   * Loads a graph; every outcome answers with the request's `id` (when it has one), so the UI can
   * tell the events of the graph it replaced from those of this one.
   */
  private async load(
    doc: GraphDoc,
    files: Record<string, Uint8Array> = {},
    id?: number,
    limits?: RunLimits,
  ): Promise<void> {
    try {
      await this.loadGraph(doc, files, id, limits);
    } catch (err) {
      if (id === undefined) throw err;
      if (!this.disposed) this.post({ type: 'error', message: messageOf(err), load: id });
    }
  }

  private async loadGraph(
    doc: GraphDoc,
    files: Record<string, Uint8Array>,
    id?: number,
    limits?: RunLimits,
  ): Promise<void> {
    const prepared = await prepareRun(doc, files, { limits });
    const tag = id === undefined ? {} : { id };
    if (!prepared.ok) {
      this.post({ type: 'invalid', diagnostics: prepared.diagnostics, ...tag });
      return;
    }
    const { graph, dataset, trainer } = prepared;
    // The new graph is good: only now does the old one go.
    await this.unload();
    const planar = isPlanar(dataset);
    this.current = {
      graph,
      dataset,
      trainer,
      range: planar ? featureRange(dataset) : null,
      weightsRestored: Object.keys(doc.weights ?? {}).length > 0,
    };
    this.views.prepare(this.current);
    this.traces.clear();
    this.runs.forgetProgress();
    const { summary, transfer } = summarizeDataset(dataset, trainer, planar || isSliceable(dataset));
    const image = exampleImage(this.current);
    if (image) summary.image = image;
    this.post(
      {
        type: 'loaded',
        ...tag,
        dataset: summary,
        stepsPerEpoch: trainer.stepsPerEpoch,
        totalSteps: trainer.totalSteps,
        weightsRestored: this.current.weightsRestored,
      },
      transfer,
    );
    this.runs.setState('ready', true);
    await this.boundary.send();
    await this.views.send();
  }

  /** Stops the run and frees the current trainer. */
  private async unload(): Promise<void> {
    await this.runs.stopRun(true);
    await this.boundary.settle();
    await this.views.settle();
    this.current?.trainer.dispose();
    this.current = null;
  }

  private async dispose(): Promise<void> {
    await this.unload();
    this.runs.forgetState('empty');
    this.disposed = true;
  }
}

/**
 * The decision-boundary grids a session posts for two-feature data sets (and for data sets with a
 * few more features, over a plane the UI chooses): one right away after anything that changes the
 * weights outside a run (load, step, reset, walk, the end of a run, a new plane), and during a run
 * at most every `boundaryEveryMs`, one at a time and without holding up training. Each grid also
 * carries the hidden units' maps of up to {@link MAX_MAP_NODES} nodes, taken in turn.
 */
import { MAX_MAP_NODES, computeBoundary, gridTransfer, hiddenUnitNodes } from '../train/boundary';
import {
  checkPlane,
  defaultPlane,
  featureRange,
  featureStats,
  isSliceable,
  sampleFeatures,
} from '../train/boundary-plane';
import type { PlaneRange } from '../train/boundary-plane';
import { shapeSize } from '../data/checks';
import type { BoundaryPlane, ReportRates } from './protocol';
import type { Loaded } from './loaded-graph';
import type { PostEvent } from './session';
import type { FeedBudget } from '../train/feed-budget';

/** How a boundary feed reaches its session. */
export interface BoundaryFeedHost {
  post: PostEvent;
  /** Reports a failure to compute a grid. */
  fail: (err: unknown) => void;
  /** Clock in milliseconds. */
  now: () => number;
  /** The rates in force (read at every grid, so `configure` applies at once). */
  rates: () => ReportRates;
  /** The graph loaded now: grids of a graph replaced meanwhile are dropped. */
  current: () => Loaded | null;
  disposed: () => boolean;
  /** Shared with the trace frames and the other feeds: a run's grids and views spend from it. */
  budget?: FeedBudget;
}

/** What a loaded graph's grids cover, worked out once per graph (and per plane). */
interface Geometry {
  range: PlaneRange;
  /** The plane through more than two features; null for two-feature data. */
  plane: BoundaryPlane | null;
  /** Every feature of the points the UI draws, to predict their class. */
  points: Float32Array;
  /** The hidden nodes that have unit maps. */
  unitNodes: string[];
}

/** Computes and posts decision-boundary grids, paced during runs. */
export class BoundaryFeed {
  private lastBoundary = -Infinity;
  /** Per loaded graph (dropped with it). */
  private readonly geometries = new WeakMap<Loaded, Geometry>();
  /** The plane the UI chose last; kept across loads of data with as many features. */
  private chosen: BoundaryPlane | null = null;
  /** Where the next grid's window of unit-map nodes starts. */
  private unitCursor = 0;
  /** Boundary grids being read back during a run. */
  private readonly background = new Set<Promise<void>>();
  private boundaryBusy = false;

  constructor(private readonly host: BoundaryFeedHost) {}

  /** The loaded graph when it has a plane to draw and grids are not disabled. */
  private enabled(): Loaded | null {
    const loaded = this.host.current();
    if (!loaded || this.host.rates().boundaryEveryMs <= 0) return null;
    return loaded.range || isSliceable(loaded.dataset) ? loaded : null;
  }

  /** The plane, range, points and mapped nodes of a loaded graph's grids. */
  private geometry(loaded: Loaded): Geometry {
    const known = this.geometries.get(loaded);
    if (known) return known;
    const { dataset, trainer } = loaded;
    let plane: BoundaryPlane | null = null;
    if (!loaded.range) {
      const features = shapeSize(dataset.featureShape);
      try {
        plane = this.chosen ? checkPlane(this.chosen, features) : defaultPlane(featureStats(dataset));
      } catch {
        // The plane chosen for another data set does not fit this one.
        plane = defaultPlane(featureStats(dataset));
      }
    }
    const geometry: Geometry = {
      range: plane ? featureRange(dataset, plane.x, plane.y) : loaded.range!,
      plane,
      points: sampleFeatures(dataset),
      unitNodes: hiddenUnitNodes(trainer.program.graph, trainer.accuracy),
    };
    this.geometries.set(loaded, geometry);
    return geometry;
  }

  /**
   * Draws the boundary over another plane (data sets with more than two features) and posts its grid.
   *
   * @throws Error when the data set has no plane to choose or the plane does not fit it.
   */
  async setPlane(plane: BoundaryPlane): Promise<void> {
    const loaded = this.host.current();
    if (!loaded || !isSliceable(loaded.dataset))
      throw new Error('the data set has no plane to choose: it needs 3 to 32 features');
    const checked = checkPlane(plane, shapeSize(loaded.dataset.featureShape));
    this.chosen = checked;
    const geometry = this.geometry(loaded);
    this.geometries.set(loaded, {
      ...geometry,
      plane: checked,
      range: featureRange(loaded.dataset, checked.x, checked.y),
    });
    await this.send();
  }

  /** Computes and posts a grid now (after load, step, reset, walk, the end of a run). */
  async send(): Promise<void> {
    const loaded = this.enabled();
    if (!loaded) return;
    this.lastBoundary = this.host.now();
    await this.postBoundary(loaded);
  }

  /** During a run: a grid at most every `boundaryEveryMs`, one at a time, without waiting for it. */
  duringRun(): void {
    const loaded = this.enabled();
    if (!loaded || this.boundaryBusy) return;
    const t = this.host.now();
    if (t - this.lastBoundary < this.host.rates().boundaryEveryMs) return;
    // Grids, unit maps, frames and views together stay within the run's side-feed budget.
    if (!(this.host.budget?.allows('boundary') ?? true)) return;
    this.lastBoundary = t;
    this.boundaryBusy = true;
    const end = this.host.budget?.begin();
    const task = this.postBoundary(loaded).finally(() => {
      this.host.budget?.spent(this.host.now() - t);
      end?.();
      this.boundaryBusy = false;
      this.background.delete(task);
    });
    this.background.add(task);
  }

  /** Waits for the grids still being read back, so no tensor outlives its trainer or backend. */
  async settle(): Promise<void> {
    await Promise.all([...this.background]);
  }

  private async postBoundary(loaded: Loaded): Promise<void> {
    try {
      const trainer = loaded.trainer;
      const geometry = this.geometry(loaded);
      const rates = this.host.rates();
      const grid = await computeBoundary(trainer.program, trainer.accuracy, {
        range: geometry.range,
        resolution: rates.boundaryResolution,
        step: trainer.steps,
        plane: geometry.plane,
        points: geometry.points,
        unitNodes: this.unitWindow(geometry.unitNodes),
        unitResolution: rates.unitMapResolution,
      });
      // A grid of a graph that was replaced meanwhile is dropped.
      if (!grid || this.host.current() !== loaded || this.host.disposed()) return;
      this.host.post({ type: 'boundary', grid }, gridTransfer(grid));
    } catch (err) {
      this.host.fail(err);
    }
  }

  /** The next {@link MAX_MAP_NODES} mapped nodes, in turn, so every node's maps stay fresh in a big graph. */
  private unitWindow(nodes: string[]): string[] {
    if (nodes.length <= MAX_MAP_NODES) return nodes;
    const start = this.unitCursor % nodes.length;
    this.unitCursor = start + MAX_MAP_NODES;
    return Array.from({ length: MAX_MAP_NODES }, (_, k) => nodes[(start + k) % nodes.length]);
  }
}

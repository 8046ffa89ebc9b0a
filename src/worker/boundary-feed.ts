/**
 * The decision-boundary grids a session posts for two-feature data sets: one right away after
 * anything that changes the weights outside a run (load, step, reset, walk, the end of a run), and
 * during a run at most every `boundaryEveryMs`, one at a time and without holding up training.
 */
import { computeBoundary } from '../train/boundary';
import type { ReportRates } from './protocol';
import type { Loaded } from './loaded-graph';
import type { PostEvent } from './session';

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
}

/** Computes and posts decision-boundary grids, paced during runs. */
export class BoundaryFeed {
  private lastBoundary = -Infinity;
  /** Boundary grids being read back during a run. */
  private readonly background = new Set<Promise<void>>();
  private boundaryBusy = false;

  constructor(private readonly host: BoundaryFeedHost) {}

  /** The loaded graph when it has a plane to draw and grids are not disabled. */
  private enabled(): Loaded | null {
    const loaded = this.host.current();
    return loaded?.range && this.host.rates().boundaryEveryMs > 0 ? loaded : null;
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
    this.lastBoundary = t;
    this.boundaryBusy = true;
    const task = this.postBoundary(loaded).finally(() => {
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
      const grid = await computeBoundary(
        trainer.program,
        trainer.accuracy,
        loaded.range!,
        this.host.rates().boundaryResolution,
        trainer.steps,
      );
      // A grid of a graph that was replaced meanwhile is dropped.
      if (!grid || this.host.current() !== loaded || this.host.disposed()) return;
      this.host.post({ type: 'boundary', grid }, [
        grid.classes.buffer as ArrayBuffer,
        grid.confidence.buffer as ArrayBuffer,
      ]);
    } catch (err) {
      this.host.fail(err);
    }
  }
}

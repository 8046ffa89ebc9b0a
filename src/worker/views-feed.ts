/**
 * The views' reports a session posts (see `src/views/`): the confusion matrix and a few mistakes
 * of a classifier on the test split, the fitted curve of a one-feature regression, the projection
 * of an embedding table. Like the decision boundary: one right away after anything that changes
 * the weights outside a run, and during a run at most every `viewsEveryMs`, one at a time and
 * without holding up training. Also answers `probe` (a drawn digit through the graph).
 */
import { inputShape } from '../train/feeds';
import { enableImageTraces, flatImageShape, imageShapeOf } from '../trace/images';
import { computeConfusion } from '../views/confusion';
import { computeCurve, curvePoints, curveRange, hasCurve } from '../views/curve';
import { computeEmbedding, embeddingWeight } from '../views/embedding';
import { probeExample } from '../views/probe';
import type { Projection } from '../views/pca';
import type { ViewsReport } from '../views/types';
import type { Loaded } from './loaded-graph';
import type { ReportRates } from './protocol';
import type { PostEvent } from './session';
import type { FeedBudget } from '../train/feed-budget';

/** Test examples evaluated for the confusion matrix, at most. */
export const CONFUSION_EXAMPLES = 2000;
/** Misclassified examples sent, at most. */
export const WRONG_EXAMPLES = 16;
/**
 * Largest share of a run's time the views may take: a big model's confusion matrix (a forward pass
 * over 2,000 test images) is spaced further apart than `viewsEveryMs` so training keeps its pace.
 */
export const VIEWS_BUDGET = 0.1;

/** How a views feed reaches its session. */
export interface ViewsFeedHost {
  post: PostEvent;
  fail: (err: unknown) => void;
  now: () => number;
  rates: () => ReportRates;
  current: () => Loaded | null;
  disposed: () => boolean;
  /** Shared with the trace frames and the other feeds: a run's grids and views spend from it. */
  budget?: FeedBudget;
}

/** What a loaded graph's views need, worked out once per graph. */
interface ViewsPlan {
  image: [number, number] | null;
  confusion: boolean;
  curve: { range: [number, number]; data: { points: Float32Array; split: Uint8Array } } | null;
  embedding: boolean;
  /** The embedding projection's last axes, to keep their signs. */
  axes: Projection['axes'] | null;
}

/**
 * The [h, w] of a loaded graph's examples when each is one grey image: shaped so, or flattened
 * (a square number of classification features, see {@link flatImageShape}).
 */
export function exampleImage(loaded: Pick<Loaded, 'dataset' | 'graph'>): [number, number] | null {
  return (
    imageShapeOf(loaded.dataset.featureShape, inputShape(loaded.graph)) ?? flatImageShape(loaded.dataset)
  );
}

/** Computes and posts the views' reports, paced during runs. */
export class ViewsFeed {
  private last = -Infinity;
  /** How long the last report took to compute (ms). */
  private cost = 0;
  private busy = false;
  private readonly plans = new WeakMap<Loaded, ViewsPlan>();
  private readonly background = new Set<Promise<void>>();

  constructor(private readonly host: ViewsFeedHost) {}

  /** Prepares a newly loaded (or rebuilt) graph: its trace frames carry images from now on. */
  prepare(loaded: Loaded): void {
    enableImageTraces(loaded.trainer.program, exampleImage(loaded));
  }

  private plan(loaded: Loaded): ViewsPlan {
    const known = this.plans.get(loaded);
    if (known) return known;
    const { trainer, dataset } = loaded;
    const embedding = embeddingWeight(trainer.program) !== null;
    const plan: ViewsPlan = {
      image: exampleImage(loaded),
      confusion: trainer.accuracy !== null,
      // Not for classifiers (labels are classes) nor for ids into a lookup table (x is no quantity).
      curve:
        hasCurve(dataset) && trainer.accuracy === null && !embedding
          ? { range: curveRange(dataset), data: curvePoints(trainer.train, trainer.test) }
          : null,
      embedding,
      axes: null,
    };
    this.plans.set(loaded, plan);
    return plan;
  }

  private enabled(): Loaded | null {
    const loaded = this.host.current();
    if (!loaded || this.host.rates().viewsEveryMs <= 0) return null;
    const plan = this.plan(loaded);
    return plan.confusion || plan.curve || plan.embedding ? loaded : null;
  }

  /** Computes and posts the views now (after load, step, reset, walk, the end of a run). */
  async send(): Promise<void> {
    const loaded = this.enabled();
    if (!loaded) return;
    this.last = this.host.now();
    await this.postViews(loaded);
  }

  /** During a run: at most every `viewsEveryMs`, one at a time, without waiting for it. */
  duringRun(): void {
    const loaded = this.enabled();
    if (!loaded || this.busy) return;
    const t = this.host.now();
    if (t - this.last < Math.max(this.host.rates().viewsEveryMs, this.cost / VIEWS_BUDGET)) return;
    // The views, frames, grids and unit maps together stay within the run's side-feed budget.
    if (!(this.host.budget?.allows('views') ?? true)) return;
    this.last = t;
    this.busy = true;
    const end = this.host.budget?.begin();
    const task = this.postViews(loaded).finally(() => {
      this.host.budget?.spent(this.cost);
      end?.();
      this.busy = false;
      this.background.delete(task);
    });
    this.background.add(task);
  }

  /** Waits for reports still being read back, so no tensor outlives its trainer or backend. */
  async settle(): Promise<void> {
    await Promise.all([...this.background]);
  }

  /** Runs one example through the loaded graph and posts what every node made of it. */
  async probe(requestId: number, features: Float32Array): Promise<void> {
    const loaded = this.host.current();
    if (!loaded) throw new Error('no graph is loaded');
    const result = await probeExample(loaded.trainer.program, loaded.trainer.accuracy, features, {
      requestId,
      classNames: loaded.dataset.classNames,
      fullLimit: this.host.rates().fullLimit,
    });
    if (this.host.current() !== loaded || this.host.disposed()) return;
    this.host.post({ type: 'probe', result });
  }

  private async postViews(loaded: Loaded): Promise<void> {
    const start = this.host.now();
    try {
      const { trainer, dataset } = loaded;
      const plan = this.plan(loaded);
      const step = trainer.steps;
      const views: ViewsReport = {};
      const transfer: ArrayBuffer[] = [];
      if (plan.confusion) {
        const split = trainer.test ? 'test' : 'train';
        const confusion = await computeConfusion(
          trainer.program,
          trainer.accuracy,
          {
            data: trainer.test ?? trainer.train,
            split,
            maxExamples: CONFUSION_EXAMPLES,
            maxWrong: WRONG_EXAMPLES,
            image: plan.image,
            step,
          },
          dataset.classNames,
        );
        if (confusion) views.confusion = confusion;
      }
      if (plan.curve) {
        const curve = await computeCurve(trainer.program, plan.curve.range, plan.curve.data, step);
        if (curve) views.curve = curve;
      }
      if (plan.embedding) {
        const found = await computeEmbedding(trainer.program, step, undefined, plan.axes);
        if (found) {
          plan.axes = found.axes;
          views.embedding = found.report;
        }
      }
      if (this.host.current() !== loaded || this.host.disposed()) return;
      if (views.curve)
        transfer.push(views.curve.x.buffer as ArrayBuffer, views.curve.y.buffer as ArrayBuffer);
      if (views.embedding)
        transfer.push(
          views.embedding.vectors.buffer as ArrayBuffer,
          views.embedding.xy.buffer as ArrayBuffer,
        );
      if (Object.keys(views).length > 0) this.host.post({ type: 'views', views }, transfer);
    } catch (err) {
      this.host.fail(err);
    } finally {
      this.cost = this.host.now() - start;
    }
  }
}

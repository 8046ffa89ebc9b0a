/**
 * The graph a session trains, what was derived from it when it was loaded, and what the UI is told
 * about its data set.
 */
import type { Dataset } from '../data/dataset';
import type { ShapedGraph } from '../shapes/infer';
import { featureStats, isPlanar, samplePoints } from '../train/boundary-plane';
import type { PlaneRange } from '../train/boundary-plane';
import type { Trainer } from '../train/trainer';
import type { DatasetSummary } from './protocol';

/** The graph being trained and what was derived from it. */
export interface Loaded {
  graph: ShapedGraph;
  /** The whole data set (the trainer holds the split). */
  dataset: Dataset;
  trainer: Trainer;
  /** The plane of the decision boundary, for two-feature data sets. */
  range: PlaneRange | null;
  weightsRestored: boolean;
}

/**
 * The loaded graph, for requests that need one.
 *
 * @throws Error when no graph is loaded.
 */
export function requireLoaded(loaded: Loaded | null): Loaded {
  if (!loaded) throw new Error('no graph is loaded');
  return loaded;
}

/**
 * What the UI shows of a loaded data set, with the buffers to transfer. A `planar` data set (two
 * features, or a few more to slice by a plane) also sends a sample of its points, drawn under the
 * decision boundary; one with more than two features also every feature of those points and the
 * features' statistics, for choosing the plane.
 */
export function summarizeDataset(
  dataset: Dataset,
  trainer: Trainer,
  planar: boolean,
): { summary: DatasetSummary; transfer: Transferable[] } {
  const summary: DatasetSummary = {
    name: dataset.name,
    trainCount: trainer.train.count,
    testCount: trainer.test?.count ?? 0,
    featureShape: [...dataset.featureShape],
    task: dataset.task,
    ...(dataset.numClasses !== undefined ? { numClasses: dataset.numClasses } : {}),
    ...(dataset.classNames ? { classNames: [...dataset.classNames] } : {}),
    ...(dataset.featureNames ? { featureNames: [...dataset.featureNames] } : {}),
    ...(dataset.vocabulary ? { vocabulary: [...dataset.vocabulary] } : {}),
  };
  const transfer: Transferable[] = [];
  if (planar) {
    const sliced = !isPlanar(dataset);
    summary.points = samplePoints(dataset, undefined, sliced);
    transfer.push(summary.points.xy.buffer as ArrayBuffer, summary.points.label.buffer as ArrayBuffer);
    if (summary.points.features) transfer.push(summary.points.features.buffer as ArrayBuffer);
    if (sliced) summary.slice = featureStats(dataset);
  }
  return { summary, transfer };
}

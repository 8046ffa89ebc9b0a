/**
 * The coach's advice for the current run, recomputed when the run reports (a new history point or
 * trace frame), never per animation frame: advice changes at the pace of epochs.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { coach } from '../../src/coach/coach';
import type { Advice } from '../../src/coach/types';
import type { ShapedGraph } from '../../src/shapes/infer';
import type { RunStore } from '../run/runStore';

/** Advice for `graph` from what `run` has reported; empty without a graph or a run. */
export function useCoach(graph: ShapedGraph | null, run: RunStore): Advice[] {
  const history = useStore(run, (s) => s.history);
  const frame = useStore(run, (s) => s.frame);
  const stepsPerEpoch = useStore(run, (s) => s.stepsPerEpoch);
  const stepMode = useStore(run, (s) => s.stepMode !== null);
  return useMemo(() => {
    if (!graph || stepMode || history.length === 0) return [];
    const points = history.map((p) => ({ step: p.step, loss: p.loss, accuracy: p.trainAccuracy }));
    return coach({ graph, history: points, frame, stepsPerEpoch });
  }, [graph, history, frame, stepsPerEpoch, stepMode]);
}

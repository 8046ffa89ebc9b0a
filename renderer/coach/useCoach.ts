/**
 * The coach's advice for the current run. The run store changes with every history point and trace
 * frame, many times a second while training; the advice changes at the pace of epochs. So the
 * hook subscribes outside React, recomputes at most every {@link COACH_PERIOD_MS}, and re-renders
 * its component (the whole editor) only when the advice itself changed. Subscribing with selectors
 * on `history` and `frame` re-rendered the editor on every frame: a quarter of the page's main
 * thread while training, and a toolbar layout forced each time.
 */
import { useEffect, useState } from 'react';
import { coach } from '../../src/coach/coach';
import type { Advice } from '../../src/coach/types';
import type { ShapedGraph } from '../../src/shapes/infer';
import type { RunSlice, RunStore } from '../run/runStore';

/** Shortest time between two recomputations while the run reports. */
export const COACH_PERIOD_MS = 400;

const NO_ADVICE: Advice[] = [];

/** Advice for `graph` from what the run has reported so far. */
function adviceFor(graph: ShapedGraph | null, s: RunSlice): Advice[] {
  if (!graph || s.stepMode !== null || s.history.length === 0) return NO_ADVICE;
  const points = s.history.map((p) => ({ step: p.step, loss: p.loss, accuracy: p.trainAccuracy }));
  return coach({ graph, history: points, frame: s.frame, stepsPerEpoch: s.stepsPerEpoch });
}

/** What the coach reads of the run changed between two states. */
const coachInputsChanged = (s: RunSlice, p: RunSlice): boolean =>
  s.history !== p.history ||
  s.frame !== p.frame ||
  s.stepsPerEpoch !== p.stepsPerEpoch ||
  s.stepMode !== p.stepMode;

/** Advice for `graph` from what `run` has reported; empty without a graph or a run. */
export function useCoach(graph: ShapedGraph | null, run: RunStore): Advice[] {
  const [advice, setAdvice] = useState<Advice[]>(NO_ADVICE);
  useEffect(() => {
    let shown = '';
    let timer: ReturnType<typeof setTimeout> | null = null;
    const update = () => {
      timer = null;
      const next = adviceFor(graph, run.getState());
      // Same advice, same text: no re-render.
      const key = JSON.stringify(next);
      if (key === shown) return;
      shown = key;
      setAdvice(next);
    };
    update();
    const unsubscribe = run.subscribe((s, p) => {
      if (!coachInputsChanged(s, p)) return;
      // A reset or a new run empties the history: cleared advice shows at once, the rest coalesces.
      if (s.history.length === 0 || s.stepMode !== p.stepMode) update();
      else timer ??= setTimeout(update, COACH_PERIOD_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [graph, run]);
  return advice;
}

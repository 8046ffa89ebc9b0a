/** Reacting to a NaN or an infinity in training. */
import { useEffect } from 'react';
import type { RunStore } from '../run/runStore';

/** Calls `onReport` once per new non-finite report, with the node where it first appeared (if known). */
export function useNonfiniteReport(run: RunStore, onReport: (nodeId: string | null) => void): void {
  useEffect(
    () =>
      run.subscribe((state, previous) => {
        const report = state.nonfinite;
        if (report && report !== previous.nonfinite) onReport(report.nodeId);
      }),
    [run, onReport],
  );
}

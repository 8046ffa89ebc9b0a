/**
 * The run store for the canvas: provided once above it, read by every node readout and edge. A
 * canvas without a provider (a test, a preview) reads a store that never changes, so hooks still
 * run unconditionally.
 */
import { createContext, useContext } from 'react';
import { createRunStore } from './runStore';
import type { RunStore } from './runStore';

/** The run store, provided once above the canvas. */
export const RunContext = createContext<RunStore | null>(null);

const IDLE = createRunStore();

/** The provided run store, or an idle one; `provided` tells which. */
export function useRunStore(): { run: RunStore; provided: boolean } {
  const run = useContext(RunContext);
  return { run: run ?? IDLE, provided: run !== null };
}

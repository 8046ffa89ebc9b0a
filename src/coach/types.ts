/**
 * The training coach's vocabulary: what it reads (plain data the worker already reports) and what
 * it says (advice with one-click remedies as plain patches the editor applies, undoably).
 */
import type { OptimizerSpec, ParamValue } from '../graph/types';
import type { ShapedGraph } from '../shapes/infer';
import type { TraceFrame } from '../trace/types';

/** One point of the run's history. */
export interface CoachPoint {
  step: number;
  /** Mean objective since the previous point. */
  loss: number;
  /** Training accuracy at the last finished epoch, when the graph is a classifier. */
  accuracy?: number;
}

/** What the coach looks at. */
export interface CoachInput {
  graph: ShapedGraph;
  /** Loss (and accuracy) over the run so far, oldest first. */
  history: readonly CoachPoint[];
  /** The latest traced step, or null. */
  frame: TraceFrame | null;
  /** Steps per epoch of the run. */
  stepsPerEpoch: number;
}

/** A change the user can apply with one click. */
export interface Remedy {
  /** Button label (`Learning rate × 10`). */
  label: string;
  /** Training settings to replace (the whole optimizer when it changes). */
  training?: { seed?: number; epochs?: number; optimizer?: OptimizerSpec };
  /** Node params to set. */
  params?: { nodeId: string; name: string; value: ParamValue }[];
}

/** One thing the coach noticed. */
export interface Advice {
  /** Stable kind, for tests and for not repeating the same advice (`dead-relu`, `stalled`…). */
  kind: 'exploding' | 'vanishing' | 'saturated' | 'dead-relu' | 'stalled' | 'chance' | 'linear-model';
  /** One line: what is wrong. */
  title: string;
  /** The likely cause, in a sentence or two. */
  cause: string;
  /** The nodes concerned, to mark on the canvas. */
  nodeIds: string[];
  /** What to try, best first. */
  remedies: Remedy[];
}

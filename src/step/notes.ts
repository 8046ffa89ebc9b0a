/**
 * Notes attached to events of a particular example's walk — e.g. where a lecture's own worked
 * arithmetic differs from the exact numbers. A note carries the numbers it is about, and is shown
 * only when the walk has them, so an edited graph, another training example or another file never
 * gets a claim that is not true of it.
 */
import type { TensorTrace } from '../trace/types';
import type { StepEvent, StepWalk } from './stepper';

/** One number of the walk a note relies on. */
export interface NoteCheck {
  /** `value`: a node's forward value; `grad`: dE/d(node); `update`: Δw of a weight key. */
  of: 'value' | 'grad' | 'update';
  /** Node id (`value`, `grad`) or weight key (`update`). */
  id: string;
  /** Row-major element. */
  element: number;
  /** What it must be, within `tolerance`. */
  is: number;
  tolerance: number;
}

/** A note on one event of a walk. */
export interface StepNote {
  /** The event: its phase and node id (weight key for an update). */
  phase: StepEvent['phase'];
  id: string;
  /** Every check must hold for the note to be shown. */
  when: readonly NoteCheck[];
  text: string;
}

function tensorOf(walk: StepWalk, c: NoteCheck): TensorTrace | null {
  for (const e of walk.events) {
    if (c.of === 'value' && e.phase === 'forward' && e.nodeId === c.id) return e.value;
    if (c.of === 'grad' && e.phase === 'backward' && e.nodeId === c.id) return e.grad;
    if (c.of === 'update' && e.phase === 'update' && e.key === c.id) return e.update;
  }
  return null;
}

/** Whether every check of `note` holds on `walk`. */
export function noteHolds(walk: StepWalk, note: StepNote): boolean {
  return note.when.every((c) => {
    const v = tensorOf(walk, c)?.values?.[c.element];
    return v !== undefined && Math.abs(v - c.is) <= c.tolerance;
  });
}

/** The texts of the notes on event `e` that hold on `walk`. */
export function notesFor(walk: StepWalk, e: StepEvent, notes: readonly StepNote[]): string[] {
  const id = e.phase === 'update' ? e.key : e.nodeId;
  return notes.filter((n) => n.phase === e.phase && n.id === id && noteHolds(walk, n)).map((n) => n.text);
}

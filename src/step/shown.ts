/**
 * Which events of a walk step mode stops at. The walk itself stays complete (the CLI prints every
 * event); only the reading order shown to a student leaves out what the slides never write down.
 */
import type { StepEvent, StepWalk } from './stepper';

/**
 * Ops whose forward event only restates a given number: a weight's current value or the batch's
 * labels. The slides' forward pass starts from the input and never stops at them.
 */
const SETUP_OPS: ReadonlySet<string> = new Set(['Parameter', 'Target']);

/** Whether `e` is the forward event of a Parameter or a Target. */
export function isSetupEvent(e: StepEvent): boolean {
  return e.phase === 'forward' && SETUP_OPS.has(e.op);
}

/**
 * Indices of the events to stop at, in walk order: every event with `setup`, otherwise all but
 * the forward events of Parameters and Targets.
 */
export function shownEvents(walk: StepWalk, setup: boolean): number[] {
  const out: number[] = [];
  walk.events.forEach((e, i) => {
    if (setup || !isSetupEvent(e)) out.push(i);
  });
  return out;
}

/**
 * The shown event to land on when a move reaches `index`: `index` itself when shown, else the next
 * shown one in the direction of travel (`step` +1 or −1), else the nearest in the other direction.
 * Null when nothing is shown.
 */
export function landOn(shown: readonly number[], index: number, step: 1 | -1): number | null {
  if (!shown.length) return null;
  if (shown.includes(index)) return index;
  const ahead = step > 0 ? shown.find((i) => i > index) : [...shown].reverse().find((i) => i < index);
  if (ahead !== undefined) return ahead;
  return step > 0 ? shown[shown.length - 1] : shown[0];
}

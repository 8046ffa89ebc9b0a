/** Which window lines (`conv-windows.ts`) a step event gets, for `explain.ts`. */
import { getOp } from '../ops/registry';
import { inputGradient, kernelGradient, windowForward } from './conv-windows';
import type { WindowView } from './conv-windows';
import type { StepEvent, StepWalk } from './stepper';

/** The op of node `id` in the walk, as its forward event names it. */
function opOf(walk: StepWalk, id: string): string | undefined {
  for (const e of walk.events) if (e.phase === 'forward' && e.nodeId === id) return e.op;
  return undefined;
}

/**
 * Window lines for an event: a window op's forward output, the gradient of the input of a window
 * op (at a backward event of that input), and a conv kernel's gradient (at its update). Null for
 * every other event, or when the walk lacks the numbers (a tensor too big to have been sent whole).
 */
export function windowLines(walk: StepWalk, e: StepEvent): { lines: string[]; view: WindowView } | null {
  if (e.phase === 'forward') return getOp(e.op)?.window ? windowForward(walk, e.nodeId) : null;
  if (e.phase === 'update') {
    const op = opOf(walk, e.nodeId);
    return e.name === 'kernel' && op && getOp(op)?.window === 'conv' ? kernelGradient(walk, e.nodeId) : null;
  }
  const consumer = e.chain.find((c) => {
    const op = opOf(walk, c.consumer);
    return op !== undefined && getOp(op)?.window !== undefined;
  });
  return consumer ? inputGradient(walk, consumer.consumer) : null;
}

/**
 * What the step-mode readout card shows for the focused node: its value, its gradient once the
 * backward pass has reached it, and the formula lines the numbers belong to. Pure, so the card
 * stays a thin view and the choice of lines is tested without a browser.
 */
import { tensorText } from '../trace/format';
import type { TensorTrace } from '../trace/types';
import type { Explanation } from './explain';
import type { StepWalk } from './stepper';

/** The card's content. */
export interface Readout {
  /** The node the card is about (a weight's node for an update). */
  nodeId: string;
  /** `Backward 6/13: z1 (Add)`. */
  title: string;
  /** `z1 = s1 + b1  (Add)`. */
  role: string;
  /** `z1 = [2.2, −1.6]`; for an update, the weight before it. */
  value: string | null;
  /** `dE/dz1 = [−0.01713, 0.03081]`; null before the backward pass reaches the node. */
  grad: string | null;
  /** The formula with this event's numbers, one entry per line. */
  formula: string[];
  /** The slides' δ where it applies. */
  delta: string | null;
}

/** Up to this many elements a tensor is written out in full; bigger ones by shape and norm. */
const CARD_LIMIT = 16;

function show(t: TensorTrace | null | undefined): string | null {
  if (!t) return null;
  if (t.values && t.values.length <= CARD_LIMIT) return tensorText(t);
  return `${t.shape.join('×')} tensor, ‖·‖ = ${tensorText({ ...t, shape: [], values: [t.stats.norm] })}`;
}

/** The card for event `index`, given its explanation. */
export function readoutOf(walk: StepWalk, index: number, x: Explanation): Readout {
  const e = walk.events[index];
  const base = { nodeId: e.nodeId, title: x.title, role: x.role, delta: x.delta };
  if (e.phase === 'update') {
    const value = show(e.value);
    const grad = show(e.grad);
    return {
      ...base,
      value: value && `${e.key} = ${value}`,
      grad: grad && `dE/d${e.key} = ${grad}`,
      formula: [e.formula, ...x.lines.slice(1)],
    };
  }
  const forward = walk.events.find((f) => f.phase === 'forward' && f.nodeId === e.nodeId);
  const value = forward?.phase === 'forward' ? show(forward.value) : null;
  if (e.phase === 'forward')
    return {
      ...base,
      value: value && `${e.nodeId} = ${value}`,
      grad: null,
      // The substituted formula; the last line is the value, which the card shows on its own.
      formula: x.lines.length > 1 ? x.lines.slice(0, -1) : [x.formula],
    };
  const grad = show(e.grad);
  return {
    ...base,
    value: value && `${e.nodeId} = ${value}`,
    grad: grad && `dE/d${e.nodeId} = ${grad}`,
    formula: x.chain.length ? x.chain.flatMap((c) => [c.local, c.numbers]) : x.lines.slice(0, 1),
  };
}

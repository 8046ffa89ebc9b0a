/** The coach on the canvas: one line saying what is wrong with the run, opening the advice. */
import type { Advice } from '../../src/coach/types';
import './coach.css';

interface Props {
  advice: Advice[];
  /** Opens the Training tab's coach and marks the nodes concerned. */
  onOpen: (advice: Advice) => void;
}

export function CoachBanner({ advice, onOpen }: Props) {
  if (advice.length === 0) return null;
  const first = advice[0];
  return (
    <button className="coach-banner" data-testid="coach-banner" onClick={() => onOpen(first)}>
      <span aria-hidden>⚠</span> {first.title}
      {advice.length > 1 && <span className="more"> (+{advice.length - 1} more)</span>}
      <span className="go"> — what to try</span>
    </button>
  );
}

/** The coach in the Training tab: what is wrong with the run, why, and one-click remedies. */
import type { Advice, Remedy } from '../../src/coach/types';
import './coach.css';

interface Props {
  advice: Advice[];
  /** Applies a remedy to the graph (one undoable change) and resets the run. */
  onApply: (remedy: Remedy) => void;
  /** Shows the nodes an advice is about on the canvas. */
  onShow: (nodeIds: string[]) => void;
}

export function CoachPanel({ advice, onApply, onShow }: Props) {
  if (advice.length === 0) return null;
  return (
    <section className="coach" data-testid="coach" aria-live="polite">
      <h3>Coach</h3>
      {advice.map((a) => (
        <article key={a.kind} className="coach-advice" data-testid={`coach-${a.kind}`}>
          <strong>{a.title}</strong>
          <p>{a.cause}</p>
          <div className="coach-remedies">
            {a.nodeIds.length > 0 && (
              <button className="link" onClick={() => onShow(a.nodeIds)}>
                show on canvas
              </button>
            )}
            {a.remedies.map((r) => (
              <button
                key={r.label}
                onClick={() => onApply(r)}
                title="Applies the change (undo with Ctrl+Z) and resets the run"
              >
                {r.label}
              </button>
            ))}
          </div>
        </article>
      ))}
    </section>
  );
}

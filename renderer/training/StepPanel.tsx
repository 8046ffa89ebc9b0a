/**
 * Step mode: one training step walked node by node. Next/Previous (or the arrow keys) move through
 * the forward pass in topological order, the backward pass in reverse with the chain rule written
 * out with numbers, then the update of every weight; the timeline jumps anywhere. The canvas keeps
 * the values of the events already passed.
 */
import { useStore } from 'zustand';
import { explainEvent } from '../../src/step/explain';
import type { TrainingClient } from '../run/client';

interface Props {
  client: TrainingClient;
  learningRate: number;
  /** Example to walk next (null: the next batch). */
  example: number | null;
  onExampleChange: (example: number | null) => void;
}

const PHASE_LABEL = { forward: 'Forward', backward: 'Backward', update: 'Update' } as const;

export function StepPanel({ client, learningRate, example, onExampleChange }: Props) {
  const mode = useStore(client.run, (s) => s.stepMode);
  const trainCount = useStore(client.run, (s) => s.dataset?.trainCount ?? 0);
  if (!mode) return null;
  const walk = mode.walk;
  const total = walk?.events.length ?? 0;
  const explanation = walk && total ? explainEvent(walk, mode.index, learningRate) : null;
  const phase = walk?.events[mode.index]?.phase;
  return (
    <section className="step-panel" data-testid="step-panel" aria-label="Step mode">
      <header>
        <strong>Step {mode.step}</strong>
        <span className="muted">
          {mode.example === null ? 'current batch' : `example ${mode.example}`} · loss{' '}
          <span data-testid="step-loss" data-value={walk?.loss ?? ''}>
            {walk ? walk.loss.toPrecision(6) : '…'}
          </span>
        </span>
        <button
          data-testid="step-prev"
          disabled={!walk || mode.index <= 0}
          onClick={() => client.seek(mode.index - 1)}
          title="Previous (←)"
        >
          ◀ Prev
        </button>
        <input
          type="range"
          min={0}
          max={Math.max(0, total - 1)}
          value={mode.index}
          data-testid="step-timeline"
          aria-label="Timeline"
          onChange={(e) => client.seek(Number(e.target.value))}
        />
        <span className="counter" data-testid="step-counter">
          {mode.index + 1}/{total}
        </span>
        <button
          data-testid="step-next"
          disabled={!walk}
          onClick={() => (mode.index < total - 1 ? client.seek(mode.index + 1) : client.walk(example))}
          title="Next (→)"
        >
          {mode.index < total - 1 ? 'Next ▶' : 'Next step ▶▶'}
        </button>
        <label className="muted">
          walk{' '}
          <select
            data-testid="step-example"
            value={example === null ? 'batch' : String(example)}
            onChange={(e) => onExampleChange(e.target.value === 'batch' ? null : Number(e.target.value))}
          >
            {Array.from({ length: Math.min(trainCount, 64) }, (_, i) => (
              <option key={i} value={i}>
                example {i}
              </option>
            ))}
            <option value="batch">the next batch</option>
          </select>
        </label>
        <button data-testid="step-exit" onClick={() => client.leaveStepMode()}>
          Exit
        </button>
      </header>
      {explanation && (
        <div className={`step-explanation phase-${phase}`} data-testid="step-explanation">
          <div className="step-title">
            <span className={`phase-chip ${phase}`} aria-label={PHASE_LABEL[phase!]} /> {explanation.title}
          </div>
          <code className="step-formula">{explanation.formula}</code>
          {explanation.lines.map((l, i) => (
            <code key={i} className="step-line">
              {l}
            </code>
          ))}
        </div>
      )}
      {!walk && <p className="muted">Computing the step…</p>}
    </section>
  );
}

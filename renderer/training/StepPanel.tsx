/**
 * Step mode: one training step walked node by node. Next/Previous (or the arrow keys) move through
 * the forward pass in topological order, the backward pass in reverse with the chain rule written
 * out with numbers, then the update of every weight; the timeline jumps anywhere. The canvas keeps
 * the values of the events already passed, and a readout card beside the focused node shows its
 * numbers at a readable size.
 *
 * Like the slides, the forward pass leaves out Parameters and Targets (their "forward" only
 * restates a given number) unless "show parameters and targets" is ticked; the walk itself keeps
 * every event, so the canvas still shows their values once passed.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { explainEvent } from '../../src/step/explain';
import type { Explanation } from '../../src/step/explain';
import { readoutOf } from '../../src/step/readout';
import { landOn, shownEvents } from '../../src/step/shown';
import { stepNotesFor } from '../examples';
import type { TrainingClient } from '../run/client';
import { ConvWindowView } from '../step/ConvWindowView';
import { StepCard } from '../step/StepCard';
import '../step/StepText.css';

interface Props {
  client: TrainingClient;
  learningRate: number;
  /** Example to walk next (null: the next batch). */
  example: number | null;
  onExampleChange: (example: number | null) => void;
  /** The document's name, to find the notes of a shipped example. */
  docName?: string;
}

const PHASE_LABEL = { forward: 'Forward', backward: 'Backward', update: 'Update' } as const;

/** The explanation's body: chain steps with the consumer's formula, the sum, δ, notes. */
function Body({ x }: { x: Explanation }) {
  return (
    <>
      {x.chain.map((c, i) => (
        <div key={i} className="step-chain" data-testid="step-chain">
          <code className="step-local" data-testid="step-local">
            <span className="via">
              {c.consumer} ({c.consumerOp}):{' '}
            </span>
            {c.local}
          </code>
          <code className="step-line">{c.numbers}</code>
          {c.jacobian && <p className="step-aside">{c.jacobian}</p>}
        </div>
      ))}
      {x.lines.slice(x.chain.length).map((l, i) => (
        <code key={i} className="step-line">
          {l}
        </code>
      ))}
      {x.delta && (
        <p className="step-delta" data-testid="step-delta">
          {x.delta}
        </p>
      )}
      {x.notes.map((n, i) => (
        <p key={i} className="step-note" data-testid="step-note">
          {n}
        </p>
      ))}
    </>
  );
}

export function StepPanel({ client, learningRate, example, onExampleChange, docName }: Props) {
  const mode = useStore(client.run, (s) => s.stepMode);
  const trainCount = useStore(client.run, (s) => s.dataset?.trainCount ?? 0);
  // Text data sets name the rows of embedding tables in step mode's word2vec lines.
  const vocabulary = useStore(client.run, (s) => s.dataset?.vocabulary);
  const [setup, setSetup] = useState(false);
  const walk = mode?.walk ?? null;
  const index = mode?.index ?? 0;
  const shown = useMemo(() => (walk ? shownEvents(walk, setup) : []), [walk, setup]);
  const notes = useMemo(() => stepNotesFor(docName), [docName]);

  // Arrow keys and the timeline of other callers move one event at a time; landing on a hidden
  // event moves on in the same direction, before paint, so the hidden one never shows.
  const previous = useRef(index);
  useLayoutEffect(() => {
    if (!walk) return;
    const target = landOn(shown, index, index >= previous.current ? 1 : -1);
    previous.current = target ?? index;
    if (target !== null && target !== index) client.seek(target);
  }, [client, walk, shown, index]);

  if (!mode) return null;
  const pos = shown.indexOf(index);
  const explanation = walk && pos >= 0 ? explainEvent(walk, index, learningRate, { shown, notes, vocabulary }) : null;
  const phase = walk?.events[index]?.phase;
  const seekShown = (p: number) => client.seek(shown[Math.max(0, Math.min(shown.length - 1, p))]);
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
          disabled={!walk || pos <= 0}
          onClick={() => seekShown(pos - 1)}
          title="Previous (←)"
        >
          ◀ Prev
        </button>
        <input
          type="range"
          min={0}
          max={Math.max(0, shown.length - 1)}
          value={Math.max(0, pos)}
          data-testid="step-timeline"
          aria-label="Timeline"
          onChange={(e) => seekShown(Number(e.target.value))}
        />
        <span className="counter" data-testid="step-counter">
          {pos + 1}/{shown.length}
        </span>
        <button
          data-testid="step-next"
          disabled={!walk}
          onClick={() => (pos < shown.length - 1 ? seekShown(pos + 1) : client.walk(example))}
          title="Next (→)"
        >
          {pos < shown.length - 1 ? 'Next ▶' : 'Next step ▶▶'}
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
        <label className="muted step-setup" title="Stop at the forward events of Parameters and Targets too">
          <input
            type="checkbox"
            data-testid="step-show-setup"
            checked={setup}
            onChange={(e) => setSetup(e.target.checked)}
          />
          show parameters and targets
        </label>
        <button data-testid="step-exit" onClick={() => client.leaveStepMode()}>
          Exit
        </button>
      </header>
      {explanation && phase && (
        <div className={`step-explanation phase-${phase}`} data-testid="step-explanation">
          <div className="step-title">
            <span className={`phase-chip ${phase}`} aria-label={PHASE_LABEL[phase]} /> {explanation.title}
          </div>
          <code className="step-role">{explanation.role}</code>
          <code className="step-formula">{explanation.formula}</code>
          {phase === 'backward' ? (
            <Body x={explanation} />
          ) : (
            <>
              {explanation.lines.map((l, i) => (
                <code key={i} className="step-line">
                  {l}
                </code>
              ))}
              <Body x={{ ...explanation, lines: [] }} />
            </>
          )}
          {explanation.window && <ConvWindowView view={explanation.window} />}
        </div>
      )}
      {walk && explanation && phase && (
        <StepCard readout={readoutOf(walk, index, explanation)} phase={phase} />
      )}
      {!walk && <p className="muted">Computing the step…</p>}
    </section>
  );
}

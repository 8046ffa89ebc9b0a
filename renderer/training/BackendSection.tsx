/**
 * The Training tab's backend: the one in use with its threads, a switch, why each backend is or is
 * not used (with each one's measured speed), and "Measure again".
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { BACKEND_LABELS, BACKEND_PREFERENCE } from '../../src/backend/names';
import type { BackendName } from '../../src/backend/names';
import { measurementReason } from '../../src/backend/ranking';
import type { BackendAttempt, BackendChoice } from '../../src/backend/select';
import type { TrainingClient } from '../run/client';

const label = (name: string) => BACKEND_LABELS[name as BackendName] ?? name;
const rank = (name: string) => {
  const i = BACKEND_PREFERENCE.indexOf(name as BackendName);
  return i < 0 ? 99 : i;
};

/**
 * Every backend with why it is or is not the one in use: its measured speed when the choice was
 * measured, otherwise the attempts made and the backends not tried.
 */
export function backendReasons(choice: BackendChoice): BackendAttempt[] {
  if (choice.measurements?.length) {
    const measured = choice.measurements.map((m): BackendAttempt => ({
      name: m.name,
      ok: m.name === choice.name,
      reason: measurementReason(m, choice.name, choice.measurements!),
    }));
    // A backend the measurements picked may have failed to start now: say so too.
    const failed = choice.attempts.filter((a) => !a.ok && !measured.some((m) => m.name === a.name));
    return [...measured, ...failed].sort((a, b) => rank(a.name) - rank(b.name));
  }
  const active = rank(choice.name);
  const untried = BACKEND_PREFERENCE.filter((b) => !choice.attempts.some((a) => a.name === b)).map(
    (name): BackendAttempt => ({
      name,
      ok: false,
      reason:
        active < 99 && rank(name) > active
          ? `not needed: ${label(choice.name)} is faster`
          : `not tried: ${label(choice.name)} was chosen`,
    }),
  );
  return [...choice.attempts, ...untried].sort((a, b) => rank(a.name) - rank(b.name));
}

/** ` · 2 threads` for a backend that computes with threads (WASM), else nothing. */
export function threadsLabel(choice: BackendChoice): string {
  return choice.threads ? ` · ${choice.threads} thread${choice.threads === 1 ? '' : 's'}` : '';
}

/** The backend section of the Training tab. */
export function BackendSection({ client }: { client: TrainingClient }) {
  const backend = useStore(client.run, (s) => s.backend);
  const [showReasons, setShowReasons] = useState(false);
  const reasons = backend ? backendReasons(backend) : [];
  return (
    <section>
      <h3>Backend</h3>
      <div className="backend-row">
        <span title={reasons.map((a) => `${label(a.name)}: ${a.reason}`).join('\n') || undefined}>
          <span className="backend-name" data-testid="backend-name">
            {backend ? label(backend.name) : 'measuring…'}
          </span>
          {backend && threadsLabel(backend) && (
            <span className="backend-threads" data-testid="backend-threads">
              {threadsLabel(backend)}
            </span>
          )}
        </span>
        <select
          aria-label="Backend"
          data-testid="backend-select"
          value=""
          onChange={(e) => e.target.value && client.setBackend(e.target.value)}
        >
          <option value="">Switch…</option>
          <option value="auto">Fastest available</option>
          {(Object.keys(BACKEND_LABELS) as BackendName[]).map((b) => (
            <option key={b} value={b}>
              {BACKEND_LABELS[b]}
            </option>
          ))}
        </select>
        <button className="link" onClick={() => setShowReasons((v) => !v)}>
          {showReasons ? 'hide' : 'why?'}
        </button>
      </div>
      {showReasons && backend && (
        <>
          <ul className="reasons" data-testid="backend-reasons">
            {reasons.map((a) => (
              <li key={a.name} className={a.ok ? 'ok' : ''}>
                <strong>{label(a.name)}</strong>: {a.reason}
              </li>
            ))}
          </ul>
          <button
            className="link"
            data-testid="backend-measure"
            title="Time a few training steps on every backend again and use the fastest"
            onClick={() => client.measureBackends()}
          >
            Measure again
          </button>
        </>
      )}
    </section>
  );
}

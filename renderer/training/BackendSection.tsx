/** The Training tab's backend: the one in use, a switch, and why each backend is or is not used. */
import { useState } from 'react';
import { useStore } from 'zustand';
import { BACKEND_LABELS, BACKEND_PREFERENCE } from '../../src/backend/names';
import type { BackendName } from '../../src/backend/names';
import type { BackendAttempt, BackendChoice } from '../../src/backend/select';
import type { TrainingClient } from '../run/client';

const label = (name: string) => BACKEND_LABELS[name as BackendName] ?? name;

/**
 * Every backend with why it is or is not the one in use: the attempts made, then the backends not
 * tried (a slower one was asked for, or a faster one is already active).
 */
function backendReasons(choice: BackendChoice): BackendAttempt[] {
  const rank = (name: string) => BACKEND_PREFERENCE.indexOf(name as BackendName);
  const active = rank(choice.name);
  const untried = BACKEND_PREFERENCE.filter((b) => !choice.attempts.some((a) => a.name === b)).map(
    (name): BackendAttempt => ({
      name,
      ok: false,
      reason:
        active >= 0 && rank(name) > active
          ? `not needed: ${label(choice.name)} is faster`
          : `not tried: ${label(choice.name)} was chosen`,
    }),
  );
  return [...choice.attempts, ...untried].sort(
    (a, b) => (rank(a.name) < 0 ? 99 : rank(a.name)) - (rank(b.name) < 0 ? 99 : rank(b.name)),
  );
}

/** The backend section of the Training tab. */
export function BackendSection({ client }: { client: TrainingClient }) {
  const backend = useStore(client.run, (s) => s.backend);
  const [showReasons, setShowReasons] = useState(false);
  return (
    <section>
      <h3>Backend</h3>
      <div className="backend-row">
        <span
          className="backend-name"
          data-testid="backend-name"
          title={
            backend
              ? backendReasons(backend)
                  .map((a) => `${label(a.name)}: ${a.reason}`)
                  .join('\n')
              : undefined
          }
        >
          {backend ? label(backend.name) : 'starting…'}
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
        <ul className="reasons" data-testid="backend-reasons">
          {backendReasons(backend).map((a) => (
            <li key={a.name} className={a.ok ? 'ok' : ''}>
              <strong>{label(a.name)}</strong>: {a.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

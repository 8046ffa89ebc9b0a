/** Progress of the run: epoch, step, examples per second and the time left. */
import type { Progress } from '../../src/train/progress';

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** `examplesPerStep`: training examples divided by steps per epoch (the mean batch). */
export function ProgressBar({
  progress: p,
  examplesPerStep,
}: {
  progress: Progress | null;
  examplesPerStep: number;
}) {
  const fraction = p ? p.step / Math.max(1, p.totalSteps) : 0;
  // Throughput is measured since the run last (re)started, so it stays right across pauses.
  const left =
    p && p.examplesPerSecond > 0
      ? (((p.totalSteps - p.step) * examplesPerStep) / p.examplesPerSecond) * 1000
      : NaN;
  return (
    <div
      className="progress"
      data-testid="progress"
      data-step={p?.step ?? 0}
      data-fraction={fraction}
      data-eps={p?.examplesPerSecond ?? 0}
    >
      <div className="progress-track">
        {/* Scaled, not resized: a transform transition runs on the compositor, a width one re-laid
            out and repainted the page every frame of a run (progress arrives ten times a second). */}
        <div className="progress-fill" style={{ transform: `scaleX(${fraction.toFixed(4)})` }} />
      </div>
      <div className="progress-text">
        {p ? (
          <>
            epoch {Math.min(p.epoch + 1, p.epochs)}/{p.epochs} · step {p.step}/{p.totalSteps} ·{' '}
            {Math.round(p.examplesPerSecond).toLocaleString('en-US')} ex/s ·{' '}
            {p.done ? 'done' : `${duration(left)} left`}
          </>
        ) : (
          'not started'
        )}
      </div>
    </div>
  );
}

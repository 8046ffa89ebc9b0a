/** Number fields shared by the inspector and the training panel. */
import { useEffect, useState } from 'react';

/** A number input that commits only values within bounds and says why others are refused. */
export function NumberField({
  label,
  value,
  min,
  max,
  integer,
  onCommit,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max?: number;
  integer?: boolean;
  onCommit: (v: number) => void;
  testId?: string;
}) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(value)), [value]);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        value={text}
        className={error ? 'invalid' : ''}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          const bad =
            e.target.value.trim() === '' ||
            !Number.isFinite(n) ||
            n < min ||
            (max !== undefined && n > max) ||
            (integer && !Number.isInteger(n));
          setError(
            bad
              ? `expected ${integer ? 'a whole number' : 'a number'} ≥ ${min}${max !== undefined ? ` and ≤ ${max}` : ''}`
              : null,
          );
          if (!bad) onCommit(n);
        }}
      />
      {error && <em className="error">{error}</em>}
    </label>
  );
}

/**
 * The run limits: how much memory a run may need and how big a data file may be before the worker
 * refuses it with a message (instead of the browser tab running out of memory). Remembered.
 */
import { useState } from 'react';
import { DEFAULT_FILE_LIMIT, DEFAULT_MEMORY_LIMIT, GB, MB } from '../../src/run/memory';
import type { TrainingClient } from '../run/client';

export function LimitsFields({ client }: { client: TrainingClient }) {
  const [memoryGb, setMemoryGb] = useState((client.limits.memoryBytes ?? DEFAULT_MEMORY_LIMIT) / GB);
  const [fileMb, setFileMb] = useState((client.limits.fileBytes ?? DEFAULT_FILE_LIMIT) / MB);
  const apply = (memory: number, file: number) => {
    if (!(memory > 0 && file > 0)) return;
    client.setLimits({ memoryBytes: Math.round(memory * GB), fileBytes: Math.round(file * MB) });
  };
  return (
    <details className="limits" data-testid="limits">
      <summary>Limits</summary>
      <LimitField
        label="memory limit (GB)"
        testId="memory-limit"
        min={0.1}
        step={0.5}
        value={memoryGb}
        onChange={setMemoryGb}
        onDone={() => apply(memoryGb, fileMb)}
      />
      <LimitField
        label="file size limit (MB)"
        testId="file-limit"
        min={1}
        step={64}
        value={fileMb}
        onChange={setFileMb}
        onDone={() => apply(memoryGb, fileMb)}
      />
      <p className="doc">
        A run whose weights, optimizer state, activations and data need more memory than this is refused with
        what needs it, before anything is allocated.
      </p>
    </details>
  );
}

/** One limit: a number field that applies its value when the user leaves it. */
function LimitField(props: {
  label: string;
  testId: string;
  min: number;
  step: number;
  value: number;
  onChange: (v: number) => void;
  onDone: () => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <input
        type="number"
        min={props.min}
        step={props.step}
        value={props.value}
        data-testid={props.testId}
        onChange={(e) => props.onChange(Number(e.target.value))}
        onBlur={props.onDone}
      />
    </label>
  );
}

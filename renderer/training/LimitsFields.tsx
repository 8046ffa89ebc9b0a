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
      <label>
        memory limit (GB){' '}
        <input
          type="number"
          min={0.1}
          step={0.5}
          value={memoryGb}
          data-testid="memory-limit"
          onChange={(e) => setMemoryGb(Number(e.target.value))}
          onBlur={() => apply(memoryGb, fileMb)}
        />
      </label>
      <label>
        file size limit (MB){' '}
        <input
          type="number"
          min={1}
          step={64}
          value={fileMb}
          data-testid="file-limit"
          onChange={(e) => setFileMb(Number(e.target.value))}
          onBlur={() => apply(memoryGb, fileMb)}
        />
      </label>
      <p className="doc">
        A run whose weights, optimizer state, activations and data need more memory than this is refused with
        what needs it, before anything is allocated.
      </p>
    </details>
  );
}

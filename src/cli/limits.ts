/** The memory and file-size limits of a CLI run: the flags, or defaults for this machine. */
import { totalmem } from 'node:os';
import { DEFAULT_FILE_LIMIT, GB } from '../run/memory';
import type { RunLimits } from '../run/memory';
import type { RaiseHints } from '../run/prepare';

/** The flags that set the limits. */
export interface LimitOptions {
  /** `--memory-limit`, in bytes. */
  memoryLimit?: number;
  /** `--file-limit`, in bytes. */
  fileLimit?: number;
}

/** How the CLI's messages say to raise a limit. */
export const CLI_HINTS: RaiseHints = { memory: '--memory-limit', file: '--file-limit' };

/**
 * The default memory limit in Node: half of the machine's memory, at most 4 GB — the WASM backend
 * Node runs on addresses 4 GB at most and dies with "memory access out of bounds" beyond it. A user
 * on the CPU backend with memory to spare raises it with `--memory-limit`.
 */
export function nodeMemoryLimit(total = totalmem()): number {
  return Math.max(GB / 2, Math.min(4 * GB, Math.floor(total / 2)));
}

/** The limits of a run from the flags, with the defaults for this machine. */
export function cliLimits(opts: LimitOptions): Required<RunLimits> {
  return {
    memoryBytes: opts.memoryLimit ?? nodeMemoryLimit(),
    fileBytes: opts.fileLimit ?? DEFAULT_FILE_LIMIT,
  };
}

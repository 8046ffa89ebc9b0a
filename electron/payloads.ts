/** Schemas of IPC payloads: main validates every request with them before acting. */
import { z } from 'zod';
import type { AutosavePayload as AutosaveType, SavePayload as SaveType } from './ipc';

export const SavePayload: z.ZodType<SaveType> = z.strictObject({
  path: z.string().max(4096).nullable(),
  text: z.string().max(512 * 1024 * 1024),
  ask: z.boolean(),
});

export const OpenRecentPayload = z.strictObject({ path: z.string().min(1).max(4096) });

export const AutosavePayload: z.ZodType<AutosaveType> = z.strictObject({
  text: z.string().max(512 * 1024 * 1024),
  fileName: z.string().max(4096).nullable(),
  savedAt: z.number().int().nonnegative(),
});

/** Keys of the download cache: `set/file`, letters, digits, `.`, `-`, `_` only. */
const dataKey = z
  .string()
  .max(200)
  .regex(/^[\w.-]+\/[\w.-]+$/)
  .refine((k) => !k.includes('..'));

export const DataGetPayload = z.strictObject({ key: dataKey });

export const DataPutPayload = z.strictObject({
  key: dataKey,
  bytes: z.instanceof(Uint8Array).refine((b) => b.length <= 256 * 1024 * 1024, 'over 256 MB'),
});

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

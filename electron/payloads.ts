/** Schemas of IPC payloads: main validates every request with them before acting. */
import { z } from 'zod';
import type {
  AutosavePayload as AutosaveType,
  OpenFilesPayload as OpenFilesType,
  SaveExportPayload as SaveExportType,
  SavePayload as SaveType,
} from './ipc';

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

/** Endings like `.onnx`: a dot and a few letters or digits, so nothing but a filter reaches the dialog. */
export const OpenFilesPayload: z.ZodType<OpenFilesType> = z.strictObject({
  extensions: z.array(z.string().regex(/^\.[A-Za-z0-9]{1,12}$/)).max(32),
});

/** An export: at most 1,000 files and 1 GB; the paths are checked again in `export-folder.ts`. */
export const SaveExportPayload: z.ZodType<SaveExportType> = z
  .strictObject({
    name: z.string().min(1).max(255),
    files: z
      .array(
        z.strictObject({
          path: z.string().min(1).max(1024),
          contents: z.union([z.string().max(512 * 1024 * 1024), z.instanceof(Uint8Array)]),
        }),
      )
      .min(1)
      .max(1000),
  })
  .refine(
    (p) =>
      p.files.reduce(
        (n, f) => n + (typeof f.contents === 'string' ? f.contents.length : f.contents.byteLength),
        0,
      ) <=
      1024 ** 3,
    { message: 'the export is over 1 GB' },
  );
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

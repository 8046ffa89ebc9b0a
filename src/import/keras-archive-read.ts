/**
 * Opens a `.keras` archive safely: a zip with `config.json`, `metadata.json` and
 * `model.weights.h5`. Sizes are checked against what the zip declares before anything is
 * inflated (fflate never inflates past the declared size), so a zip bomb is refused, not unpacked.
 */
import { strFromU8, unzipSync } from 'fflate';

/** Largest member sizes we inflate. */
const LIMITS: Record<string, number> = {
  'config.json': 64 * 2 ** 20,
  'metadata.json': 2 ** 20,
  'model.weights.h5': 2 ** 30,
};

/** A member larger than this must not expand more than `MAX_RATIO` times its stored size. */
const RATIO_FLOOR = 2 ** 20;
const MAX_RATIO = 200;

/** The archive's config (parsed JSON) and weight file bytes, or one reason it cannot be read. */
export type KerasArchive = { config: unknown; weights: Uint8Array | null } | { problem: string };

/** Whether bytes start like a zip archive. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

/** Reads a `.keras` archive. */
export function readKerasArchive(bytes: Uint8Array): KerasArchive {
  let refused: string | null = null;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        const limit = Object.hasOwn(LIMITS, f.name) ? LIMITS[f.name] : undefined;
        if (limit === undefined) return false;
        if (f.originalSize > limit)
          refused ??= `${f.name} would inflate to ${f.originalSize} bytes (the limit is ${limit})`;
        else if (f.originalSize > RATIO_FLOOR && f.originalSize > MAX_RATIO * f.size)
          refused ??= `${f.name} would inflate ${Math.round(f.originalSize / f.size)} times its stored size: a zip bomb`;
        return refused === null;
      },
    });
  } catch (e) {
    return {
      problem: `not a complete zip archive (${e instanceof Error ? e.message : String(e)}); the file may be truncated`,
    };
  }
  if (refused) return { problem: refused };
  const config = files['config.json'];
  if (!config) return { problem: 'the archive has no config.json: not a Keras 3 .keras file' };
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(config));
  } catch (e) {
    return { problem: `config.json is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  return { config: json, weights: files['model.weights.h5'] ?? null };
}

/**
 * The app's side of the downloadable image sets: getting them (from the cache, or downloaded with
 * progress) and handing their files to the training worker under the paths the `mnist` kind reads.
 */
import { IMAGE_SETS, cachePath } from '../../src/data/download/catalog';
import type { ImageSetId } from '../../src/data/download/catalog';
import { cachedImageSet, getImageSet } from '../../src/data/download/download';
import type { DownloadProgress } from '../../src/data/download/download';
import type { DatasetSpec } from '../../src/graph/types';
import type { DataCache } from '../../src/data/download/download';
import type { TrainingClient } from '../run/client';

const MIRROR_KEY = 'backprop-studio.mnist-mirror';

/** The mirror the user set for a set (Training tab), or undefined for the set's own. */
export function mirrorSetting(set: ImageSetId): string | undefined {
  try {
    return localStorage.getItem(`${MIRROR_KEY}.${set}`) || undefined;
  } catch {
    return undefined;
  }
}

/** Remembers a mirror for a set; an empty one goes back to the set's own. */
export function setMirrorSetting(set: ImageSetId, url: string): void {
  try {
    if (url) localStorage.setItem(`${MIRROR_KEY}.${set}`, url);
    else localStorage.removeItem(`${MIRROR_KEY}.${set}`);
  } catch {
    // No storage (private mode): the mirror holds for this session only through the field.
  }
}

/** The downloadable set a data-set spec names, or null. */
export function imageSetOf(spec: DatasetSpec): ImageSetId | null {
  return spec.kind === 'mnist' ? (spec.set ?? 'mnist') : null;
}

/** Whether the worker already has the set's files. */
export function hasImageSet(client: TrainingClient, set: ImageSetId): boolean {
  const { files } = IMAGE_SETS[set];
  return [files.trainImages, files.trainLabels].every((f) => client.hasFile(cachePath(set, f.name)));
}

function send(client: TrainingClient, files: Record<string, Uint8Array>): void {
  client.addFiles(files);
}

/** Cache reads under way, so the Training tab and the preload share one (and send the files once). */
const reading = new Map<ImageSetId, Promise<boolean>>();

/** Sends the set's files to the worker if they are cached; whether they were. */
export function loadCachedImageSet(
  client: TrainingClient,
  set: ImageSetId,
  cache: DataCache,
): Promise<boolean> {
  if (hasImageSet(client, set)) return Promise.resolve(true);
  const pending = reading.get(set);
  if (pending) return pending;
  const read = cachedImageSet(IMAGE_SETS[set], cache)
    .catch(() => null)
    .then((files) => {
      reading.delete(set);
      if (files && !hasImageSet(client, set)) send(client, files);
      return files !== null;
    });
  reading.set(set, read);
  return read;
}

/** Downloads (or takes from the cache) the set and sends it to the worker. */
export async function downloadImageSet(
  client: TrainingClient,
  set: ImageSetId,
  cache: DataCache,
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const files = await getImageSet(IMAGE_SETS[set], {
    cache,
    mirror: mirrorSetting(set),
    onProgress,
    signal,
  });
  send(client, files);
}

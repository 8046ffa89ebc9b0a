/**
 * `--download` of `train` and `step`: a graph whose data set is a downloadable image set (MNIST,
 * Fashion-MNIST) gets its files into the cache folder first, with progress on stderr.
 * `BACKPROP_MNIST_MIRROR` replaces the mirror (a local copy), and `BACKPROP_MNIST_SHA256`
 * (`file.gz=hex,…`) the expected hashes for a mirror that serves other files (tests, a subset).
 */
import { IMAGE_SETS } from '../data/download/catalog';
import type { ImageSetId } from '../data/download/catalog';
import { DownloadError, cachedImageSet, getImageSet } from '../data/download/download';
import { defaultCacheDir, folderCache } from '../data/download/node-cache';
import type { GraphDoc } from '../graph/types';
import { CliFailure } from './failure';

/** The downloadable set a graph trains on, or null. */
export function imageSetOf(doc: GraphDoc): ImageSetId | null {
  const spec = doc.training.dataset;
  return spec.kind === 'mnist' ? (spec.set ?? 'mnist') : null;
}

/** `a.gz=hex,b.gz=hex` as a record; throws a CliFailure for a malformed entry. */
function parseHashes(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const out: Record<string, string> = {};
  for (const entry of text.split(',')) {
    const m = /^\s*([\w.-]+)=([0-9a-fA-F]{64})\s*$/.exec(entry);
    if (!m) throw new CliFailure(`BACKPROP_MNIST_SHA256: "${entry}" is not file.gz=<64 hex digits>`, 2);
    out[m[1]] = m[2].toLowerCase();
  }
  return out;
}

/**
 * Downloads the graph's image set into the cache folder unless it is there already. Does nothing
 * for other data sets.
 *
 * @throws CliFailure (exit 1) naming the file, the URL and why, for a failed download.
 */
export async function downloadFor(
  doc: GraphDoc,
  err: (line: string) => void,
  env = process.env,
): Promise<void> {
  const id = imageSetOf(doc);
  if (!id) return;
  const set = IMAGE_SETS[id];
  const cache = folderCache(defaultCacheDir(env));
  if (await cachedImageSet(set, cache)) return;
  let shown = -1;
  try {
    await getImageSet(set, {
      cache,
      mirror: env.BACKPROP_MNIST_MIRROR || undefined,
      sha256: parseHashes(env.BACKPROP_MNIST_SHA256),
      onProgress: ({ file, received, total }) => {
        // One line per tenth: readable in a log, not a flood.
        const tenth = Math.floor((10 * received) / total);
        if (tenth === shown) return;
        shown = tenth;
        err(
          `${set.title}: ${file} ${Math.round((100 * received) / total)} % (${(received / 1e6).toFixed(1)} MB)`,
        );
      },
    });
  } catch (e) {
    if (e instanceof DownloadError) throw new CliFailure(e.message, 1);
    throw e;
  }
}

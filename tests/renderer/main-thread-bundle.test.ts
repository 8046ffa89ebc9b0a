/**
 * The editor's main thread carries no tfjs: only the training worker may load it (it doubled the
 * editor bundle). Bundles `renderer/main.tsx` with esbuild and walks its import graph; the worker
 * is reached only through `new URL(…, import.meta.url)`, which esbuild does not follow.
 */
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The chain of imports from `entry` to the first input `isBad` accepts, or null when none is reachable. */
function chainTo(meta: Metafile, entry: string, isBad: (path: string) => boolean): string[] | null {
  const from = new Map<string, string>();
  const queue = [entry];
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.shift()!;
    if (isBad(file)) {
      const chain = [file];
      for (let f = from.get(file); f; f = from.get(f)) chain.unshift(f);
      return chain;
    }
    for (const i of meta.inputs[file]?.imports ?? []) {
      if (i.external || seen.has(i.path)) continue;
      seen.add(i.path);
      from.set(i.path, file);
      queue.push(i.path);
    }
  }
  return null;
}

describe('editor main-thread bundle', () => {
  it('reaches no @tensorflow/tfjs module from renderer/main.tsx', async () => {
    const { metafile } = await build({
      entryPoints: ['renderer/main.tsx'],
      bundle: true,
      write: false,
      metafile: true,
      outdir: 'unused',
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
      loader: { '.css': 'empty', '.svg': 'empty' },
    });
    const chain = chainTo(metafile, 'renderer/main.tsx', (p) => /@tensorflow[\\/]tfjs/.test(p));
    expect(chain, `tfjs reached through ${chain?.join(' → ')}`).toBeNull();
  }, 20_000);
});

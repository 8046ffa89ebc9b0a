/** The graph file itself: the format every other one is derived from, and the only lossless one. */
import { serializeGraph } from '../graph/load';
import type { ExportFormat } from './types';

/** A file name from the graph's name (`XOR network` → `xor-network`). */
export function baseName(name: string | undefined, fallback = 'graph'): string {
  const slug = (name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || fallback;
}

export const jsonFormat: ExportFormat = {
  id: 'json',
  title: 'Graph JSON',
  description: 'The Backprop Studio graph file: network, layout, training settings and (optionally) weights.',
  needsValidGraph: false,
  limitations: () => [],
  write: ({ doc }, { noWeights }) => {
    const out = { ...doc };
    if (noWeights) delete out.weights;
    return [{ path: `${baseName(doc.name)}.json`, contents: serializeGraph(out) }];
  },
};

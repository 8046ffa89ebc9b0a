/**
 * data.py of the code exports, without Python: every registered data-set kind has a generator (so
 * no export stops at "no Python generator"), and the MNIST generator downloads from the app's
 * catalog mirror with the catalog's SHA-256 of each file. That the generators make exactly the
 * app's examples is checked against Python by scripts/interop-python.sh (its data table).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGE_SETS, setFiles } from '../../src/data/download/catalog';
import { DATASET_KINDS } from '../../src/data/registry';
import { PY_GENERATORS } from '../../src/export/python-data-code';
import { exportGraph } from '../../src/export/registry';
import { parseGraphText } from '../../src/graph/load';

const graph = (path: string) => parseGraphText(readFileSync(path, 'utf8')).doc!;
const dataPy = async (format: 'pytorch' | 'keras-py', path: string) => {
  const r = await exportGraph(format, graph(path), { noWeights: true });
  if (!r.ok) throw new Error(r.message);
  const file = r.files.find((f) => f.path === 'data.py')!;
  return { text: String(file.contents), limitations: r.limitations.map((l) => l.message) };
};

describe('data.py generators', () => {
  it('cover every registered data-set kind', () => {
    const missing = DATASET_KINDS.map((k) => k.kind).filter((k) => !Object.hasOwn(PY_GENERATORS, k));
    expect(missing).toEqual([]);
  });

  it.each(['graphs/mnist-mlp.json', 'graphs/word2vec-skipgram.json', 'graphs/shapes-cnn.json'])(
    '%s: data.py has a generator, not a placeholder, in both code exports',
    async (path) => {
      for (const format of ['pytorch', 'keras-py'] as const) {
        const { text, limitations } = await dataPy(format, path);
        expect(text).toMatch(/^def make\(spec, seed\):/m);
        expect(text).not.toContain('NotImplementedError');
        expect(limitations.join('\n')).not.toContain('no Python generator');
      }
    },
  );

  it('MNIST: downloads from the catalog mirror and checks each file against the catalog SHA-256', async () => {
    const { text, limitations } = await dataPy('pytorch', 'graphs/mnist-mlp.json');
    for (const set of Object.values(IMAGE_SETS)) {
      expect(text).toContain(JSON.stringify(set.mirror));
      for (const file of setFiles(set))
        expect(text).toContain(`${JSON.stringify(file.name)}: ${JSON.stringify(file.sha256)}`);
    }
    expect(text).toContain('backprop-studio');
    expect(limitations.join('\n')).toContain('SHA-256');
  });
});

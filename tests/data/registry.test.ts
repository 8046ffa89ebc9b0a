/**
 * The data-set registry is the one declaration of every kind: the file schema, the loader and the
 * Training tab's fields all follow it.
 */
import { readFileSync } from 'node:fs';
import { cachePath } from '../../src/data/download/catalog';
import type { FileReader } from '../../src/data/kind';
import { smallMnistFiles } from '../helpers/idx-server';
import { describe, expect, it } from 'vitest';
import { datasetChoices, datasetFields } from '../../src/data/fields';
import { loadDataset } from '../../src/data/load';
import { DATASET_KINDS } from '../../src/data/registry';
import type { DatasetSpec } from '../../src/data/registry';
import { parseGraphText } from '../../src/graph/load';

/** Fields a kind needs besides its options, so that a minimal spec of it is complete. */
const REQUIRED: Record<string, Record<string, unknown>> = {
  inline: { features: [[0], [1]], labels: [[0], [1]] },
  csv: { path: 'data.csv' },
  idx: { images: 'images-idx3-ubyte', labels: 'labels-idx1-ubyte' },
};

const template = JSON.parse(readFileSync('graphs/xor-mlp.json', 'utf8'));

/** Parses the example graph with its data set replaced by `dataset`. */
function parseWith(dataset: Record<string, unknown>) {
  return parseGraphText(JSON.stringify({ ...template, training: { ...template.training, dataset } }));
}

const defaultsOf = (kind: (typeof DATASET_KINDS)[number]) =>
  Object.fromEntries(Object.entries(kind.options).map(([key, decl]) => [key, decl.default]));

describe.each(DATASET_KINDS.map((k) => [k.kind, k] as const))('data-set kind %s', (name, kind) => {
  const base = { kind: name, ...REQUIRED[name] };

  it('is accepted by the file schema with every option at its default', () => {
    const { doc, diagnostics } = parseWith({ ...base, ...defaultsOf(kind) });
    expect(diagnostics).toEqual([]);
    expect(doc!.training.dataset.kind).toBe(name);
  });

  it('has its out-of-bound option values rejected with the path of the option', () => {
    for (const [key, decl] of Object.entries(kind.options)) {
      const bad =
        decl.type === 'boolean'
          ? ['yes']
          : [decl.min - 1, decl.max + 1, ...(decl.type === 'int' ? [decl.min + 0.5] : [])];
      for (const value of bad) {
        const { doc, diagnostics } = parseWith({ ...base, [key]: value });
        expect(doc, `${name}.${key} = ${value}`).toBeNull();
        expect(diagnostics.map((d) => d.path)).toContain(`training.dataset.${key}`);
      }
      if (decl.type !== 'boolean') {
        expect(parseWith({ ...base, [key]: decl.min }).diagnostics).toEqual([]);
        expect(parseWith({ ...base, [key]: decl.max }).diagnostics).toEqual([]);
      }
    }
  });

  it('gives the Training tab one field per declared option, with its bounds and default', () => {
    const fields = datasetFields(base as DatasetSpec);
    expect(fields.map((f) => f.key)).toEqual(Object.keys(kind.options));
    for (const field of fields) {
      const decl = kind.options[field.key];
      expect(field.type).toBe(decl.type);
      expect(field.value).toBe(decl.default);
      expect(field.label).toBe(decl.label);
      if (field.type !== 'boolean' && decl.type !== 'boolean') {
        expect([field.min, field.max]).toEqual([decl.min, decl.max]);
      }
    }
  });

  if (kind.offer === 'builtin') {
    it('builds the same data with its options left out as with the declared defaults', () => {
      const spec = { kind: name } as DatasetSpec;
      const explicit = { ...spec, ...defaultsOf(kind) } as DatasetSpec;
      // A downloadable set reads its files from the cache; these are small ones made here.
      const reader = downloadedReader();
      expect(loadDataset(explicit, 7, reader)).toEqual(loadDataset(spec, 7, reader));
    });
  }
});

describe('the Training tab', () => {
  it('shows a spec’s own values and the defaults of what it leaves out', () => {
    const fields = datasetFields({ kind: 'spiral', classes: 5 });
    expect(fields.map((f) => [f.key, f.value])).toEqual([
      ['classes', 5],
      ['pointsPerClass', 100],
      ['noise', 0.2],
    ]);
  });

  it('lists every built-in kind, file-only kinds only when the graph uses them, and leaves CSV to the import', () => {
    const builtIn = DATASET_KINDS.filter((k) => k.offer === 'builtin').map((k) => k.kind);
    expect(datasetChoices('xor').map((c) => c.kind)).toEqual(builtIn);
    expect(builtIn).toContain('checkerboard');
    expect(datasetChoices('idx').map((c) => c.kind)).toEqual([...builtIn, 'idx']);
    expect(datasetChoices('csv').map((c) => c.kind)).not.toContain('csv');
  });
});

/** A reader of the download cache holding small MNIST-format files for every downloadable set. */
function downloadedReader(): FileReader {
  const files = smallMnistFiles();
  const byPath = new Map<string, Uint8Array>();
  for (const set of ['mnist', 'fashion'] as const)
    for (const [name, bytes] of Object.entries(files)) byPath.set(cachePath(set, name), bytes);
  const reader: FileReader = (path) => byPath.get(path)!;
  reader.has = (path) => byPath.has(path);
  return reader;
}

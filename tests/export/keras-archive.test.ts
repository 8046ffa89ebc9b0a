/**
 * The `.keras` archive's layout, checked against what Keras itself writes (the fixtures in
 * tests/fixtures/keras were saved by Keras 3): members stored uncompressed, the functional config,
 * Keras's layer order and weight-group names, and the HDF5 datasets read back with h5wasm.
 * (scripts/interop/check_keras_archive.py loads the archives in Keras itself.)
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/export/registry';
import { readKerasWeights } from '../../src/interop/keras-h5';
import { kerasLayerOrder, snakeCase, weightGroups } from '../../src/interop/keras-order';
import { parseKerasModel } from '../../src/interop/keras-parse';
import { graphWeights } from '../../src/interop/keras-weights';
import { exampleDocs, generatedDocs, perturbed, shaped } from './keras-fixtures';

const kerasSaved = (name: string) => unzipSync(readFileSync(`tests/fixtures/keras/${name}.keras`));

describe('Keras layer order and weight groups', () => {
  it('orders a branching model as Keras did, whatever order the layers come in', () => {
    const config = JSON.parse(strFromU8(kerasSaved('functional-cnn')['config.json']));
    const parsed = parseKerasModel(config, 'config.json');
    if ('problems' in parsed) return expect.fail(JSON.stringify(parsed.problems));
    const keras = parsed.model.layers.map((l) => l.name);
    const shuffled = { ...parsed.model, layers: [...parsed.model.layers].reverse() };
    expect(kerasLayerOrder(shuffled).map((l) => l.name)).toEqual(keras);
  });

  it('names weight groups as Keras does', async () => {
    const files = kerasSaved('functional-cnn');
    const parsed = parseKerasModel(JSON.parse(strFromU8(files['config.json'])), 'config.json');
    if ('problems' in parsed) return expect.fail('unreadable fixture');
    const groups = await readKerasWeights(files['model.weights.h5']);
    if (typeof groups === 'string') return expect.fail(groups);
    const ours = weightGroups(kerasLayerOrder(parsed.model));
    for (const [path, group] of groups) expect(ours.get(group.name!)).toBe(path);
    expect(
      [...groups]
        .filter(([, g]) => g.weights.length)
        .map(([k]) => k)
        .sort(),
    ).toEqual([
      'layers/batch_normalization',
      'layers/conv2d',
      'layers/dense',
      'layers/dense_1',
      'layers/dense_2',
    ]);
  });

  it('snake-cases class names like Keras', () => {
    expect(
      [
        'BatchNormalization',
        'Conv2D',
        'MaxPooling2D',
        'GlobalAveragePooling1D',
        'InputLayer',
        'LeakyReLU',
      ].map(snakeCase),
    ).toEqual([
      'batch_normalization',
      'conv2d',
      'max_pooling2d',
      'global_average_pooling1d',
      'input_layer',
      'leaky_re_lu',
    ]);
  });
});

describe('.keras export', () => {
  it('writes the members Keras writes, stored, with a functional config and the weights in order', async () => {
    const [, doc] = generatedDocs().find(([n]) => n === 'cnn')!;
    const weights = perturbed(await graphWeights(shaped(doc)));
    const r = await exportGraph('keras', { ...doc, weights });
    if (!r.ok) return expect.fail(r.message);
    expect(r.files.map((f) => f.path)).toEqual(['cnn.keras']);
    const bytes = r.files[0].contents as Uint8Array;
    const seen: { name: string; compression: number }[] = [];
    const files = unzipSync(bytes, {
      filter: (f) => (seen.push({ name: f.name, compression: f.compression }), true),
    });
    expect(seen).toEqual([
      { name: 'metadata.json', compression: 0 },
      { name: 'config.json', compression: 0 },
      { name: 'model.weights.h5', compression: 0 },
    ]);
    const config = JSON.parse(strFromU8(files['config.json']));
    expect(config.class_name).toBe('Functional');
    expect(config.config.input_layers).toEqual(['x', 0, 0]);
    expect(config.compile_config.loss).toBe('categorical_crossentropy');
    // learning_rate must be a float in Python's eyes.
    expect(strFromU8(files['config.json'])).toMatch(/"learning_rate":\d+\.\d/);
    const groups = await readKerasWeights(files['model.weights.h5']);
    if (typeof groups === 'string') return expect.fail(groups);
    const bn = groups.get('layers/batch_normalization')!;
    expect(bn.name).toBe('l2');
    expect(bn.weights.map((w) => w.values)).toEqual(
      ['gamma', 'beta', 'movingMean', 'movingVariance'].map((n) => weights.l2[n].values.map(Math.fround)),
    );
    expect(groups.get('layers/conv2d_1')!.name).toBe('l4');
  });

  it('refuses an op-level graph, naming its nodes, and says what differs in training', async () => {
    const [, slides] = exampleDocs().find(([n]) => n === 'xor-slides.json')!;
    const r = await exportGraph('keras', slides);
    expect(r.ok).toBe(false);
    if (!r.ok)
      for (const id of ['W1', 'b1', 's1', 'W2', 'b2', 's2']) expect(r.message).toContain(`node "${id}"`);
    const [, spiral] = exampleDocs().find(([n]) => n === 'spiral-mlp.json')!;
    const ok = await exportGraph('keras', spiral);
    if (!ok.ok) return expect.fail(ok.message);
    const notes = ok.limitations.map((l) => l.message).join('\n');
    expect(notes).toContain("Keras's Adam adds ε");
    expect(notes).toContain('initial ones of seed 1');
  });
});

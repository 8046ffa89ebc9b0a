/**
 * Batches cut on the host (WASM, cpu) must hold exactly what a gather on the backend holds: the
 * same rows, the same one-hot labels, and so the very same training steps as the GPU backends'
 * path (whole upload, per-epoch shuffled copy, slices). The GPU path is run here on a backend of
 * another name with the cpu backend's kernels, which the host path does not recognise as a host.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random';
import { encodeLabels, uploadData } from '../../src/train/feeds';
import { batchesOnHost, gatherRows, sliceRows } from '../../src/train/host-rows';
import { Trainer } from '../../src/train/trainer';
import { loadExample, tf } from '../helpers/tf';

const original = tf.getBackend();
afterAll(async () => {
  await tf.setBackend(original);
});

/** Random values and a shape `[count, …row]`. */
function randomRows(count: number, row: number[], seed: string) {
  const rng = createRng(1, seed);
  const size = row.reduce((a, b) => a * b, 1);
  return {
    values: Float32Array.from({ length: count * size }, () => rng.next() * 2 - 1),
    shape: [count, ...row],
  };
}

describe('rows copied on the host', () => {
  for (const row of [[2], [3, 5], [40], [4, 4, 3]]) {
    it(`gather the same rows as tf.gather, with repeats, for rows of shape [${row.join(', ')}]`, async () => {
      const rows = randomRows(57, row, `rows-${row.join('x')}`);
      const rng = createRng(2, 'indices');
      const indices = Int32Array.from({ length: 90 }, () => rng.int(57));
      const ours = gatherRows(rows, indices);
      const theirs = tf.gather(tf.tensor(rows.values, rows.shape), tf.tensor1d(indices, 'int32'));
      expect(ours.shape).toEqual(theirs.shape);
      expect(Array.from(await ours.data())).toEqual(Array.from(await theirs.data()));
      tf.dispose([ours, theirs]);
    });
  }

  it('slice the same rows as tf.slice, and copy them (the source stays intact)', async () => {
    const rows = randomRows(20, [3], 'slice');
    const before = Float32Array.from(rows.values);
    const ours = sliceRows(rows, 5, 7);
    const theirs = tf.slice(tf.tensor(rows.values, rows.shape), [5, 0], [7, 3]);
    expect(Array.from(await ours.data())).toEqual(Array.from(await theirs.data()));
    expect(rows.values).toEqual(before);
    tf.dispose([ours, theirs]);
  });

  it('refuse an index outside the rows instead of reading zeros', () => {
    const rows = randomRows(4, [2], 'bad');
    expect(() => gatherRows(rows, Int32Array.from([0, 4]))).toThrow(/example 4 is outside the 4 examples/);
    expect(() => gatherRows(rows, Int32Array.from([-1]))).toThrow(RangeError);
    expect(() => sliceRows(rows, 3, 2)).toThrow(RangeError);
  });

  it("encode one-hot labels as tfjs's oneHot does, out-of-range and fractional labels included", async () => {
    const labels = Float32Array.from([0, 2, 1.7, -1, 3, 7, 2.2, 0]);
    const ours = encodeLabels({ nodeId: 't', encoding: 'onehot', shape: [3] }, labels, labels.length);
    const theirs = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat();
    expect(ours.shape).toEqual(theirs.shape);
    expect(Array.from(ours.values)).toEqual(Array.from(await theirs.data()));
    theirs.dispose();
    expect(() => encodeLabels({ nodeId: 't', encoding: 'onehot', shape: [1] }, labels, 8)).toThrow(/depth/);
    expect(() => encodeLabels({ nodeId: 't', encoding: 'value', shape: [2] }, labels, 3)).toThrow(
      /Target 't' takes 3 labels of shape \[2\] \(6 values\); the data set has 8/,
    );
  });
});

describe('a data set on a host backend', () => {
  it('is not uploaded whole: only the batch asked for reaches the backend', () => {
    const { graph, dataset } = loadExample('spiral-mlp');
    const before = tf.memory().numBytes;
    const data = uploadData(graph, dataset);
    expect(batchesOnHost()).toBe(true);
    expect(tf.memory().numBytes).toBe(before);
    const batch = data.batch(Int32Array.from([3, 1, 4, 1, 5]));
    // 5 examples × (2 features + 3 one-hot label values) × 4 bytes.
    expect(tf.memory().numBytes - before).toBe(5 * (2 + 3) * 4);
    tf.dispose([batch.features, ...Object.values(batch.labels)]);
    data.dispose();
  });
});

describe('training on host batches and on backend batches', () => {
  it('takes the very same steps across reshuffled epochs', async () => {
    // The GPU backends' path, on cpu kernels under another name.
    if (!tf.engine().registryFactory['cpu-as-device']) {
      tf.registerBackend('cpu-as-device', tf.findBackendFactory('cpu')!);
      for (const k of tf.getKernelsForBackend('cpu'))
        tf.registerKernel({ ...k, backendName: 'cpu-as-device' });
    }
    const { graph, dataset } = loadExample('spiral-mlp');
    const weightsAfter = async (backend: string) => {
      await tf.setBackend(backend);
      const trainer = new Trainer({ graph, dataset, overrides: { testSplit: 0.2, batchSize: 32, seed: 5 } });
      try {
        // 240 training examples in batches of 32: 8 steps an epoch, so 20 steps cross 2 reshuffles.
        for (let i = 0; i < 20; i++) trainer.stepFast().dispose();
        const evaluation = await trainer.evaluate();
        const weights = await Promise.all(
          trainer.program.weights.map(async (w) => Array.from(await w.variable.data())),
        );
        return { weights, evaluation, onHost: batchesOnHost() };
      } finally {
        trainer.dispose();
      }
    };
    const device = await weightsAfter('cpu-as-device');
    const host = await weightsAfter('cpu');
    expect(device.onHost).toBe(false);
    expect(host.onHost).toBe(true);
    expect(host.weights).toEqual(device.weights);
    expect(host.evaluation).toEqual(device.evaluation);
  });
});

/**
 * The worker's views through the session protocol (Node, wasm): image traces of a small CNN, the
 * confusion matrix and mistakes on the test split, the fitted curve of the sine, the embedding
 * projection, and a probe of one example. Every number is checked against arithmetic done here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '../helpers/tf';
import { Recorder, graphDoc } from '../worker/recorder';
import { barCnnDoc, barImages, pairEmbeddingDoc } from './fixtures';

const sessions: Recorder[] = [];
function recorder(): Recorder {
  const r = new Recorder();
  sessions.push(r);
  return r;
}
/** Waits for the run's end and the views computed after it. */
async function finished(r: Recorder): Promise<void> {
  await r.until(
    (x) => {
      const v = x.last('views')?.views;
      const step = v?.confusion?.step ?? v?.embedding?.step ?? v?.curve?.step;
      return x.states().includes('done') && step === x.last('progress')?.progress.step;
    },
    'the run to finish and its views',
    50_000,
  );
}
afterEach(async () => {
  for (const r of sessions.splice(0)) await r.send({ type: 'dispose' });
});

describe('image traces', () => {
  it('a traced step carries the input digit, the feature maps, the kernels and their gradients', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: barCnnDoc() });
    expect(r.of('invalid')).toEqual([]);
    expect(r.last('loaded')!.dataset.image).toEqual([8, 8]);
    await r.send({ type: 'step' });
    const frame = r.last('trace')!.frame;
    const images = frame.images!;
    // The Input: the first example of the batch as one 8×8 image, equal to its traced values.
    expect(images.x.value).toMatchObject({ count: 1, height: 8, width: 8, channels: 1 });
    // Conv: 4 channels of 8×8 ('same' padding); pool: 4 of 4×4.
    expect(images.conv.value).toMatchObject({ count: 4, height: 8, width: 8, channels: 4 });
    expect(images.conv.grad).toMatchObject({ count: 4, height: 8, width: 8 });
    expect(images.pool.value).toMatchObject({ count: 4, height: 4, width: 4 });
    // Kernels 3×3, one per filter, and their gradient equals the traced weight gradient's slice.
    expect(images.conv.kernel).toMatchObject({ count: 4, height: 3, width: 3, channels: 4 });
    const kernel = frame.weights['conv/kernel'];
    // The kernel [3,3,1,4] has 36 elements: traced in full at a limit of 64, so comparable.
    const k = kernel.value.values!;
    for (let f = 0; f < 4; f++)
      for (let i = 0; i < 9; i++) expect(images.conv.kernel!.pixels[f * 9 + i]).toBeCloseTo(k[i * 4 + f], 6);
    const g = kernel.grad!.values!;
    for (let f = 0; f < 4; f++)
      for (let i = 0; i < 9; i++)
        expect(images.conv.kernelGrad!.pixels[f * 9 + i]).toBeCloseTo(g[i * 4 + f], 6);
    // Channel f of the pooled maps is the 2×2 max of channel f of the conv maps.
    const conv = images.conv.value!.pixels;
    const pool = images.pool.value!.pixels;
    for (let f = 0; f < 4; f++)
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 4; x++) {
          const at = (yy: number, xx: number) => conv[f * 64 + yy * 8 + xx];
          const m = Math.max(
            at(2 * y, 2 * x),
            at(2 * y, 2 * x + 1),
            at(2 * y + 1, 2 * x),
            at(2 * y + 1, 2 * x + 1),
          );
          expect(pool[f * 16 + y * 4 + x]).toBeCloseTo(m, 5);
        }
    // The input image is one of the data set's images.
    const all = barImages(90).features;
    const first = Array.from(images.x.value!.pixels);
    expect(all.some((img) => img.every((v, i) => Math.abs(v - first[i]) < 1e-6))).toBe(true);
  });

  it('flattened images (an MLP on 16×16 shapes as 256 features) still show the input as an image', async () => {
    const doc = graphDoc('shapes-cnn');
    const r = recorder();
    await r.send({
      type: 'load',
      doc: {
        ...doc,
        nodes: [
          { id: 'x', op: 'Input', params: { shape: [256] } },
          { id: 'output', op: 'Dense', params: { units: 5, activation: 'linear' } },
          ...doc.nodes.filter((n) => n.id === 't' || n.id === 'loss'),
        ],
        edges: [
          { source: 'x', sourcePort: 'out', target: 'output', targetPort: 'in' },
          ...doc.edges.filter((e) => e.target === 'loss'),
        ],
        training: { ...doc.training, dataset: { kind: 'shapes', perClass: 10, size: 16, flatten: true } },
      },
    });
    expect(r.of('invalid')).toEqual([]);
    expect(r.last('loaded')!.dataset).toMatchObject({ featureShape: [256], image: [16, 16] });
    await r.send({ type: 'step' });
    const frame = r.last('trace')!.frame;
    expect(frame.images!.x.value).toMatchObject({ count: 1, height: 16, width: 16 });
    expect(Object.keys(frame.images!).sort()).toEqual(['output', 'x']);
    // The Dense layer's 5 units' weights over the 256 pixels, as 16×16 images: column u of the
    // kernel (read by a probe, which shows the weights as they are now, like the export).
    expect(frame.images!.output.kernel).toMatchObject({ count: 5, height: 16, width: 16 });
    await r.send({ type: 'probe', requestId: 3, features: new Float32Array(256) });
    const kernel = r.last('probe')!.result.images.output.kernel!;
    expect(kernel).toMatchObject({ count: 5, height: 16, width: 16, channels: 5 });
    const weights = await r.weights();
    const w = weights.output.kernel.values;
    for (const [u, p] of [
      [0, 0],
      [3, 100],
      [4, 255],
    ])
      expect(kernel.pixels[u * 256 + p]).toBeCloseTo(w[p * 5 + u], 6);
  });

  it('graphs without image-shaped values get no images', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    await r.send({ type: 'step' });
    expect(r.last('trace')!.frame.images ?? {}).toEqual({});
  });
});

describe('confusion matrix', () => {
  it('counts every test example once and lists mistakes that disagree with their counts', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: barCnnDoc(90, 15) });
    const c = r.last('views')!.views.confusion!;
    const loaded = r.last('loaded')!;
    expect(c.split).toBe('test');
    expect(c.classes).toEqual(['0', '1', '2']);
    expect(c.total).toBe(loaded.dataset.testCount);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(loaded.dataset.testCount);
    // Off-diagonal counts = mistakes; the listed ones (≤ 16) are among them.
    let off = 0;
    for (let t = 0; t < 3; t++) for (let p = 0; p < 3; p++) if (t !== p) off += c.counts[t * 3 + p];
    expect(c.wrong.length).toBe(Math.min(16, off));
    for (const w of c.wrong) {
      expect(w.truth).not.toBe(w.predicted);
      expect(w.features).toHaveLength(64);
    }
    // The reported accuracy agrees with the diagonal after training.
    await r.send({ type: 'play' });
    await finished(r);
    const after = r.last('views')!.views.confusion!;
    const diagonal = after.counts[0] + after.counts[4] + after.counts[8];
    const progress = r.last('progress')!.progress;
    expect(diagonal / after.total).toBeCloseTo(progress.test!.accuracy!, 6);
    expect(diagonal / after.total).toBeGreaterThan(0.9);
  }, 60_000);
});

describe('memory', () => {
  it('views, image traces and probes leave no tensor behind', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: barCnnDoc(60, 2) });
    await r.send({ type: 'step' });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      await r.send({ type: 'step' });
      await r.send({ type: 'probe', requestId: k, features: new Float32Array(64) });
      await r.send({ type: 'walk', example: 0, apply: false });
    }
    await r.send({ type: 'probe', requestId: 9, features: new Float32Array(3) });
    expect(r.of('error')).toHaveLength(1);
    expect(r.of('probe')).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('rates', () => {
  it('sends views while it trains, newer steps each time, and none when turned off', async () => {
    const r = recorder();
    await r.send({ type: 'configure', rates: { viewsEveryMs: 1 } });
    await r.send({ type: 'load', doc: graphDoc('sine-regression', { epochs: 40 }) });
    await r.send({ type: 'play' });
    await finished(r);
    const steps = r.of('views').map((e) => e.views.curve!.step);
    expect(steps.length).toBeGreaterThan(2);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1]);
    const off = recorder();
    await off.send({ type: 'configure', rates: { viewsEveryMs: 0 } });
    await off.send({ type: 'load', doc: graphDoc('sine-regression', { epochs: 2 }) });
    await off.send({ type: 'play' });
    await off.until((x) => x.states().includes('done'), 'the run to finish');
    expect(off.of('views')).toEqual([]);
  }, 60_000);
});

describe('binary classifiers', () => {
  it('xor-mlp (one sigmoid output, 0/1 targets, no test split) gets a 2×2 matrix of its training split', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    const c = r.last('views')!.views.confusion!;
    expect(c.split).toBe('train');
    expect(c.classes).toEqual(['0', '1']);
    expect(c.total).toBe(4);
    // XOR has two examples of each class: each row of the matrix sums to 2.
    expect(c.counts[0] + c.counts[1]).toBe(2);
    expect(c.counts[2] + c.counts[3]).toBe(2);
    expect(r.last('views')!.views.curve).toBeUndefined();
  });
});

describe('fitted curve', () => {
  it('predicts over a grid spanning the sine data, with the data points under it', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: graphDoc('sine-regression', { epochs: 5 }) });
    const curve = r.last('views')!.views.curve!;
    const loaded = r.last('loaded')!;
    expect(curve.x).toHaveLength(200);
    expect(curve.y).toHaveLength(200);
    for (let i = 1; i < 200; i++) expect(curve.x[i]).toBeGreaterThan(curve.x[i - 1]);
    // Every example (100 ≤ 400) is drawn, with its split.
    expect(curve.points).toHaveLength(2 * (loaded.dataset.trainCount + loaded.dataset.testCount));
    expect(curve.pointSplit.filter((s) => s === 1)).toHaveLength(loaded.dataset.testCount);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < curve.points.length; i += 2) {
      lo = Math.min(lo, curve.points[i]);
      hi = Math.max(hi, curve.points[i]);
    }
    const pad = (hi - lo) * 0.05;
    expect(curve.x[0]).toBeCloseTo(lo - pad, 4);
    expect(curve.x[199]).toBeCloseTo(hi + pad, 4);
    // The curve at x is what a probe of x predicts.
    await r.send({ type: 'probe', requestId: 7, features: Float32Array.of(curve.x[50]) });
    const probe = r.last('probe')!.result;
    expect(probe.requestId).toBe(7);
    expect(probe.nodes.output.value.values![0]).toBeCloseTo(curve.y[50], 5);
  });
});

describe('embedding projection', () => {
  it('sends the table and its centred 2-D PCA, where ids that share a context end up close', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: pairEmbeddingDoc() });
    await r.send({ type: 'play' });
    await finished(r);
    const e = r.last('views')!.views.embedding!;
    expect(e).toMatchObject({ nodeId: 'emb', rows: 12, totalRows: 12, dim: 4 });
    const weights = await r.weights();
    expect(Array.from(e.vectors)).toEqual(weights.emb.embeddings.values.map((v) => Math.fround(v)));
    // Projections are centred: their means are 0.
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < 12; i++) {
      sx += e.xy[2 * i];
      sy += e.xy[2 * i + 1];
    }
    expect(sx / 12).toBeCloseTo(0, 4);
    expect(sy / 12).toBeCloseTo(0, 4);
    // Ids sharing a context (2k, 2k+1) end up closer in the projection than the average pair.
    const d = (a: number, b: number) =>
      Math.hypot(e.xy[2 * a] - e.xy[2 * b], e.xy[2 * a + 1] - e.xy[2 * b + 1]);
    let pairs = 0;
    let all = 0;
    let n = 0;
    for (let k = 0; k < 6; k++) pairs += d(2 * k, 2 * k + 1) / 6;
    for (let a = 0; a < 12; a++)
      for (let b = a + 1; b < 12; b++) {
        all += d(a, b);
        n++;
      }
    expect(pairs).toBeLessThan((all / n) * 0.5);
  }, 60_000);
});

describe('probe', () => {
  it('a drawn image gives class probabilities that sum to 1 and every node’s value', async () => {
    const r = recorder();
    await r.send({ type: 'load', doc: barCnnDoc(90, 20) });
    await r.send({ type: 'play' });
    await finished(r);
    // A vertical bar in column 3: class 1.
    const img = new Float32Array(64);
    for (let y = 0; y < 8; y++) img[y * 8 + 3] = 1;
    await r.send({ type: 'probe', requestId: 1, features: img });
    const p = r.last('probe')!.result;
    expect(p.probabilities).toHaveLength(3);
    expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(p.predicted).toBe(1);
    // Softmax of the traced logits, computed here.
    const logits = p.nodes.out.value.values!;
    const m = Math.max(...logits);
    const z = logits.reduce((s, v) => s + Math.exp(v - m), 0);
    logits.forEach((v, i) => expect(p.probabilities[i]).toBeCloseTo(Math.exp(v - m) / z, 5));
    expect(Array.from(p.images.x.value!.pixels)).toEqual(Array.from(img));
    expect(p.images.conv.value!.count).toBe(4);
    // A wrong size says what the Input takes.
    await r.send({ type: 'probe', requestId: 2, features: new Float32Array(10) });
    expect(r.last('error')!.message).toMatch(/10 values but the Input takes 64/);
  }, 60_000);
});

import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from '../src/backend/node';
import { Trainer } from '../src/train/trainer';
import { loadDataset } from '../src/data/load';
import { createOptimizer } from '../src/train/optimizers';
import { HandMlp } from './hand-mlp';
import { loadGraph } from './util';
await startNodeBackend(process.argv[2] ?? 'wasm');
const g = loadGraph('spiral-mlp.json');
const ds = loadDataset(g.doc.training.dataset, 1);
const trainer = new Trainer({ graph: g, dataset: ds, overrides: { epochs: 1e9 } });
const hand = new HandMlp({ inputs: 2, layers: [{ key: 'hidden', units: 100, activation: 'relu' }, { key: 'output', units: 3, activation: 'softmax' }], fromLogits: false, l2: { layer: 'hidden', lambda: 0.0005 }, seed: 1 });
const opt = createOptimizer(trainer.spec.optimizer);
const X = tf.tensor2d(ds.features, [300, 2]);
const T = tf.oneHot(tf.tensor1d(ds.labels, 'int32'), 3).toFloat();
const handStep = () => { const idx = tf.tensor1d(Int32Array.from({length:32},(_, i)=>i), 'int32'); const x = tf.gather(X, idx), t = tf.gather(T, idx); idx.dispose(); const l = hand.step(opt, x, t); x.dispose(); t.dispose(); return l; };
for (const [name, f] of [['compiled', () => trainer.stepFast()], ['hand', handStep]] as const) {
  const p = await tf.profile(() => { const l = f(); l.dispose(); });
  console.log(name, p.kernels.length, p.kernels.map(k => k.name).join(' '));
}
const res: Record<string, number[]> = { compiled: [], hand: [] };
for (let rep = 0; rep < 30; rep++) for (const [name, f] of [['compiled', () => trainer.stepFast()], ['hand', handStep]] as const) {
  const t0 = performance.now(); for (let i = 0; i < 200; i++) f().dispose(); res[name].push((performance.now() - t0) / 200);
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k, 'min', v[0].toFixed(3), 'median', v[15].toFixed(3)); }

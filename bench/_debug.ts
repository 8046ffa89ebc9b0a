import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from '../src/backend/node';
await startNodeBackend('wasm');
const x = tf.randomNormal([128, 784]);
const dh = tf.randomNormal([128, 500]);
const time = (name: string, f: () => tf.Tensor) => {
  f().dispose();
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) tf.tidy(f).dispose();
  console.log(name, ((performance.now() - t0) / 10).toFixed(2), 'ms');
};
for (let r = 0; r < 2; r++) {
  time('matMul(x, dh, transposeA)', () => tf.matMul(x, dh, true, false));
  time('matMul(transpose(x), dh)', () => tf.matMul(tf.transpose(x), dh));
}
const a = tf.matMul(x, dh, true, false),
  b = tf.matMul(tf.transpose(x), dh);
console.log('max diff', tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
const cfgs: [number[], [number,number], [number,number]][] = [[[1,5,6,2],[3,3],[2,2]],[[1,4,4,1],[2,3],[1,1]],[[1,4,4,1],[2,2],[1,1]],[[1,4,4,1],[3,3],[1,1]], [[1,5,5,1],[2,2],[2,2]], [[1,3,3,1],[3,3],[3,3]]];
for (const [s, w, st] of cfgs) {
  const out: number[][] = [];
  for (const b of ['cpu', 'wasm']) {
    await tf.setBackend(b); await tf.ready();
    const n = s.reduce((a, c) => a * c, 1);
    const x = tf.tensor(Array.from({length: n}, (_, i) => ((i * 37) % n) * 0.1), s) as tf.Tensor4D;
    const f = (a: tf.Tensor4D) => { const y = tf.avgPool(a, w, st, 'same'); return tf.mul(y, tf.range(1, y.size + 1).reshape(y.shape)).sum(); };
    out.push(Array.from(tf.grad(f)(x).dataSync()));
  }
  const diff = Math.max(...out[0].map((v, i) => Math.abs(v - out[1][i])));
  console.log(JSON.stringify([s,w,st]), diff);
}

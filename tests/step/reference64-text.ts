/**
 * The float64 reference (see `reference64.ts`) for the ops of the text lessons: Embedding, Flatten,
 * Mean, Conv1D, GlobalMaxPool1D, GlobalAvgPool1D and sparse categorical cross-entropy. Plain loops
 * over JavaScript numbers; nothing here calls the app's ops.
 */
import type { Evaluated, NodeOf, T64 } from './reference64';

type Activation = (name: string, s: T64) => { y: T64; vjp: (up: T64) => T64 };

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const zeros = (shape: number[]): T64 => ({ shape, v: new Array<number>(size(shape)).fill(0) });
const only = (inputs: Record<string, T64[]>, weights: Record<string, T64> = {}) => ({ inputs, weights });

/** Strides of a row-major shape. */
function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

/** For each element of `x`, the flat index of the mean it belongs to (axes removed). */
function meanIndex(shape: number[], axes: number[]): { outShape: number[]; index: number[]; count: number } {
  const st = strides(shape);
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const keptShape = kept.map((d) => shape[d]);
  const kst = strides(keptShape);
  const index = Array.from({ length: size(shape) }, (_, flat) =>
    kept.reduce((acc, d, k) => acc + (Math.floor(flat / st[d]) % shape[d]) * kst[k], 0),
  );
  return { outShape: keptShape, index, count: axes.reduce((m, a) => m * shape[a], 1) };
}

/** The padding before position 0 of "same" padding (tf puts the odd one after). */
function padBefore(length: number, k: number, stride: number): number {
  const total = Math.max((Math.ceil(length / stride) - 1) * stride + k - length, 0);
  return Math.floor(total / 2);
}

/**
 * The text ops' value and VJP, or null for another op.
 *
 * @param activation - The reference's activation (shared with Dense).
 */
export function evaluateText(
  r: NodeOf,
  inputs: Record<string, T64[]>,
  weights: Record<string, T64>,
  activation: Activation,
): Evaluated | null {
  const p = r.params;
  switch (r.spec.op) {
    case 'Embedding': {
      const ids = inputs.in[0];
      const table = weights.embeddings;
      const [rows, dim] = table.shape;
      const out = zeros([...ids.shape, dim]);
      ids.v.forEach((id, i) => {
        for (let d = 0; d < dim; d++) out.v[i * dim + d] = table.v[id * dim + d];
      });
      return {
        out,
        vjp: (up) => {
          const g = zeros([rows, dim]);
          ids.v.forEach((id, i) => {
            for (let d = 0; d < dim; d++) g.v[id * dim + d] += up.v[i * dim + d];
          });
          return only({ in: [zeros(ids.shape)] }, { embeddings: g });
        },
      };
    }
    case 'Flatten': {
      const x = inputs.in[0];
      return {
        out: { shape: [x.shape[0], size(x.shape.slice(1))], v: [...x.v] },
        vjp: (up) => only({ in: [{ shape: x.shape, v: [...up.v] }] }),
      };
    }
    case 'Mean':
    case 'GlobalAvgPool1D': {
      const x = inputs.in[0];
      const axes = r.spec.op === 'Mean' ? p.ints('axes').map((a) => (a < 0 ? a + x.shape.length : a)) : [1];
      const { outShape, index, count } = meanIndex(x.shape, axes);
      const keep = r.spec.op === 'Mean' && p.bool('keepDims');
      const out = zeros(keep ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : outShape);
      x.v.forEach((v, i) => (out.v[index[i]] += v / count));
      return { out, vjp: (up) => only({ in: [{ shape: x.shape, v: index.map((j) => up.v[j] / count) }] }) };
    }
    case 'GlobalMaxPool1D': {
      const x = inputs.in[0];
      const [n, length, c] = x.shape;
      const out = zeros([n, c]);
      const winner: number[] = [];
      for (let b = 0; b < n; b++)
        for (let ch = 0; ch < c; ch++) {
          let best = 0;
          for (let i = 1; i < length; i++)
            if (x.v[(b * length + i) * c + ch] > x.v[(b * length + best) * c + ch]) best = i;
          winner.push(best);
          out.v[b * c + ch] = x.v[(b * length + best) * c + ch];
        }
      return {
        out,
        vjp: (up) => {
          const g = zeros(x.shape);
          winner.forEach((i, k) => {
            const b = Math.floor(k / c);
            g.v[(b * length + i) * c + (k % c)] = up.v[k];
          });
          return only({ in: [g] });
        },
      };
    }
    case 'Conv1D': {
      const x = inputs.in[0];
      const [n, length, c] = x.shape;
      const [k, , f] = weights.kernel.shape;
      const stride = p.int('strides');
      const same = p.str('padding') === 'same';
      const outLength = same ? Math.ceil(length / stride) : Math.ceil((length - k + 1) / stride);
      const pad = same ? padBefore(length, k, stride) : 0;
      const s = zeros([n, outLength, f]);
      const at = (b: number, i: number, a: number) => i * stride + a - pad;
      for (let b = 0; b < n; b++)
        for (let i = 0; i < outLength; i++)
          for (let o = 0; o < f; o++) {
            let sum = weights.bias ? weights.bias.v[o] : 0;
            for (let a = 0; a < k; a++) {
              const q = at(b, i, a);
              if (q < 0 || q >= length) continue;
              for (let ch = 0; ch < c; ch++)
                sum += x.v[(b * length + q) * c + ch] * weights.kernel.v[(a * c + ch) * f + o];
            }
            s.v[(b * outLength + i) * f + o] = sum;
          }
      const act = activation(p.str('activation'), s);
      return {
        out: act.y,
        vjp: (up) => {
          const delta = act.vjp(up);
          const dx = zeros(x.shape);
          const dk = zeros(weights.kernel.shape);
          const db = zeros([f]);
          for (let b = 0; b < n; b++)
            for (let i = 0; i < outLength; i++)
              for (let o = 0; o < f; o++) {
                const g = delta.v[(b * outLength + i) * f + o];
                db.v[o] += g;
                for (let a = 0; a < k; a++) {
                  const q = at(b, i, a);
                  if (q < 0 || q >= length) continue;
                  for (let ch = 0; ch < c; ch++) {
                    dx.v[(b * length + q) * c + ch] += g * weights.kernel.v[(a * c + ch) * f + o];
                    dk.v[(a * c + ch) * f + o] += g * x.v[(b * length + q) * c + ch];
                  }
                }
              }
          return only({ in: [dx] }, weights.bias ? { kernel: dk, bias: db } : { kernel: dk });
        },
      };
    }
    case 'SparseCategoricalCrossEntropy': {
      const y = inputs.prediction[0];
      const t = inputs.target[0];
      const [n, classes] = y.shape;
      const fromLogits = p.bool('fromLogits');
      const prob = fromLogits ? activation('softmax', y).y : y;
      const clip = (v: number) => Math.min(1 - 1e-7, Math.max(1e-7, v));
      let value = 0;
      for (let b = 0; b < n; b++)
        value -= Math.log(fromLogits ? prob.v[b * classes + t.v[b]] : clip(prob.v[b * classes + t.v[b]])) / n;
      return {
        out: { shape: [], v: [value] },
        vjp: (up) => {
          const g = zeros(y.shape);
          for (let b = 0; b < n; b++)
            for (let j = 0; j < classes; j++) {
              const hit = j === t.v[b] ? 1 : 0;
              const pj = prob.v[b * classes + j];
              // From logits: dE/do_j = (y_j − t_j)/n, the lecture's error e_j; from probabilities: −t_j/(n p_j).
              g.v[b * classes + j] =
                up.v[0] * (fromLogits ? (pj - hit) / n : pj >= 1e-7 && pj <= 1 - 1e-7 ? -hit / (n * pj) : 0);
            }
          return only({ prediction: [g], target: [zeros(t.shape)] });
        },
      };
    }
  }
  return null;
}

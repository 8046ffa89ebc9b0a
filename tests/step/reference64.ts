/**
 * An independent float64 implementation of one training step of a graph, written for the tests:
 * every op's forward value and its vector-Jacobian product (the chain-rule factor dE/dB · dB/dA of
 * each edge) by hand, in plain JavaScript numbers. It shares no arithmetic with the app: it reads
 * the graph's structure and params, the data fed to Input/Target nodes and the weights before the
 * step, and computes everything else itself.
 */
import type { ShapedGraph } from '../../src/shapes/infer';
import { evaluateText } from './reference64-text';

/** A float64 tensor: row-major values and a shape. */
export interface T64 {
  shape: number[];
  v: number[];
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const zeros = (shape: number[]): T64 => ({ shape, v: new Array<number>(size(shape)).fill(0) });
const map = (a: T64, f: (x: number, i: number) => number): T64 => ({ shape: a.shape, v: a.v.map(f) });

/** Clip bound of probabilities before logs, as the app (and Keras) use. */
const EPS = 1e-7;

function matmul(a: T64, b: T64): T64 {
  const [n, k] = a.shape;
  const m = b.shape[1];
  const out = zeros([n, m]);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.v[i * k + p] * b.v[p * m + j];
      out.v[i * m + j] = s;
    }
  return out;
}

function transpose(a: T64): T64 {
  const [r, c] = a.shape;
  const out = zeros([c, r]);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.v[j * r + i] = a.v[i * c + j];
  return out;
}

/** For each element of the broadcast output, the flat index of `shape`'s element it reads. */
function broadcastIndex(out: number[], shape: number[]): number[] {
  const offset = out.length - shape.length;
  const idx: number[] = [];
  for (let flat = 0; flat < size(out); flat++) {
    let rest = flat;
    let index = 0;
    let stride = 1;
    for (let d = out.length - 1; d >= 0; d--) {
      const coord = rest % out[d];
      rest = Math.floor(rest / out[d]);
      const sd = d - offset;
      if (sd >= 0) {
        if (shape[sd] !== 1) index += coord * stride;
        stride *= shape[sd];
      }
    }
    idx.push(index);
  }
  return idx;
}

function broadcastShape(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    return Math.max(x, y);
  });
}

/** Sums `up` (output-shaped) back onto an operand of `shape` through broadcast index `idx`. */
function unbroadcast(up: T64, shape: number[], idx: number[], scale?: number[]): T64 {
  const out = zeros(shape);
  up.v.forEach((g, i) => (out.v[idx[i]] += g * (scale ? scale[i] : 1)));
  return out;
}

/** An activation's value and its VJP, row-wise for softmax. */
function activation(name: string, s: T64, alpha = 0.2): { y: T64; vjp: (up: T64) => T64 } {
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  switch (name) {
    case 'linear':
      return { y: s, vjp: (up) => up };
    case 'sigmoid': {
      const y = map(s, sig);
      return { y, vjp: (up) => map(up, (g, i) => g * y.v[i] * (1 - y.v[i])) };
    }
    case 'tanh': {
      const y = map(s, Math.tanh);
      return { y, vjp: (up) => map(up, (g, i) => g * (1 - y.v[i] ** 2)) };
    }
    case 'relu':
      return { y: map(s, (x) => Math.max(0, x)), vjp: (up) => map(up, (g, i) => (s.v[i] > 0 ? g : 0)) };
    case 'leakyRelu':
      return {
        y: map(s, (x) => (x > 0 ? x : alpha * x)),
        vjp: (up) => map(up, (g, i) => (s.v[i] > 0 ? g : alpha * g)),
      };
    case 'softmax': {
      const k = s.shape[s.shape.length - 1];
      const y = zeros(s.shape);
      for (let r = 0; r < s.v.length / k; r++) {
        const row = s.v.slice(r * k, r * k + k);
        const m = Math.max(...row);
        const e = row.map((x) => Math.exp(x - m));
        const z = e.reduce((a, b) => a + b, 0);
        e.forEach((x, j) => (y.v[r * k + j] = x / z));
      }
      const vjp = (up: T64) => {
        const out = zeros(s.shape);
        for (let r = 0; r < s.v.length / k; r++) {
          let dot = 0;
          for (let j = 0; j < k; j++) dot += up.v[r * k + j] * y.v[r * k + j];
          for (let j = 0; j < k; j++) out.v[r * k + j] = y.v[r * k + j] * (up.v[r * k + j] - dot);
        }
        return out;
      };
      return { y, vjp };
    }
  }
  throw new Error(`reference has no activation "${name}"`);
}

const ACTIVATION_OF_OP: Record<string, string> = {
  Linear: 'linear',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  ReLU: 'relu',
  LeakyReLU: 'leakyRelu',
  Softmax: 'softmax',
};

/** One node evaluated: its output and its VJP towards its inputs (by port) and its own weights. */
export interface Evaluated {
  out: T64;
  vjp: (up: T64) => { inputs: Record<string, T64[]>; weights: Record<string, T64> };
}

export type NodeOf = ShapedGraph['nodes'] extends Map<string, infer R> ? R : never;

function evaluate(r: NodeOf, inputs: Record<string, T64[]>, weights: Record<string, T64>): Evaluated {
  const op = r.spec.op;
  const p = r.params;
  const none = { inputs: {}, weights: {} };
  if (op in ACTIVATION_OF_OP) {
    const alpha = op === 'LeakyReLU' ? p.num('alpha') : 0.2;
    const a = activation(ACTIVATION_OF_OP[op], inputs.in[0], alpha);
    return { out: a.y, vjp: (up) => ({ inputs: { in: [a.vjp(up)] }, weights: {} }) };
  }
  const text = evaluateText(r, inputs, weights, activation);
  if (text) return text;
  switch (op) {
    case 'Parameter':
      return { out: weights.value, vjp: (up) => ({ inputs: {}, weights: { value: up } }) };
    case 'MatMul': {
      const [a, b] = [inputs.a[0], inputs.b[0]];
      return {
        out: matmul(a, b),
        vjp: (up) => ({
          inputs: { a: [matmul(up, transpose(b))], b: [matmul(transpose(a), up)] },
          weights: {},
        }),
      };
    }
    case 'Add':
    case 'Multiply': {
      const [a, b] = [inputs.a[0], inputs.b[0]];
      const shape = broadcastShape(a.shape, b.shape);
      const ia = broadcastIndex(shape, a.shape);
      const ib = broadcastIndex(shape, b.shape);
      const av = ia.map((i) => a.v[i]);
      const bv = ib.map((i) => b.v[i]);
      const out = { shape, v: av.map((x, i) => (op === 'Add' ? x + bv[i] : x * bv[i])) };
      return {
        out,
        vjp: (up) => ({
          inputs: {
            a: [unbroadcast(up, a.shape, ia, op === 'Add' ? undefined : bv)],
            b: [unbroadcast(up, b.shape, ib, op === 'Add' ? undefined : av)],
          },
          weights: {},
        }),
      };
    }
    case 'Square': {
      const a = inputs.in[0];
      return {
        out: map(a, (x) => x * x),
        vjp: (up) => ({ inputs: { in: [map(up, (g, i) => 2 * a.v[i] * g)] }, weights: {} }),
      };
    }
    case 'Dense': {
      const x = inputs.in[0];
      const s = matmul(x, weights.kernel);
      const units = s.shape[1];
      if (weights.bias) s.v = s.v.map((v, i) => v + weights.bias.v[i % units]);
      const a = activation(p.str('activation'), s);
      return {
        out: a.y,
        vjp: (up) => {
          const delta = a.vjp(up);
          const w: Record<string, T64> = { kernel: matmul(transpose(x), delta) };
          if (weights.bias) {
            const db = zeros([units]);
            delta.v.forEach((g, i) => (db.v[i % units] += g));
            w.bias = db;
          }
          return { inputs: { in: [matmul(delta, transpose(weights.kernel))] }, weights: w };
        },
      };
    }
    case 'L2Penalty':
    case 'L1Penalty': {
      const w = inputs.weights[0];
      const lambda = p.num('lambda');
      const l2 = op === 'L2Penalty';
      const value = lambda * w.v.reduce((s, x) => s + (l2 ? x * x : Math.abs(x)), 0);
      return {
        out: { shape: [], v: [value] },
        vjp: (up) => ({
          inputs: { weights: [map(w, (x) => up.v[0] * lambda * (l2 ? 2 * x : Math.sign(x)))] },
          weights: {},
        }),
      };
    }
    case 'L2Error':
    case 'MSE':
    case 'BinaryCrossEntropy':
    case 'CategoricalCrossEntropy':
      return loss(op, inputs.prediction[0], inputs.target[0], r.params.raw.fromLogits === true);
  }
  void none;
  throw new Error(`reference has no op "${op}"`);
}

/** A loss's value and its VJP towards prediction and target (mean over the batch, as the app defines). */
function loss(op: string, y: T64, t: T64, fromLogits: boolean): Evaluated {
  if (fromLogits) return lossFromLogits(op, y, t);
  const n = y.shape[0];
  const all = y.v.length;
  const per = (f: (y: number, t: number) => number) => y.v.reduce((s, yi, i) => s + f(yi, t.v[i]), 0);
  const clip = (x: number) => Math.min(1 - EPS, Math.max(EPS, x));
  const inside = (x: number) => (x >= EPS && x <= 1 - EPS ? 1 : 0);
  let value: number;
  let dy: (yi: number, ti: number) => number;
  let dt: (yi: number, ti: number) => number;
  switch (op) {
    case 'L2Error':
      value = per((a, b) => 0.5 * (b - a) ** 2) / n;
      dy = (a, b) => -(b - a) / n;
      dt = (a, b) => (b - a) / n;
      break;
    case 'MSE':
      value = per((a, b) => (b - a) ** 2) / all;
      dy = (a, b) => (-2 * (b - a)) / all;
      dt = (a, b) => (2 * (b - a)) / all;
      break;
    case 'BinaryCrossEntropy':
      value = -per((a, b) => b * Math.log(clip(a)) + (1 - b) * Math.log(1 - clip(a))) / all;
      dy = (a, b) => (-(b / clip(a) - (1 - b) / (1 - clip(a))) * inside(a)) / all;
      dt = (a) => -(Math.log(clip(a)) - Math.log(1 - clip(a))) / all;
      break;
    default:
      value = -per((a, b) => b * Math.log(clip(a))) / n;
      dy = (a, b) => (-(b / clip(a)) * inside(a)) / n;
      dt = (a) => -Math.log(clip(a)) / n;
  }
  return {
    out: { shape: [], v: [value] },
    vjp: (up) => ({
      inputs: {
        prediction: [map(y, (a, i) => up.v[0] * dy(a, t.v[i]))],
        target: [map(t, (b, i) => up.v[0] * dt(y.v[i], b))],
      },
      weights: {},
    }),
  };
}

/** What the reference computes for one step. */
export interface Reference {
  /** Every node's output. */
  values: Map<string, T64>;
  /** dE/d(node) for every node that affects the objective. */
  grads: Map<string, T64>;
  /** The chain factor dE/dB · dB/dA of each edge, keyed `A→B.port#k`. */
  products: Map<string, T64>;
  /** dE/dB's VJP of an edge for any upstream vector: to build Jacobians and elementwise derivatives. */
  edgeVjp: Map<string, (up: T64) => T64>;
  /** dE/dw per weight key. */
  weightGrads: Map<string, T64>;
  /** The objective. */
  objective: number;
}

/** Key of one edge's chain factor. */
export const edgeKey = (a: string, b: string, port: string, k: number) => `${a}→${b}.${port}#${k}`;

/**
 * One forward and backward pass in float64. `fed` holds the values of Input and Target nodes;
 * `weights` the values before the step by node id and weight name (`Program.exportWeights` layout).
 */
export function referenceStep(
  graph: ShapedGraph,
  fed: Map<string, T64>,
  weights: Record<string, Record<string, { shape: number[]; values: number[] }>>,
): Reference {
  const w64 = (id: string): Record<string, T64> =>
    Object.fromEntries(
      Object.entries(weights[id] ?? {}).map(([k, w]) => [k, { shape: w.shape, v: [...w.values] }]),
    );
  const values = new Map<string, T64>();
  const evaluated = new Map<string, Evaluated>();
  const ownWeights = new Map<string, Record<string, T64>>();
  const penalised = new Map<string, { layer: string; name: string }>();
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    if (fed.has(id)) {
      values.set(id, fed.get(id)!);
      continue;
    }
    const inputs: Record<string, T64[]> = {};
    for (const [port, sources] of Object.entries(r.inputs))
      if (sources.length) inputs[port] = sources.map((s) => values.get(s)!);
    const layer = r.spec.role === 'penalty' ? r.params.optionalStr('layer') : null;
    if (layer) {
      const name = 'kernel' in (weights[layer] ?? {}) ? 'kernel' : 'value';
      inputs.weights = [w64(layer)[name]];
      penalised.set(id, { layer, name });
    }
    ownWeights.set(id, w64(id));
    const e = evaluate(r, inputs, ownWeights.get(id)!);
    evaluated.set(id, e);
    values.set(id, e.out);
  }
  const grads = new Map<string, T64>();
  const products = new Map<string, T64>();
  const edgeVjp = new Map<string, (up: T64) => T64>();
  const weightGrads = new Map<string, T64>();
  const addGrad = (m: Map<string, T64>, key: string, g: T64) => {
    const prev = m.get(key);
    m.set(key, prev ? { shape: prev.shape, v: prev.v.map((x, i) => x + g.v[i]) } : g);
  };
  const lossWeights = graph.doc.training.lossWeights ?? {};
  let objective = 0;
  for (const id of graph.objectives) {
    const weight = lossWeights[id] ?? 1;
    grads.set(id, { shape: [], v: [weight] });
    objective += weight * values.get(id)!.v[0];
  }
  const weightKey = (id: string, name: string) =>
    Object.keys(weights[id] ?? {}).length === 1 && name === 'value' ? id : `${id}/${name}`;
  for (const b of [...graph.order].reverse()) {
    const up = grads.get(b);
    const e = evaluated.get(b);
    if (!up || !e) continue;
    const back = e.vjp(up);
    const r = graph.nodes.get(b)!;
    for (const [port, sources] of Object.entries(r.inputs))
      sources.forEach((a, k) => {
        const key = edgeKey(a, b, port, k);
        const product = back.inputs[port][k];
        products.set(key, product);
        edgeVjp.set(key, (u) => e.vjp(u).inputs[port][k]);
        addGrad(grads, a, product);
      });
    for (const [name, g] of Object.entries(back.weights)) addGrad(weightGrads, weightKey(b, name), g);
    const pen = penalised.get(b);
    if (pen) addGrad(weightGrads, weightKey(pen.layer, pen.name), back.inputs.weights[0]);
  }
  return { values, grads, products, edgeVjp, weightGrads, objective };
}

/** Cross-entropies on raw scores s: softmax (categorical) or sigmoid (binary) applied inside. */
function lossFromLogits(op: string, s: T64, t: T64): Evaluated {
  const n = s.shape[0];
  const all = s.v.length;
  const value = zeros([]);
  let ds: T64;
  let dt: T64;
  if (op === 'CategoricalCrossEntropy') {
    const k = s.shape[1];
    const p = activation('softmax', s).y;
    const logP = map(p, (x) => Math.log(x));
    value.v[0] = -t.v.reduce((acc, ti, i) => acc + ti * logP.v[i], 0) / n;
    ds = map(s, (_, i) => {
      const r = Math.floor(i / k);
      const rowT = t.v.slice(r * k, r * k + k).reduce((a, b) => a + b, 0);
      return (p.v[i] * rowT - t.v[i]) / n;
    });
    dt = map(logP, (x) => -x / n);
  } else if (op === 'BinaryCrossEntropy') {
    value.v[0] =
      s.v.reduce((acc, x, i) => acc + Math.max(x, 0) - x * t.v[i] + Math.log1p(Math.exp(-Math.abs(x))), 0) /
      all;
    ds = map(s, (x, i) => (1 / (1 + Math.exp(-x)) - t.v[i]) / all);
    dt = map(s, (x) => -x / all);
  } else throw new Error(`reference has no ${op} from logits`);
  return {
    out: value,
    vjp: (up) => ({
      inputs: { prediction: [map(ds, (g) => g * up.v[0])], target: [map(dt, (g) => g * up.v[0])] },
      weights: {},
    }),
  };
}

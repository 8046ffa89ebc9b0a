/**
 * Backprop one node at a time, like the computation-graph slides: the forward pass node by node in
 * topological order, the backward pass in reverse order with the chain rule spelled out per edge
 * (dE/dA = dE/dB · dB/dA), then the update of every weight.
 *
 * All numbers come from one real training step of the compiled program; the per-edge local
 * derivatives are computed by differentiating each consumer op on its own.
 */
import * as tf from '@tensorflow/tfjs';
import type { Feeds, Program } from '../compile/program';
import type { GraphDoc } from '../graph/types';
import { readTensors } from '../trace/read';
import type { TensorTrace, TraceFrame } from '../trace/types';
import { OPTIMIZER_FORMULAS } from '../train/optimizers';
import { disposeStepTensors, tracedStep } from '../train/step';
import type { StepTensors } from '../train/step';

/** Jacobians are computed in full only up to this many entries (outputs × inputs). */
export const JACOBIAN_LIMIT = 256;

/** One factor of the chain rule along the edge A → B. */
export interface ChainFactor {
  /** The consumer B. */
  consumer: string;
  /** The input port of B that A feeds. */
  port: string;
  /** dE/dB, the gradient already known at B. */
  upstream: TensorTrace | null;
  /** dB/dA: elementwise derivative (same shape as A) or the full Jacobian [...B, ...A]; null when too big. */
  local: TensorTrace | null;
  /** How `local` is laid out. */
  localKind: 'elementwise' | 'jacobian' | 'omitted';
  /** dE/dB · dB/dA: the part of dE/dA that flows through B. */
  product: TensorTrace | null;
}

/** One event of the walk. */
export type StepEvent =
  | {
      phase: 'forward';
      nodeId: string;
      op: string;
      /** Forward formula of the op. */
      formula: string;
      /** The node's output. */
      value: TensorTrace;
      /** Where its inputs come from, by port. */
      inputs: { port: string; from: string }[];
    }
  | {
      phase: 'backward';
      nodeId: string;
      op: string;
      /** Local-derivative formula of the op. */
      formula: string;
      /** dE/d(node), the sum of the chain products; null when the node does not affect the loss. */
      grad: TensorTrace | null;
      /** One factor per outgoing edge. */
      chain: ChainFactor[];
    }
  | {
      phase: 'update';
      /** Weight key (`W1`, `hidden/kernel`). */
      key: string;
      nodeId: string;
      name: string;
      /** Update rule of the optimizer. */
      formula: string;
      value: TensorTrace;
      grad: TensorTrace | null;
      /** Δw applied. */
      update: TensorTrace | null;
      /** w + Δw. */
      newValue: TensorTrace;
    };

/** The full walk of one step. */
export interface StepWalk {
  /** Objective before the update. */
  loss: number;
  /** Forward events, then backward, then updates. */
  events: StepEvent[];
}

type Slot = (traces: TensorTrace[]) => void;

/** Collects tensors to read in one go and callbacks to place their traces. */
class ReadPlan {
  readonly tensors: tf.Tensor[] = [];
  private readonly slots: { index: number; place: (t: TensorTrace) => void }[] = [];
  add(tensor: tf.Tensor, place: (t: TensorTrace) => void): void {
    this.slots.push({ index: this.tensors.length, place });
    this.tensors.push(tensor);
  }
  resolve: Slot = (traces) => {
    for (const s of this.slots) s.place(traces[s.index]);
  };
}

/** Differentiates consumer `b` alone with respect to the input on `port` (index `k` of the port). */
function edgeTensors(
  program: Program,
  t: StepTensors,
  b: string,
  port: string,
  k: number,
  upstream: tf.Tensor,
): { local: tf.Tensor | null; localKind: ChainFactor['localKind']; product: tf.Tensor } {
  const r = program.graph.nodes.get(b)!;
  const weights: Record<string, tf.Tensor> = {};
  for (const w of program.weights) if (w.nodeId === b) weights[w.name] = w.variable;
  const baseInputs: Record<string, tf.Tensor[]> = {};
  for (const [p, sources] of Object.entries(r.inputs))
    if (sources.length) baseInputs[p] = sources.map((s) => t.outputs.get(s)!);
  const a = baseInputs[port][k];
  const f = (x: tf.Tensor) =>
    r.spec.forward({
      inputs: { ...baseInputs, [port]: baseInputs[port].map((v, i) => (i === k ? x : v)) },
      params: r.params,
      weights,
      training: true,
      seed: 0,
      feeds: {},
      stateUpdates: [],
      tf,
    });
  const product = tf.tidy(() => tf.grad(f)(a, upstream));
  let local: tf.Tensor | null = null;
  let localKind: ChainFactor['localKind'] = 'omitted';
  if (r.spec.elementwise) {
    local = tf.tidy(() => tf.grad(f)(a));
    localKind = 'elementwise';
  } else if (upstream.size * a.size <= JACOBIAN_LIMIT) {
    local = tf.tidy(() => {
      const rows: tf.Tensor[] = [];
      for (let i = 0; i < upstream.size; i++) {
        const basis = tf.buffer(upstream.shape, 'float32');
        basis.values[i] = 1;
        const dy = basis.toTensor();
        rows.push(tf.grad(f)(a, dy));
      }
      return tf.stack(rows).reshape([...upstream.shape, ...a.shape]);
    });
    localKind = 'jacobian';
  }
  return { local, localKind, product };
}

/**
 * Takes one training step on `feeds` and returns it as a walk. With `apply` false the weights stay
 * as they are and every update is reported as null.
 */
export async function stepThrough(
  program: Program,
  optimizer: tf.Optimizer,
  feeds: Feeds,
  options: {
    apply?: boolean;
    fullLimit?: number;
    seed?: number;
    optimizerType?: GraphDoc['training']['optimizer']['type'];
  } = {},
): Promise<StepWalk> {
  const graph = program.graph;
  const t = tracedStep(program, optimizer, feeds, options.seed ?? 0, options.apply ?? true);
  const plan = new ReadPlan();
  const created: tf.Tensor[] = [];
  const events: StepEvent[] = [];
  let loss = NaN;
  plan.add(t.loss, (tr) => (loss = tr.values?.[0] ?? tr.stats.mean));
  try {
    for (const id of graph.order) {
      const r = graph.nodes.get(id)!;
      const inputs = Object.entries(r.inputs).flatMap(([port, sources]) =>
        sources.map((from) => ({ port, from })),
      );
      const event: StepEvent = {
        phase: 'forward',
        nodeId: id,
        op: r.spec.op,
        formula: r.spec.formula.forward,
        value: null!,
        inputs,
      };
      plan.add(t.outputs.get(id)!, (tr) => (event.value = tr));
      events.push(event);
    }
    for (const id of [...graph.order].reverse()) {
      const r = graph.nodes.get(id)!;
      const event: StepEvent = {
        phase: 'backward',
        nodeId: id,
        op: r.spec.op,
        formula: r.spec.formula.local,
        grad: null,
        chain: [],
      };
      const products: tf.Tensor[] = [];
      // One factor per edge out of this node, in the consumer's port order.
      for (const b of [...new Set(r.consumers)]) {
        const rb = graph.nodes.get(b)!;
        for (const [port, sources] of Object.entries(rb.inputs)) {
          sources.forEach((source, k) => {
            if (source !== id) return;
            const factor: ChainFactor = {
              consumer: b,
              port,
              upstream: null,
              local: null,
              localKind: 'omitted',
              product: null,
            };
            event.chain.push(factor);
            const up = t.capture.grads.get(b);
            if (!up) return;
            plan.add(up, (tr) => (factor.upstream = tr));
            const e = edgeTensors(program, t, b, port, k, up);
            factor.localKind = e.localKind;
            created.push(e.product);
            products.push(e.product);
            plan.add(e.product, (tr) => (factor.product = tr));
            if (e.local) {
              created.push(e.local);
              plan.add(e.local, (tr) => (factor.local = tr));
            }
          });
        }
      }
      // Gradients reach data nodes only through the chain (tfjs differentiates towards weights), so
      // their dE/d(node) is the sum of the products, exactly as the chain rule states.
      let g = t.capture.grads.get(id);
      if (!g && products.length) {
        g = products.length === 1 ? products[0] : tf.addN(products);
        if (products.length > 1) created.push(g);
      }
      if (g) plan.add(g, (tr) => (event.grad = tr));
      events.push(event);
    }
    const type = options.optimizerType ?? graph.doc.training.optimizer.type;
    for (const w of program.weights.filter((x) => x.trainable)) {
      const event: StepEvent = {
        phase: 'update',
        key: w.key,
        nodeId: w.nodeId,
        name: w.name,
        formula: OPTIMIZER_FORMULAS[type],
        value: null!,
        grad: null,
        update: null,
        newValue: null!,
      };
      plan.add(t.before.get(w.key)!, (tr) => (event.value = tr));
      const g = t.grads.get(w.key);
      if (g) plan.add(g, (tr) => (event.grad = tr));
      const u = t.updates.get(w.key);
      if (u) plan.add(u, (tr) => (event.update = tr));
      const after = w.variable.clone();
      created.push(after);
      plan.add(after, (tr) => (event.newValue = tr));
      events.push(event);
    }
    plan.resolve(await readTensors(plan.tensors, options.fullLimit));
  } finally {
    for (const x of created) x.dispose();
    disposeStepTensors(t);
  }
  return { loss, events };
}

/** The trace frame of a walk (the same data keyed by node id), for callers that want both. */
export function walkToFrame(walk: StepWalk, step: number): TraceFrame {
  const frame: TraceFrame = { step, epoch: 0, loss: walk.loss, nodes: {}, weights: {} };
  for (const e of walk.events) {
    if (e.phase === 'forward') frame.nodes[e.nodeId] = { value: e.value, grad: null };
    else if (e.phase === 'backward') frame.nodes[e.nodeId].grad = e.grad;
    else
      frame.weights[e.key] = {
        nodeId: e.nodeId,
        name: e.name,
        value: e.value,
        grad: e.grad,
        update: e.update,
      };
  }
  return frame;
}

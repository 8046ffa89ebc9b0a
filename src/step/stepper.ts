/**
 * Backprop one node at a time, like the computation-graph slides: the forward pass node by node in
 * topological order, the backward pass in reverse order with the chain rule spelled out per edge
 * (dE/dA = dE/dB · dB/dA), then the update of every weight.
 *
 * All numbers come from one real training step of the compiled program. The per-edge local
 * derivatives are computed by differentiating each consumer op on its own, between the step's
 * backward pass and its update, so every value, gradient and chain product of the walk is taken
 * with the weights as they were before the update.
 */
import * as tf from '@tensorflow/tfjs';
import type { Feeds, Program } from '../compile/program';
import type { GraphDoc } from '../graph/types';
import { TraceReadPlan } from '../trace/plan';
import type { TensorTrace } from '../trace/types';
import { OPTIMIZER_FORMULAS } from '../train/optimizer-formulas';
import { applyStep, computeStep, disposeStepTensors, planFrame } from '../train/step';
import type { StepTensors } from '../train/step';
import type { Trainer } from '../train/trainer';
import { ownValue } from '../graph/own';

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

/** Tensors of one edge's chain factor; `local` is null when too big to show. */
interface EdgeTensors {
  local: tf.Tensor | null;
  localKind: ChainFactor['localKind'];
  product: tf.Tensor;
}

/**
 * Differentiates consumer `b` alone with respect to its `k`-th input on `port`, at the values of
 * the step `t` (same inputs, same weights, same seed and feeds as the step's forward pass).
 */
function edgeTensors(
  program: Program,
  t: StepTensors,
  feeds: Feeds,
  b: string,
  port: string,
  k: number,
  upstream: tf.Tensor,
): EdgeTensors {
  const r = program.graph.nodes.get(b)!;
  const baseInputs: Record<string, tf.Tensor[]> = {};
  for (const [p, sources] of Object.entries(r.inputs))
    if (sources.length) baseInputs[p] = sources.map((s) => t.outputs.get(s)!);
  // Differentiate with respect to a copy: when the same tensor also feeds another port of B
  // (A ⊙ A), tfjs would otherwise add that port's share into this edge's factor.
  const a = tf.clone(baseInputs[port][k]);
  const f = (x: tf.Tensor) =>
    program.evalNode(b, { ...baseInputs, [port]: baseInputs[port].map((v, i) => (i === k ? x : v)) }, feeds, {
      training: true,
      seed: t.seed,
    });
  try {
    return edgeFactor(f, a, upstream, r.spec.elementwise === true);
  } finally {
    a.dispose();
  }
}

/** dE/dB · dB/dA and dB/dA (elementwise or a full Jacobian when small) of B = f(A) at `a`. */
function edgeFactor(
  f: (x: tf.Tensor) => tf.Tensor,
  a: tf.Tensor,
  upstream: tf.Tensor,
  elementwise: boolean,
): EdgeTensors {
  const product = tf.tidy(() => tf.grad(f)(a, upstream));
  if (elementwise) return { local: tf.tidy(() => tf.grad(f)(a)), localKind: 'elementwise', product };
  if (upstream.size * a.size > JACOBIAN_LIMIT) return { local: null, localKind: 'omitted', product };
  const local = tf.tidy(() => {
    const rows: tf.Tensor[] = [];
    for (let i = 0; i < upstream.size; i++) {
      const basis = tf.buffer(upstream.shape, 'float32');
      basis.values[i] = 1;
      rows.push(tf.grad(f)(a, basis.toTensor()));
    }
    return tf.stack(rows).reshape([...upstream.shape, ...a.shape]);
  });
  return { local, localKind: 'jacobian', product };
}

/** The backward event of one node: a chain factor per outgoing edge and dE/d(node). */
function planBackward(
  plan: TraceReadPlan,
  program: Program,
  t: StepTensors,
  feeds: Feeds,
  id: string,
  created: tf.Tensor[],
): Extract<StepEvent, { phase: 'backward' }> {
  const graph = program.graph;
  const r = graph.nodes.get(id)!;
  const event: Extract<StepEvent, { phase: 'backward' }> = {
    phase: 'backward',
    nodeId: id,
    op: r.spec.op,
    formula: r.spec.formula.local,
    grad: null,
    chain: [],
  };
  const products: tf.Tensor[] = [];
  // One factor per edge out of this node, in the consumer's port order.
  for (const b of new Set(r.consumers)) {
    for (const [port, sources] of Object.entries(graph.nodes.get(b)!.inputs)) {
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
        const e = edgeTensors(program, t, feeds, b, port, k, up);
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
  return event;
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
  const apply = options.apply ?? true;
  const t = computeStep(program, optimizer, feeds, options.seed ?? 0);
  const created: tf.Tensor[] = [];
  try {
    // Everything shown is planned before the update is applied: the weights are still the old ones.
    const plan = new TraceReadPlan();
    const backward = [...graph.order]
      .reverse()
      .map((id) => planBackward(plan, program, t, feeds, id, created));
    if (apply) applyStep(program, optimizer, t);
    const frameOf = planFrame(plan, program, t, { step: 0, epoch: 0 });
    const after = new Map<string, TensorTrace>();
    for (const w of program.weights.filter((x) => x.trainable)) {
      const value = w.variable.clone();
      created.push(value);
      plan.add(value, (tr) => after.set(w.key, tr));
    }
    await plan.read(options.fullLimit);
    const frame = frameOf();

    const events: StepEvent[] = graph.order.map((id) => {
      const r = graph.nodes.get(id)!;
      const inputs = Object.entries(r.inputs).flatMap(([port, sources]) =>
        sources.map((from) => ({ port, from })),
      );
      return {
        phase: 'forward',
        nodeId: id,
        op: r.spec.op,
        formula: r.spec.formula.forward,
        value: ownValue(frame.nodes, id)!.value,
        inputs,
      };
    });
    events.push(...backward);
    const formula = OPTIMIZER_FORMULAS[options.optimizerType ?? graph.doc.training.optimizer.type];
    for (const [key, w] of Object.entries(frame.weights))
      events.push({
        phase: 'update',
        key,
        nodeId: w.nodeId,
        name: w.name,
        formula,
        value: w.value,
        grad: w.grad,
        update: w.update,
        newValue: after.get(key)!,
      });
    return { loss: frame.loss, events };
  } finally {
    for (const x of created) x.dispose();
    disposeStepTensors(t);
  }
}

/**
 * Walks one step of a trainer node by node on one training example (or, with `null`, its next
 * batch). With `apply` the update is applied and counts as the trainer's step.
 */
export function walkTrainerStep(
  trainer: Trainer,
  example: number | null,
  apply: boolean,
  fullLimit?: number,
): Promise<StepWalk> {
  return trainer.lendStep(example, apply, ({ program, optimizer, feeds, seed }) =>
    stepThrough(program, optimizer, feeds, {
      apply,
      fullLimit,
      seed,
      optimizerType: trainer.spec.optimizer.type,
    }),
  );
}

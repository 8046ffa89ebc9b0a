/**
 * One gradient step, the way the trainer and the stepper both take it: compute the gradients with
 * `optimizer.computeGradients`, then `applyGradients` (never `minimize`, which hides them).
 *
 * A traced step is two phases, `computeStep` then `applyStep`, so that everything a trace or a
 * step-mode walk shows (values, gradients, local derivatives, chain products) is computed between
 * them, with the weights as they were before the update.
 */
import * as tf from '@tensorflow/tfjs';
import { GradientCapture } from '../compile/program';
import type { Feeds, Program } from '../compile/program';
import { scalarOf, TraceReadPlan } from '../trace/plan';
import { planImages } from '../trace/images';
import type { TraceFrame } from '../trace/types';
import { idRecord } from '../graph/own';

/** A non-trainable weight update requested by an op (batch-norm statistics). */
type StateUpdate = { variable: tf.Variable; value: tf.Tensor };

/** Assigns the non-trainable updates ops asked for (batch-norm statistics) and frees them. */
function applyStateUpdates(updates: StateUpdate[]): void {
  for (const u of updates) {
    u.variable.assign(u.value);
    u.value.dispose();
  }
}

/**
 * An untraced step. Returns the objective as a scalar tensor the caller owns (reading it is left to
 * the caller so steps do not wait for the backend).
 */
export function fastStep(program: Program, optimizer: tf.Optimizer, feeds: Feeds, seed: number): tf.Scalar {
  let updates: StateUpdate[] = [];
  const loss = tf.tidy(() => {
    const { value, grads } = optimizer.computeGradients(() => {
      const result = program.forward(feeds, { training: true, seed });
      updates = result.stateUpdates;
      return result.objective;
    }, program.trainableVariables());
    optimizer.applyGradients(grads);
    return value;
  });
  applyStateUpdates(updates);
  return loss;
}

/** Tensors of a traced step, kept until read back. */
export interface StepTensors {
  /** The objective, computed with the weights before the update. */
  loss: tf.Scalar;
  /** Every node's output by id. */
  outputs: Map<string, tf.Tensor>;
  /** dE/d(output) of every node the backward pass reached. */
  capture: GradientCapture;
  /** Weight key → value before the update. */
  before: Map<string, tf.Tensor>;
  /** Weight key → gradient. */
  grads: Map<string, tf.Tensor>;
  /** Weight key → applied change (new − old); empty until `applyStep`. */
  updates: Map<string, tf.Tensor>;
  /** Seed of the step's random ops (dropout), for re-evaluating a node exactly as the step did. */
  seed: number;
  /** Whether `applyStep` has run. */
  applied: boolean;
  /** State updates waiting for `applyStep` (or for disposal). */
  pendingState: StateUpdate[];
  /** Gradients by variable name, as `applyGradients` wants them. */
  pendingGrads: tf.NamedTensorMap;
}

/**
 * Forward and backward pass of one step, keeping every node's value and gradient, without touching
 * any weight or optimizer state. Follow with `applyStep` to take the step.
 */
export function computeStep(
  program: Program,
  optimizer: tf.Optimizer,
  feeds: Feeds,
  seed: number,
): StepTensors {
  const capture = new GradientCapture();
  let outputs = new Map<string, tf.Tensor>();
  let pendingState: StateUpdate[] = [];
  const trainable = program.weights.filter((w) => w.trainable);
  const before = new Map(trainable.map((w) => [w.key, tf.keep(w.variable.clone())] as const));
  const { value, grads } = optimizer.computeGradients(
    () => {
      const result = program.forward(feeds, { training: true, seed, capture, keepOutputs: true });
      outputs = result.outputs;
      pendingState = result.stateUpdates;
      return result.objective;
    },
    trainable.map((w) => w.variable),
  );
  const gradsByKey = new Map<string, tf.Tensor>();
  for (const w of trainable) {
    const g = grads[w.variable.name];
    if (g) gradsByKey.set(w.key, g);
  }
  return {
    loss: value,
    outputs,
    capture,
    before,
    grads: gradsByKey,
    updates: new Map(),
    seed,
    applied: false,
    pendingState,
    pendingGrads: grads,
  };
}

/** Applies a computed step: the optimizer update and the ops' state updates; records Δw per weight. */
export function applyStep(program: Program, optimizer: tf.Optimizer, t: StepTensors): void {
  if (t.applied) throw new Error('this step has already been applied');
  optimizer.applyGradients(t.pendingGrads);
  applyStateUpdates(t.pendingState);
  t.pendingState = [];
  for (const w of program.weights)
    if (w.trainable) t.updates.set(w.key, tf.sub(w.variable, t.before.get(w.key)!));
  t.applied = true;
}

/** A step that keeps every node's value and gradient and each weight's update for tracing. */
export function tracedStep(
  program: Program,
  optimizer: tf.Optimizer,
  feeds: Feeds,
  seed: number,
  apply = true,
): StepTensors {
  const t = computeStep(program, optimizer, feeds, seed);
  if (apply) applyStep(program, optimizer, t);
  return t;
}

/** Frees a traced step's tensors (and drops state updates that were never applied). */
export function disposeStepTensors(t: StepTensors): void {
  t.loss.dispose();
  for (const x of t.outputs.values()) x.dispose();
  t.capture.dispose();
  for (const m of [t.before, t.grads, t.updates]) for (const x of m.values()) x.dispose();
  for (const u of t.pendingState) u.value.dispose();
  t.pendingState = [];
}

/**
 * Registers a traced step's tensors in `plan` and returns the function that assembles its
 * `TraceFrame` once the plan has been read. The single definition of what a frame holds, used by
 * training traces and by step-mode walks alike.
 */
export function planFrame(
  plan: TraceReadPlan,
  program: Program,
  t: StepTensors,
  meta: { step: number; epoch: number },
): () => TraceFrame {
  // Keyed by node id and weight key, which may be `__proto__`: records without a prototype.
  const frame: TraceFrame = {
    step: meta.step,
    epoch: meta.epoch,
    loss: NaN,
    nodes: idRecord(),
    weights: idRecord(),
  };
  plan.add(t.loss, (tr) => (frame.loss = scalarOf(tr)));
  for (const id of program.graph.order) {
    const node: TraceFrame['nodes'][string] = { value: null!, grad: null };
    frame.nodes[id] = node;
    plan.add(t.outputs.get(id)!, (tr) => (node.value = tr));
    const g = t.capture.grads.get(id);
    if (g) plan.add(g, (tr) => (node.grad = tr));
  }
  for (const w of program.weights) {
    if (!w.trainable) continue;
    const weight: TraceFrame['weights'][string] = {
      nodeId: w.nodeId,
      name: w.name,
      value: null!,
      grad: null,
      update: null,
    };
    frame.weights[w.key] = weight;
    plan.add(t.before.get(w.key)!, (tr) => (weight.value = tr));
    const g = t.grads.get(w.key);
    if (g) plan.add(g, (tr) => (weight.grad = tr));
    const u = t.updates.get(w.key);
    if (u) plan.add(u, (tr) => (weight.update = tr));
  }
  const images = planImages(plan, program, {
    outputs: t.outputs,
    grads: t.capture.grads,
    weights: t.before,
    weightGrads: t.grads,
  });
  if (images) frame.images = images;
  return () => frame;
}

/** Reads a traced step into a `TraceFrame` with one backend read, then frees its tensors. */
export async function readStep(
  program: Program,
  t: StepTensors,
  meta: { step: number; epoch: number },
  fullLimit?: number,
): Promise<TraceFrame> {
  const plan = new TraceReadPlan();
  const frame = planFrame(plan, program, t, meta);
  try {
    await plan.read(fullLimit);
  } finally {
    disposeStepTensors(t);
  }
  return frame();
}

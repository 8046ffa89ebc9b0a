/**
 * One gradient step, the way the trainer and the stepper both take it: compute the gradients with
 * `optimizer.computeGradients`, then `applyGradients` (never `minimize`, which hides them).
 */
import * as tf from '@tensorflow/tfjs';
import { GradientCapture } from '../compile/program';
import type { Feeds, Program } from '../compile/program';
import { readTensors } from '../trace/read';
import type { TensorTrace, TraceFrame } from '../trace/types';

/** Assigns the non-trainable updates ops asked for (batch-norm statistics) and frees them. */
function applyStateUpdates(updates: { variable: tf.Variable; value: tf.Tensor }[]): void {
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
  let updates: { variable: tf.Variable; value: tf.Tensor }[] = [];
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
  loss: tf.Scalar;
  outputs: Map<string, tf.Tensor>;
  capture: GradientCapture;
  /** Weight key → value before the update. */
  before: Map<string, tf.Tensor>;
  /** Weight key → gradient. */
  grads: Map<string, tf.Tensor>;
  /** Weight key → applied change (new − old); absent when `apply` was false. */
  updates: Map<string, tf.Tensor>;
}

/** A step that keeps every node's value and gradient and each weight's update for tracing. */
export function tracedStep(
  program: Program,
  optimizer: tf.Optimizer,
  feeds: Feeds,
  seed: number,
  apply = true,
): StepTensors {
  const capture = new GradientCapture();
  let outputs = new Map<string, tf.Tensor>();
  let stateUpdates: { variable: tf.Variable; value: tf.Tensor }[] = [];
  const trainable = program.weights.filter((w) => w.trainable);
  const before = new Map(trainable.map((w) => [w.key, tf.keep(w.variable.clone())] as const));
  const { value, grads } = optimizer.computeGradients(
    () => {
      const result = program.forward(feeds, { training: true, seed, capture, keepOutputs: true });
      outputs = result.outputs;
      stateUpdates = result.stateUpdates;
      return result.objective;
    },
    trainable.map((w) => w.variable),
  );
  const gradsByKey = new Map<string, tf.Tensor>();
  for (const w of trainable) {
    const g = grads[w.variable.name];
    if (g) gradsByKey.set(w.key, g);
  }
  const updates = new Map<string, tf.Tensor>();
  if (apply) {
    optimizer.applyGradients(grads);
    applyStateUpdates(stateUpdates);
    for (const w of trainable) updates.set(w.key, tf.sub(w.variable, before.get(w.key)!));
  } else for (const u of stateUpdates) u.value.dispose();
  return { loss: value, outputs, capture, before, grads: gradsByKey, updates };
}

/** Frees a traced step's tensors. */
export function disposeStepTensors(t: StepTensors): void {
  t.loss.dispose();
  for (const x of t.outputs.values()) x.dispose();
  t.capture.dispose();
  for (const m of [t.before, t.grads, t.updates]) for (const x of m.values()) x.dispose();
}

/** Reads a traced step into a `TraceFrame` with one backend read, then frees its tensors. */
export async function readStep(
  program: Program,
  t: StepTensors,
  meta: { step: number; epoch: number },
  fullLimit?: number,
): Promise<TraceFrame> {
  const order = program.graph.order;
  const tensors: tf.Tensor[] = [t.loss];
  const slots: { kind: 'value' | 'grad' | 'wvalue' | 'wgrad' | 'wupdate'; key: string }[] = [];
  for (const id of order) {
    tensors.push(t.outputs.get(id)!);
    slots.push({ kind: 'value', key: id });
    const g = t.capture.grads.get(id);
    if (g) {
      tensors.push(g);
      slots.push({ kind: 'grad', key: id });
    }
  }
  for (const w of program.weights.filter((x) => x.trainable)) {
    for (const [kind, map] of [
      ['wvalue', t.before],
      ['wgrad', t.grads],
      ['wupdate', t.updates],
    ] as const) {
      const x = map.get(w.key);
      if (x) {
        tensors.push(x);
        slots.push({ kind, key: w.key });
      }
    }
  }
  let traces: TensorTrace[];
  try {
    traces = await readTensors(tensors, fullLimit);
  } finally {
    disposeStepTensors(t);
  }
  const frame: TraceFrame = {
    step: meta.step,
    epoch: meta.epoch,
    loss: traces[0].values?.[0] ?? traces[0].stats.mean,
    nodes: {},
    weights: {},
  };
  slots.forEach((slot, i) => {
    const trace = traces[i + 1];
    if (slot.kind === 'value') frame.nodes[slot.key] = { value: trace, grad: null };
    else if (slot.kind === 'grad') frame.nodes[slot.key].grad = trace;
    else {
      const w = program.weights.find((x) => x.key === slot.key)!;
      frame.weights[slot.key] ??= { nodeId: w.nodeId, name: w.name, value: trace, grad: null, update: null };
      if (slot.kind === 'wgrad') frame.weights[slot.key].grad = trace;
      if (slot.kind === 'wupdate') frame.weights[slot.key].update = trace;
    }
  });
  return frame;
}

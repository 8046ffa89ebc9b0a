/**
 * ShapedGraph → Program: the graph's weights as `tf.Variable`s (named by node id) and a forward
 * function that evaluates every node in topological order with the op specs' tfjs code.
 */
import * as tf from '@tensorflow/tfjs';
import type { ShapedGraph } from '../shapes/infer';
import type { GraphDoc, WeightTensor } from '../graph/types';
import { penalisedLayer, penalisedWeight } from '../ops/penalties';
import type { StateUpdate } from '../ops/spec';
import { idRecord, ownValue, setOwn } from '../graph/own';
import { initialValue, weightSeed } from './init';

/** The tensors a batch feeds into the graph. */
export interface Feeds {
  /** Features for every Input node, [N, …]. */
  features: tf.Tensor;
  /**
   * Labels for each Target node by id, already encoded as the node asks. Read with `ownValue`: a
   * Target may be called `constructor`.
   */
  labels: Record<string, tf.Tensor>;
}

/** One weight of the program. */
export interface WeightRef {
  nodeId: string;
  /** Weight name within the node (`value`, `kernel`, `bias`…). */
  name: string;
  /** `nodeId` for a Parameter's single value, `nodeId/name` otherwise: the key traces and the CLI use. */
  key: string;
  variable: tf.Variable;
  trainable: boolean;
}

/**
 * Collects dE/d(output) of every node during a backward pass. Each node's output passes through an
 * identity with a custom gradient that keeps a copy of the gradient arriving there, which tfjs has
 * already summed over all of the node's consumers.
 */
export class GradientCapture {
  readonly grads = new Map<string, tf.Tensor>();

  /** Wraps a node output so its incoming gradient is recorded under `nodeId`. */
  wrap(nodeId: string, x: tf.Tensor): tf.Tensor {
    const probe = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: (args[0] as tf.Tensor).clone(),
      gradFunc: (dy: tf.Tensor) => {
        this.grads.get(nodeId)?.dispose();
        this.grads.set(nodeId, tf.keep(dy.clone()));
        return dy;
      },
    }));
    return probe(x);
  }

  /** Releases the recorded gradients. */
  dispose(): void {
    for (const g of this.grads.values()) g.dispose();
    this.grads.clear();
  }
}

/** Options of one forward pass. */
export interface ForwardOptions {
  /** Training pass: dropout on, batch-norm uses batch statistics. */
  training: boolean;
  /** Seed for random ops in this pass. */
  seed: number;
  /** Record each node's incoming gradient during the following backward pass. */
  capture?: GradientCapture;
  /** `tf.keep` every node output so it survives the caller's `tidy` (for traces). */
  keepOutputs?: boolean;
}

/** What a forward pass produces. */
export interface ForwardResult {
  /** Weighted sum of all loss and penalty nodes. */
  objective: tf.Scalar;
  /** Every node's output by id (kept only when `keepOutputs`). */
  outputs: Map<string, tf.Tensor>;
  /** Non-trainable weight updates requested by ops (batch-norm statistics). */
  stateUpdates: { variable: tf.Variable; value: tf.Tensor }[];
}

let programCounter = 0;

/** One node's precomputed evaluation data. */
interface ForwardStep {
  id: string;
  r: ShapedGraph['nodes'] extends Map<string, infer R> ? R : never;
  inputs: [string, string[]][];
  /** The weight of the layer a penalty names, and the input port the penalty reads it on. */
  penalised: { port: string; variable: tf.Variable } | null;
  weights: Record<string, tf.Tensor>;
  /** Weight in the objective, or null when the node is not a loss or penalty. */
  objectiveWeight: number | null;
  /**
   * Input ports with a trainable weight somewhere behind them: the only ones a training step's
   * backward pass differentiates (tfjs differentiates towards the weights), see `ForwardContext`.
   */
  gradPorts: ReadonlySet<string>;
}

/** A compiled graph: its variables and its forward function. */
export class Program {
  readonly weights: WeightRef[] = [];
  private readonly byNode = new Map<string, Map<string, WeightRef>>();
  private readonly prefix = `bps${++programCounter}:`;

  constructor(
    readonly graph: ShapedGraph,
    seed: number,
    stored?: GraphDoc['weights'],
  ) {
    for (const id of graph.order) {
      const decls = graph.weights.get(id) ?? [];
      const refs = new Map<string, WeightRef>();
      for (const decl of decls) {
        const key = decls.length === 1 && decl.name === 'value' ? id : `${id}/${decl.name}`;
        const saved: WeightTensor | undefined = ownValue(ownValue(stored, id), decl.name);
        const init = tf.tidy(() =>
          saved
            ? tf.tensor(saved.values, decl.shape)
            : initialValue(decl.init, decl.shape, weightSeed(seed, key)),
        );
        const variable = tf.variable(init, decl.trainable, `${this.prefix}${key}`);
        init.dispose();
        const ref = { nodeId: id, name: decl.name, key, variable, trainable: decl.trainable };
        refs.set(decl.name, ref);
        this.weights.push(ref);
      }
      this.byNode.set(id, refs);
    }
  }

  /** The weight `name` of node `nodeId`. */
  weight(nodeId: string, name: string): WeightRef | undefined {
    return this.byNode.get(nodeId)?.get(name);
  }

  /** Trainable variables in a stable order. */
  trainableVariables(): tf.Variable[] {
    return this.weights.filter((w) => w.trainable).map((w) => w.variable);
  }

  /** The weight a variable belongs to, by the variable's name. */
  weightByVariableName(name: string): WeightRef | undefined {
    return this.weights.find((w) => w.variable.name === name);
  }

  private cachedPlan: ForwardStep[] | null = null;
  private planById: Map<string, ForwardStep> | null = null;

  /** What `forward` needs per node, worked out once: sources by port, weights, objective weight. */
  private plan(): ForwardStep[] {
    if (this.cachedPlan) return this.cachedPlan;
    const lossWeights = this.graph.doc.training.lossWeights;
    const objectives = new Set(this.graph.objectives);
    // Nodes whose output depends on a trainable weight (in topological order, sources come first).
    const differentiable = new Set<string>();
    this.cachedPlan = this.graph.order.map((id) => {
      const r = this.graph.nodes.get(id)!;
      const layer = penalisedLayer(r.spec, r.params);
      const target = layer ? this.graph.nodes.get(layer) : undefined;
      const kernel = target ? penalisedWeight(target.spec, this.byNode.get(layer!)?.values()) : undefined;
      const weights = idRecord<tf.Tensor>();
      const refs = [...(this.byNode.get(id)?.values() ?? [])];
      for (const ref of refs) weights[ref.name] = ref.variable;
      const inputs = Object.entries(r.inputs).filter(([, sources]) => sources.length > 0);
      const penalised =
        kernel && r.spec.penalty ? { port: r.spec.penalty.port, variable: kernel.variable } : null;
      const gradPorts = new Set(
        inputs.filter(([, sources]) => sources.some((s) => differentiable.has(s))).map(([port]) => port),
      );
      if (penalised && kernel?.trainable) gradPorts.add(penalised.port);
      if (gradPorts.size > 0 || refs.some((ref) => ref.trainable)) differentiable.add(id);
      return {
        id,
        r,
        inputs,
        penalised,
        weights,
        objectiveWeight: objectives.has(id) ? (ownValue(lossWeights, id) ?? 1) : null,
        gradPorts,
      };
    });
    return this.cachedPlan;
  }

  /**
   * The output of one node for the given inputs, with the node's current weights, the same
   * per-node seed and the same feeds as `forward` uses: what the stepper differentiates to get the
   * local derivative dB/dA of one edge. Requested state updates (batch-norm statistics) are dropped.
   */
  evalNode(
    id: string,
    inputs: Record<string, tf.Tensor[]>,
    feeds: Feeds,
    options: ForwardOptions,
  ): tf.Tensor {
    this.planById ??= new Map(this.plan().map((s) => [s.id, s]));
    const step = this.planById.get(id);
    if (!step) throw new Error(`node "${id}" is not in the program`);
    const updates: StateUpdate[] = [];
    // Differentiated with respect to any of its inputs (the stepper's dB/dA): every port may be asked.
    const out = this.evalStep(step, inputs, feeds, options, updates, false);
    for (const u of updates) u.value.dispose();
    // An op that passes an input through (Linear, Dropout at rate 0) returns that very tensor, which
    // tfjs cannot differentiate with respect to itself ("Cannot compute gradient of y=f(x)"): a
    // clone puts the identity on the tape.
    return Object.values(inputs).some((list) => list.includes(out)) ? out.clone() : out;
  }

  /**
   * Runs one node's op; the single place an op's forward is called with its context. With
   * `towardsWeights` the op learns which inputs the backward pass will differentiate (those with a
   * trainable weight behind them); otherwise it must be ready for any.
   */
  private evalStep(
    step: ForwardStep,
    connected: Record<string, tf.Tensor[]>,
    feeds: Feeds,
    options: ForwardOptions,
    updates: StateUpdate[],
    towardsWeights: boolean,
  ): tf.Tensor {
    const inputs = step.penalised
      ? { ...connected, [step.penalised.port]: [step.penalised.variable] }
      : connected;
    return step.r.spec.forward({
      inputs,
      params: step.r.params,
      weights: step.weights,
      training: options.training,
      // Per-node seeds so two dropout layers of the same shape do not drop the same positions.
      seed: weightSeed(options.seed, step.id),
      feeds: { features: feeds.features, labels: ownValue(feeds.labels, step.id) },
      stateUpdates: updates,
      tf,
      needsGrad: towardsWeights ? (port) => step.gradPorts.has(port) : undefined,
    });
  }

  /** Evaluates the graph. Call inside `tf.tidy` (or `variableGrads`), which owns the intermediates. */
  forward(feeds: Feeds, options: ForwardOptions): ForwardResult {
    const outputs = new Map<string, tf.Tensor>();
    const stateUpdates: ForwardResult['stateUpdates'] = [];
    const terms: tf.Tensor[] = [];
    for (const step of this.plan()) {
      const { id, objectiveWeight } = step;
      const inputs: Record<string, tf.Tensor[]> = {};
      for (const [port, sources] of step.inputs) inputs[port] = sources.map((s) => outputs.get(s)!);
      const updates: StateUpdate[] = [];
      let out = this.evalStep(step, inputs, feeds, options, updates, true);
      for (const u of updates) {
        const ref = this.byNode.get(id)?.get(u.name);
        // Kept so the update survives the gradient tape's tidy; the trainer assigns and frees it.
        if (ref) stateUpdates.push({ variable: ref.variable, value: tf.keep(u.value) });
        else u.value.dispose();
      }
      if (options.capture) out = options.capture.wrap(id, out);
      if (options.keepOutputs) tf.keep(out);
      outputs.set(id, out);
      if (objectiveWeight !== null) terms.push(objectiveWeight === 1 ? out : tf.mul(out, objectiveWeight));
    }
    const objective = (
      terms.length === 1 ? terms[0] : terms.length === 2 ? tf.add(terms[0], terms[1]) : tf.addN(terms)
    ) as tf.Scalar;
    return { objective, outputs, stateUpdates };
  }

  /** Re-initialises every weight from its initializer with a seed (stored weights are not reused). */
  resetWeights(seed: number): void {
    for (const ref of this.weights) {
      const decl = this.graph.weights.get(ref.nodeId)!.find((d) => d.name === ref.name)!;
      tf.tidy(() => ref.variable.assign(initialValue(decl.init, decl.shape, weightSeed(seed, ref.key))));
    }
  }

  /** Reads all weights back as plain numbers, in the graph file's `weights` layout. */
  async exportWeights(): Promise<NonNullable<GraphDoc['weights']>> {
    // A plain object (it is posted and saved as JSON) whose entries are all own properties.
    const out: NonNullable<GraphDoc['weights']> = {};
    const values = await Promise.all(this.weights.map((w) => w.variable.data()));
    this.weights.forEach((w, i) => {
      const node = ownValue(out, w.nodeId) ?? {};
      setOwn(out, w.nodeId, node);
      node[w.name] = { shape: [...w.variable.shape], values: Array.from(values[i]) };
    });
    return out;
  }

  /** Frees the variables. */
  dispose(): void {
    for (const w of this.weights) w.variable.dispose();
  }
}

/** Compiles a checked graph. Stored weights (from the file) win over initializers. */
export function compile(
  graph: ShapedGraph,
  options: { seed?: number; weights?: GraphDoc['weights'] } = {},
): Program {
  return new Program(graph, options.seed ?? graph.doc.training.seed, options.weights ?? graph.doc.weights);
}

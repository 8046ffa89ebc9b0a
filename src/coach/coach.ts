/**
 * The training coach: when a run stalls (flat loss, accuracy at chance, saturated units, dead
 * ReLUs, vanishing or exploding gradients) it says what is wrong, the likely cause, and what to try.
 * A pure function of what the run already reports, so the editor can ask it at any time.
 */
import { outputActivation } from '../ops/activations';
import type { ShapedGraph } from '../shapes/infer';
import { anotherSeed, moreEpochs, moreUnits, scaleLearningRate, switchActivation, useAdam } from './remedies';
import { readHealth } from './signals';
import type { Advice, CoachInput, CoachPoint } from './types';

/** The loss counts as flat when it moved less than this share over the second half of the run. */
const FLAT_CHANGE = 0.01;
/** Epochs before a flat loss or chance accuracy is worth mentioning. */
const PATIENCE_EPOCHS = 3;
/** Accuracy this close to chance is chance. */
const CHANCE_MARGIN = 0.05;

/** Hidden layers: nodes with trainable weights whose output does not feed a loss directly. */
function hiddenLayers(graph: ShapedGraph): string[] {
  return graph.order.filter((id) => {
    const r = graph.nodes.get(id)!;
    const owns = (graph.weights.get(id) ?? []).some((w) => w.trainable);
    return (
      owns &&
      r.spec.params.some((p) => p.name === 'units') &&
      !r.consumers.some((c) => graph.nodes.get(c)!.spec.role === 'loss')
    );
  });
}

/** Whether anything between Input and loss bends: a non-identity activation before the output. */
function hasHiddenNonlinearity(graph: ShapedGraph): boolean {
  const outputs = new Set(
    graph.order.filter((id) =>
      graph.nodes.get(id)!.consumers.some((c) => graph.nodes.get(c)!.spec.role === 'loss'),
    ),
  );
  return graph.order.some((id) => {
    if (outputs.has(id)) return false;
    const r = graph.nodes.get(id)!;
    const act = outputActivation(r.spec, r.params);
    return act !== undefined && !act.identity;
  });
}

/**
 * Accuracy of guessing, from the loss that scores accuracy: ½ for a yes/no output, 1/K for K
 * class scores; null for regression.
 */
function chanceLevel(graph: ShapedGraph): number | null {
  for (const id of graph.objectives) {
    const r = graph.nodes.get(id)!;
    const kind = r.spec.accuracy;
    if (!kind || kind === 'none') continue;
    if (kind === 'binary') return 0.5;
    const prediction = r.inputs.prediction?.[0];
    const shape = prediction ? graph.shapes.get(prediction) : undefined;
    const k = shape?.[shape.length - 1];
    if (typeof k === 'number' && k > 1) return 1 / k;
  }
  return null;
}

/**
 * Relative change of the loss over the second half of the run so far: from the first report at or
 * after half the steps to the last one. Measured in steps, not reports, because reports are
 * rate-limited: a fast run has only a few, and the first (at the start) would weigh as much as the
 * last.
 */
function recentChange(points: readonly CoachPoint[]): number {
  const last = points[points.length - 1];
  const fromHalf = points.find((p) => p.step >= last.step / 2);
  const from = fromHalf && fromHalf !== last ? fromHalf : points[points.length - 2];
  return Math.abs(from.loss - last.loss) / Math.max(Math.abs(from.loss), 1e-12);
}

/** What the coach has to say about a run; empty when all is well or it is too early to tell. */
export function coach(input: CoachInput): Advice[] {
  const { graph, history, frame, stepsPerEpoch } = input;
  const advice: Advice[] = [];
  const last = history[history.length - 1];
  const epochs = last ? last.step / Math.max(1, stepsPerEpoch) : 0;
  const learned = last?.accuracy !== undefined && last.accuracy >= 0.99;
  const health = frame ? readHealth(graph, frame) : null;
  const hidden = hiddenLayers(graph);

  if (health?.exploding.length)
    advice.push({
      kind: 'exploding',
      title: 'Exploding gradients',
      cause:
        'The gradients grow huge on the way back, so each update overshoots: the learning rate is too high for this network.',
      nodeIds: health.exploding,
      remedies: [scaleLearningRate(graph, 0.1)],
    });
  if (health?.deadRelu.length) {
    const worst = health.deadRelu.reduce((a, b) => (b.dead / b.units > a.dead / a.units ? b : a));
    advice.push({
      kind: 'dead-relu',
      title: `Dead ReLUs: ${worst.dead} of ${worst.units} units of "${worst.nodeId}" output 0 for every example`,
      cause:
        'A ReLU unit whose input is negative for every example passes no gradient, so it never recovers; a large learning rate or an unlucky start pushes units there.',
      nodeIds: health.deadRelu.map((d) => d.nodeId),
      remedies: [
        ...switchActivation(
          graph,
          health.deadRelu.map((d) => d.nodeId),
          'leakyRelu',
        ),
        scaleLearningRate(graph, 0.1),
        anotherSeed(graph),
      ],
    });
  }
  if (health?.saturated.length && !learned)
    advice.push({
      kind: 'saturated',
      title: `Saturated units in ${health.saturated.map((id) => `"${id}"`).join(', ')}`,
      cause:
        'Almost every output sits at the ends of the sigmoid or tanh, where its derivative is nearly 0, so little gradient flows back.',
      nodeIds: health.saturated,
      remedies: [
        scaleLearningRate(graph, 0.1),
        ...switchActivation(
          graph,
          health.saturated.filter((id) => hidden.includes(id)),
          'relu',
        ),
        anotherSeed(graph),
      ],
    });
  // Two reports are enough to compare: a fast run may report only a few times (progress is rate-limited).
  const stalledLong = history.length >= 2 && epochs >= PATIENCE_EPOCHS && !learned;
  const flat = stalledLong && recentChange(history) < FLAT_CHANGE;
  if (health?.vanishing.length && flat)
    advice.push({
      kind: 'vanishing',
      title: 'Vanishing gradients',
      cause: `Almost no gradient reaches ${health.vanishing.map((id) => `"${id}"`).join(', ')}: stacked sigmoids or saturated units multiply it by small factors at every layer.`,
      nodeIds: health.vanishing,
      remedies: [...switchActivation(graph, hidden, 'relu'), ...useAdam(graph)],
    });
  const chance = chanceLevel(graph);
  const atChance =
    stalledLong &&
    chance !== null &&
    last?.accuracy !== undefined &&
    Math.abs(last.accuracy - chance) <= CHANCE_MARGIN;
  if ((atChance || flat) && chance !== null && !hasHiddenNonlinearity(graph))
    advice.push({
      kind: 'linear-model',
      title: 'This network can only draw a straight boundary',
      cause:
        'Without a hidden layer with a non-linear activation the model is linear in its inputs: it cannot separate classes like XOR or the spiral, whatever the training.',
      nodeIds: [],
      remedies: [],
    });
  else if (atChance)
    advice.push({
      kind: 'chance',
      title: `Accuracy at chance (${Math.round(last!.accuracy! * 100)} %) after ${Math.floor(epochs)} epochs`,
      cause:
        'The network has not started to separate the classes: the learning rate may be too low, or the start unlucky.',
      nodeIds: [],
      remedies: [
        scaleLearningRate(graph, 10),
        ...useAdam(graph),
        anotherSeed(graph),
        ...moreUnits(graph, hidden),
      ],
    });
  else if (flat && !advice.some((a) => a.kind === 'vanishing' || a.kind === 'saturated'))
    advice.push({
      kind: 'stalled',
      title: 'The loss has stopped falling',
      cause:
        'Training is stuck on a plateau: the learning rate may be too low, or the network too small for the data.',
      nodeIds: [],
      remedies: [
        scaleLearningRate(graph, 10),
        ...useAdam(graph),
        ...moreUnits(graph, hidden),
        moreEpochs(graph),
      ],
    });
  return advice;
}

/** The coach's one-click remedies, built from the graph's current settings. */
import { layerActivation } from '../ops/activations';
import type { ShapedGraph } from '../shapes/infer';
import type { Remedy } from './types';

/** Learning rate times `factor`, keeping the optimizer and its other settings. */
export function scaleLearningRate(graph: ShapedGraph, factor: number): Remedy {
  const optimizer = graph.doc.training.optimizer;
  const lr = optimizer.learningRate * factor;
  return {
    label: `Learning rate ${factor > 1 ? '×' : '÷'} ${factor > 1 ? factor : 1 / factor} (${Number(lr.toPrecision(3))})`,
    training: { optimizer: { ...optimizer, learningRate: lr } },
  };
}

/** Adam at its usual learning rate, unless the graph already uses Adam. */
export function useAdam(graph: ShapedGraph): Remedy[] {
  if (graph.doc.training.optimizer.type === 'adam') return [];
  return [
    { label: 'Use Adam (learning rate 0.01)', training: { optimizer: { type: 'adam', learningRate: 0.01 } } },
  ];
}

/** Another seed: other initial weights (and shuffling). */
export function anotherSeed(graph: ShapedGraph): Remedy {
  const seed = graph.doc.training.seed + 1;
  return { label: `Another seed (${seed})`, training: { seed } };
}

/** Twice the epochs. */
export function moreEpochs(graph: ShapedGraph): Remedy {
  const epochs = graph.doc.training.epochs * 2;
  return { label: `Train longer (${epochs} epochs)`, training: { epochs } };
}

/** Sets the activation of the given layers (those with an `activation` param) to `name`. */
export function switchActivation(graph: ShapedGraph, nodeIds: string[], name: string): Remedy[] {
  if (!layerActivation(name)) return [];
  const layers = nodeIds.filter((id) =>
    graph.nodes.get(id)!.spec.params.some((p) => p.name === 'activation'),
  );
  if (!layers.length) return [];
  return [
    {
      label: `Use ${name} in ${layers.length === 1 ? `"${layers[0]}"` : `${layers.length} layers`}`,
      params: layers.map((nodeId) => ({ nodeId, name: 'activation', value: name })),
    },
  ];
}

/** Doubles the units of the given layers (those with a `units` param). */
export function moreUnits(graph: ShapedGraph, nodeIds: string[]): Remedy[] {
  const layers = nodeIds.filter((id) => graph.nodes.get(id)!.spec.params.some((p) => p.name === 'units'));
  if (!layers.length) return [];
  return [
    {
      label: `More units (× 2 in ${layers.map((id) => `"${id}"`).join(', ')})`,
      params: layers.map((nodeId) => ({
        nodeId,
        name: 'units',
        value: Math.min(65536, graph.nodes.get(nodeId)!.params.int('units') * 2),
      })),
    },
  ];
}

/**
 * PyTorch: `model.py` (an nn.Module named after the graph's nodes), `weights.safetensors` (the
 * trained weights, or the app's initial ones for the seed), `train.py` (the training section with
 * the app's conventions, also runnable under torchrun) and `data.py` (the data set as the app
 * generates it). A graph with a node PyTorch code cannot be written for is refused, naming it.
 */
import { dataLimitations, writeDataPy } from './python-data';
import { readPyGraph } from './python-graph';
import type { PyGraph } from './python-graph';
import { hasTorchObjective } from './python-objective';
import { writeSafetensors } from './python-safetensors';
import { graphWeights, weightsNote } from './python-weights';
import { unsupportedTorchNodes, writeTorchModel } from './pytorch-model';
import { writeTorchTrain } from './pytorch-train';
import type { ExportFile, ExportFormat, ExportLimitation, ExportSource } from './types';

/** Notes about nodes whose PyTorch behaviour differs in a detail (the export still matches predictions). */
const NOTES: Record<string, string> = {
  BatchNormalization:
    'PyTorch updates the running variance with the unbiased batch variance (×n/(n−1)); the app uses the biased one, so moving averages drift slightly apart in training (predictions from the same stored averages agree)',
  Dropout: 'dropout masks are drawn by PyTorch, not by the app’s seeded generator',
};

/** Everything PyTorch code cannot carry for this graph, fatal ones first. */
export function torchLimitations(py: PyGraph, source: ExportSource, noWeights: boolean): ExportLimitation[] {
  const out: ExportLimitation[] = [...py.fatal];
  for (const id of unsupportedTorchNodes(py))
    out.push({
      nodeId: id,
      message: `op ${py.graph.nodes.get(id)!.spec.op} has no PyTorch equivalent written by this export`,
      fatal: true,
    });
  for (const id of py.graph.objectives) {
    const op = py.graph.nodes.get(id)!.spec.op;
    if (!hasTorchObjective(op))
      out.push({ nodeId: id, message: `loss/penalty ${op} has no PyTorch code in this export`, fatal: true });
  }
  out.push(...dataLimitations(source.doc.training));
  for (const id of py.modelNodes) {
    const note = NOTES[py.graph.nodes.get(id)!.spec.op];
    if (note) out.push({ nodeId: id, message: note });
  }
  const weights = weightsNote(
    py.graph,
    source.doc.training.seed,
    noWeights,
    'fresh draws of the app’s initializers',
  );
  if (weights) out.push({ message: weights });
  return out;
}

function pyGraphOf(source: ExportSource): PyGraph {
  if (!source.graph) throw new Error('the PyTorch export needs a checked graph');
  return readPyGraph(source.graph);
}

export const pytorchFormat: ExportFormat = {
  id: 'pytorch',
  title: 'PyTorch (model.py, train.py, weights.safetensors)',
  description:
    'An nn.Module named after the nodes, the weights as safetensors, and train.py reproducing the training (also under torchrun).',
  needsValidGraph: true,
  limitations: (source, options) => torchLimitations(pyGraphOf(source), source, options.noWeights === true),
  write: async (source, options) => {
    const py = pyGraphOf(source);
    const weights = options.noWeights ? null : await graphWeights(py.graph);
    const model = writeTorchModel(py, weights);
    const weightRef = (nodeId: string, name: string) =>
      `net.${model.keys.get(nodeId)?.[name]?.key ?? model.names.of(nodeId)}`;
    const files: ExportFile[] = [
      { path: 'model.py', contents: model.source },
      { path: 'train.py', contents: writeTorchTrain(py, weightRef) },
      { path: 'data.py', contents: writeDataPy(py) },
    ];
    if (weights)
      files.push({
        path: 'weights.safetensors',
        contents: writeSafetensors(model.tensors, { format: 'pt', source: 'Backprop Studio' }),
      });
    return files;
  },
};

/**
 * Keras 3 as Python code: `model.py` (functional API, layers named after the nodes),
 * `weights.safetensors` (the app's layout, read with safetensors.numpy), `train.py`
 * (`compile`/`fit` with the app's conventions) and `data.py` (the data set as the app makes it).
 * The `.keras` archive is a separate format; this one is code a user reads and edits.
 */
import { hasKerasObjective, kerasLossProblem, writeKerasTrain } from './keras-py-train';
import { unsupportedKerasNodes, writeKerasModel } from './keras-py-model';
import { dataLimitations, writeDataPy } from './python-data';
import { readPyGraph } from './python-graph';
import type { PyGraph } from './python-graph';
import { writeSafetensors } from './python-safetensors';
import { graphWeights, weightsNote } from './python-weights';
import type { ExportFile, ExportFormat, ExportLimitation, ExportSource } from './types';

/** Everything Keras code cannot carry for this graph, fatal ones first. */
function kerasLimitations(py: PyGraph, source: ExportSource, noWeights: boolean): ExportLimitation[] {
  const out: ExportLimitation[] = [...py.fatal];
  for (const id of unsupportedKerasNodes(py))
    out.push({
      nodeId: id,
      message: `op ${py.graph.nodes.get(id)!.spec.op} has no Keras equivalent written by this export`,
      fatal: true,
    });
  for (const id of py.graph.objectives) {
    const op = py.graph.nodes.get(id)!.spec.op;
    if (!hasKerasObjective(op))
      out.push({ nodeId: id, message: `loss/penalty ${op} has no Keras code in this export`, fatal: true });
  }
  const lossProblem = kerasLossProblem(py);
  if (lossProblem) out.push({ ...lossProblem, fatal: true });
  out.push(...dataLimitations(source.doc.training));
  for (const id of py.modelNodes)
    if (py.graph.nodes.get(id)!.spec.randomInTraining)
      out.push({
        nodeId: id,
        message: 'dropout masks are drawn by Keras, not by the app’s seeded generator',
      });
  const weights = weightsNote(py.graph, source.doc.training.seed, noWeights, 'Keras’s default initializers');
  if (weights) out.push({ message: weights });
  return out;
}

function pyGraphOf(source: ExportSource): PyGraph {
  if (!source.graph) throw new Error('the Keras code export needs a checked graph');
  return readPyGraph(source.graph);
}

export const kerasPyFormat: ExportFormat = {
  id: 'keras-py',
  title: 'Keras 3 code (model.py, train.py, weights.safetensors)',
  description:
    'The model as Keras functional-API code named after the nodes, its weights, and train.py with compile/fit reproducing the training.',
  needsValidGraph: true,
  limitations: (source, options) => kerasLimitations(pyGraphOf(source), source, options.noWeights === true),
  write: async (source, options) => {
    const py = pyGraphOf(source);
    const weights = options.noWeights ? null : await graphWeights(py.graph);
    const model = writeKerasModel(py, weights);
    const files: ExportFile[] = [
      { path: 'model.py', contents: model.source },
      { path: 'train.py', contents: writeKerasTrain(py, model.names) },
      { path: 'data.py', contents: writeDataPy(py) },
    ];
    if (weights)
      files.push({
        path: 'weights.safetensors',
        contents: writeSafetensors(model.tensors, { format: 'np' }),
      });
    return files;
  },
};

/**
 * ONNX (opset 17): the graph's inference part as a `.onnx` file that ONNX Runtime runs and Netron
 * opens, with one input per feature tensor (named after the Input node, batch dimension `N`), one
 * output per prediction (named after the prediction node) and the weights as initializers.
 */
import { encodeModel } from '../interop/onnx-codec';
import { baseName } from './json';
import { buildOnnxModel } from './onnx-model';
import { planOnnx } from './onnx-plan';
import { resolveWeights, usesInitialWeights } from './onnx-weights';
import type { ExportFormat, ExportLimitation } from './types';

export const onnxFormat: ExportFormat = {
  id: 'onnx',
  title: 'ONNX model',
  description:
    'The trained network as an ONNX model (opset 17) for ONNX Runtime, Netron and other frameworks: inference only, weights included.',
  needsValidGraph: true,
  limitations: ({ graph }, options) => {
    if (!graph) return [{ fatal: true, message: 'the graph has errors' }];
    const plan = planOnnx(graph);
    const out: ExportLimitation[] = [
      ...plan.limitations,
      {
        message:
          'ONNX describes inference only: the data set, loss, optimizer and other training settings are not written',
      },
    ];
    if (usesInitialWeights(graph, plan.order, options))
      out.push({
        message: `${options.noWeights ? 'weights left out as asked' : 'the file stores no trained weights'}: the model carries the initial weights of seed ${graph.doc.training.seed}, as a new run starts from`,
      });
    return out;
  },
  write: async ({ doc, graph }, options) => {
    if (!graph) throw new Error('ONNX export needs a checked graph');
    const plan = planOnnx(graph);
    const weights = await resolveWeights(graph, plan.order, options);
    const notes = plan.limitations.map((l) => `${l.nodeId ? `node "${l.nodeId}": ` : ''}${l.message}`);
    const bytes = encodeModel(buildOnnxModel(graph, plan, weights, notes));
    return [{ path: `${baseName(doc.name)}.onnx`, contents: bytes }];
  },
};

/**
 * `model.py` of the PyTorch export: an `nn.Module` whose attributes are the graph's nodes (named
 * after their ids), one commented line of `forward` per node, and a loader for
 * `weights.safetensors`. Run on its own (`python model.py --inputs in.json`) it prints the
 * model's predictions, which is how the interop check compares it with the app.
 */
import { formatShape } from '../shapes/shape';
import type { PyGraph } from './python-graph';
import { specOf } from './python-graph';
import { indent, PyNames, pyComment, pyLiteral } from './python-text';
import type { PyWeight, PyWeights } from './python-weights';
import { transposeWeight } from './python-weights';
import { TORCH_OPS, torchInit } from './pytorch-ops';
import type { TorchNode, TorchWeight } from './pytorch-ops';
import type { SafeTensor } from './python-safetensors';

/** The written model: its source, its state_dict tensors, and the Python names of the nodes. */
export interface TorchModel {
  source: string;
  tensors: SafeTensor[];
  names: PyNames;
  /** state_dict key (and layout) of each of the app's weights, by node id then weight name. */
  keys: Map<string, Record<string, TorchWeight>>;
}

/** The emitter's view of node `id`. */
function torchNode(py: PyGraph, names: PyNames, id: string): TorchNode {
  const r = py.graph.nodes.get(id)!;
  const inputs: Record<string, string[]> = {};
  const inShapes: TorchNode['inShapes'] = {};
  for (const [port, sources] of Object.entries(r.inputs)) {
    inputs[port] = sources.map((s) => names.of(s));
    inShapes[port] = sources.map((s) => py.graph.shapes.get(s)!);
  }
  return {
    id,
    name: names.of(id),
    params: r.params,
    inputs,
    inShapes,
    outShape: py.graph.shapes.get(id)!,
    decls: py.graph.weights.get(id) ?? [],
  };
}

/** Ids of model nodes PyTorch code cannot be written for. */
export function unsupportedTorchNodes(py: PyGraph): string[] {
  return py.modelNodes.filter((id) => !Object.hasOwn(TORCH_OPS, specOf(py, id).op));
}

const HELPERS = `def nchw(t):
    """Channels-last [N, H, W, C] (the app's layout) to PyTorch's [N, C, H, W]."""
    return t.permute(0, 3, 1, 2)


def nhwc(t):
    """PyTorch's [N, C, H, W] back to channels-last [N, H, W, C]."""
    return t.permute(0, 2, 3, 1)


class ChannelsLastBatchNorm(nn.BatchNorm1d):
    """Batch normalization over the last axis (the app's feature axis), for any rank."""

    def _check_input_dim(self, input):
        pass

    def forward(self, input):
        return super().forward(input.movedim(-1, 1)).movedim(1, -1)
`;

/** nn.Module's own members: an attribute named like one would replace it (`self.half`, `self.eval`). */
const MODULE_MEMBERS =
  'T_destination add_module apply bfloat16 buffers call_super_init children compile cpu cuda double dump_patches eval extra_repr float forward get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules mtia named_buffers named_children named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook register_load_state_dict_pre_hook register_module register_parameter register_state_dict_post_hook register_state_dict_pre_hook requires_grad_ set_extra_state set_submodule share_memory state_dict to to_empty train training type xpu zero_grad nchw nhwc predict HERE OUTPUTS Net ChannelsLastBatchNorm';

/** Writes model.py and gathers the weights under their state_dict keys. */
export function writeTorchModel(py: PyGraph, weights: PyWeights | null): TorchModel {
  const names = new PyNames();
  names.reserve(...MODULE_MEMBERS.split(' '));
  const init: string[] = [];
  const initWeights: string[] = [];
  const forward: string[] = [];
  const tensors: SafeTensor[] = [];
  const keys = new Map<string, Record<string, TorchWeight>>();
  for (const id of py.modelNodes) {
    const spec = specOf(py, id);
    const op = TORCH_OPS[spec.op];
    const n = torchNode(py, names, id);
    const label = py.graph.nodes.get(id)!.node.label;
    const comment = `${id}${label && label !== id ? ` (${label})` : ''}: ${spec.op} → ${formatShape(n.outShape)}`;
    const lines = op.init?.(n) ?? [];
    if (lines.length) init.push(pyComment(comment), ...lines);
    forward.push(pyComment(comment), `${n.name} = ${op.forward(n)}`);
    const map = op.weights?.(n) ?? {};
    keys.set(id, map);
    for (const decl of n.decls) {
      const target = map[decl.name];
      if (!target) continue;
      if (decl.trainable) initWeights.push(torchInit(`self.${target.key}`, decl.init, decl.shape));
      const w: PyWeight | undefined = weights?.get(id)?.get(decl.name);
      if (w) {
        const t = target.perm ? transposeWeight(w, target.perm) : w;
        tensors.push({ name: target.key, shape: t.shape, values: t.values });
      }
    }
  }
  const outs = py.outputs.map((o) => names.of(o));
  const ret = outs.length === 1 ? outs[0] : `(${outs.join(', ')})`;
  const source = `"""${py.graph.doc.name ?? 'Graph'}: the network of a Backprop Studio graph as a PyTorch module.

Generated by Backprop Studio. Attributes are named after the graph's node ids; each line of
forward() is one node, with its op and output shape ([N, …]: N is the batch). Tensors are
channels-last [N, H, W, C] as in the app; convolutions and pooling switch to PyTorch's NCHW just
around the call, so flattened features come in the app's order.

  python model.py                       # build, load weights.safetensors, print the module
  python model.py --inputs in.json      # print predictions for inputs [[...], ...] as JSON
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
# What forward() returns, in order: the node ids of the model's outputs.
OUTPUTS = ${pyLiteral(py.outputs)}


${HELPERS}

class Net(nn.Module):
    def __init__(self):
        super().__init__()
${indent(init.join('\n') || 'pass', '        ')}
        self._init_weights()

    def _init_weights(self):
        """The app's initializers (same distributions; weights.safetensors holds the app's own draw)."""
${indent(initWeights.join('\n') || 'pass', '        ')}

    def forward(self, x):
${indent(forward.join('\n'), '        ')}
        return ${ret}


def load_weights(model, path=os.path.join(HERE, "weights.safetensors")):
    """Loads weights written by Backprop Studio; returns False when the file is absent."""
    if not os.path.exists(path):
        return False
    from safetensors.torch import load_file

    state = load_file(path)
    missing, unexpected = model.load_state_dict(state, strict=False)
    # Batch-norm step counters are PyTorch's own bookkeeping; the app has none.
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise RuntimeError(f"{path}: missing {missing}, unexpected {unexpected}")
    return True


def predict(model, inputs):
    """The model's outputs (inference mode) for a list of examples, as nested lists."""
    model.eval()
    with torch.no_grad():
        out = model(torch.tensor(inputs, dtype=torch.float32))
    outs = out if isinstance(out, tuple) else (out,)
    return {name: o.tolist() for name, o in zip(OUTPUTS, outs)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", help="JSON file with a list of examples")
    parser.add_argument("--weights", default=os.path.join(HERE, "weights.safetensors"))
    args = parser.parse_args()
    model = Net()
    loaded = load_weights(model, args.weights)
    if args.inputs:
        with open(args.inputs) as f:
            json.dump(predict(model, json.load(f)), sys.stdout)
        print()
    else:
        print(model)
        print("weights:", args.weights if loaded else "PyTorch/app initializers (no weights file)")
`;
  return { source, tensors, names, keys };
}

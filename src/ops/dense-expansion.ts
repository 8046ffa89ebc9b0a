/**
 * How a Dense layer is made of op-level nodes, as the slides draw it:
 * x → MatMul(x, W) → Add(·, b) → activation. Read by the generic transforms in `graph/expand.ts`.
 */
import type { GraphNode, ParamValue } from '../graph/types';
import {
  IDENTITY_ACTIVATION,
  LAYER_ACTIVATION_OPS,
  layerActivation,
  layerActivationOfOp,
} from './activations';
import type { ExpandedLayer, ExpansionContext, LayerExpansion } from './expansion';
import { Add, MatMul, Parameter } from './operations';
import { paramDefault } from './params';
import type { OpSpec } from './spec';

/** The layer's param options and defaults, read from its spec. */
function layerDefaults(spec: OpSpec) {
  const kernelInit = spec.params.find((p) => p.name === 'kernelInit');
  return {
    kernelInits: kernelInit?.options ?? [],
    kernelInit: paramDefault(spec, 'kernelInit'),
    useBias: paramDefault(spec, 'useBias'),
  };
}

/** A raw Parameter param, or its default. */
const parameterParam = (node: GraphNode, name: string): ParamValue =>
  node.params[name] ?? paramDefault(Parameter, name);

const isDims = (shape: ParamValue, rank: number): shape is number[] =>
  Array.isArray(shape) &&
  shape.length === rank &&
  shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1);

/** The activation name a group's activation node expresses (the identity when there is none). */
function collapseActivation(
  act: GraphNode | undefined,
  actId: string,
  layer: string,
): { name: string } | { why: string } {
  if (!act) return { name: IDENTITY_ACTIVATION };
  const applied = layerActivationOfOp(act.op);
  if (!applied || applied.identity)
    return {
      why: `"${actId}" is a ${act.op}, not an activation a ${layer} layer applies (${LAYER_ACTIVATION_OPS.join(', ')})`,
    };
  for (const p of applied.spec.params) {
    const value = act.params[p.name] ?? p.default;
    const expected = applied.params.raw[p.name];
    if (value !== expected)
      return {
        why: `"${actId}" has ${p.title ?? p.name} = ${String(value)}; a ${layer} layer's ${applied.name} uses ${p.symbol ?? p.name} = ${String(expected)}`,
      };
  }
  return { name: applied.name };
}

export const denseExpansion: LayerExpansion = {
  parts: {
    W: [Parameter.op],
    matmul: [MatMul.op],
    b: [Parameter.op],
    add: [Add.op],
    act: LAYER_ACTIVATION_OPS,
  },
  core: ['matmul', 'W'],

  expand({ id }: ExpansionContext, params, input): ExpandedLayer | string {
    const k = input[input.length - 1];
    if (typeof k !== 'number') return `the input of "${id}" has no feature dimension`;
    const units = params.int('units');
    const name = params.str('activation');
    const layer: ExpandedLayer = {
      parts: [
        {
          part: 'W',
          op: Parameter.op,
          label: 'W',
          params: { shape: [k, units], init: params.str('kernelInit') },
          weight: 'kernel',
        },
        { part: 'matmul', op: MatMul.op, label: 'x·W', params: {} },
      ],
      edges: [{ from: 'W', to: 'matmul', port: 'b' }],
      input: { part: 'matmul', port: 'a' },
      output: 'matmul',
    };
    if (params.bool('useBias')) {
      layer.parts.push(
        {
          part: 'b',
          op: Parameter.op,
          label: 'b',
          params: { shape: [units], init: 'zeros' },
          weight: 'bias',
        },
        { part: 'add', op: Add.op, label: '+ b', params: {} },
      );
      layer.edges.push({ from: 'matmul', to: 'add', port: 'a' }, { from: 'b', to: 'add', port: 'b' });
      layer.output = 'add';
    }
    const act = layerActivation(name);
    if (!act) return `"${id}" has an unknown activation "${name}"`;
    if (!act.identity) {
      // The params layers apply the op with (a leaky ReLU's slope); the op's defaults give the rest.
      const actParams = { ...(act.spec.layerActivation?.params ?? {}) };
      layer.parts.push({ part: 'act', op: act.spec.op, label: name, params: actParams });
      layer.edges.push({ from: layer.output, to: 'act', port: 'in' });
      layer.output = 'act';
    }
    return layer;
  },

  collapse({ id, spec }, parts) {
    const defaults = layerDefaults(spec);
    const W = parts.get('W')!;
    const shape = parameterParam(W, 'shape');
    if (!isDims(shape, 2))
      return `"${id}.W" has shape ${JSON.stringify(shape)}; a ${spec.title} kernel is a matrix [k, units]`;
    const units = shape[1];
    const kernelInit = parameterParam(W, 'init');
    if (!defaults.kernelInits.includes(kernelInit as string))
      return `"${id}.W" starts from init ${JSON.stringify(kernelInit)}, which a ${spec.title} layer cannot express (its kernelInit is one of ${defaults.kernelInits.join(', ')})`;

    const b = parts.get('b');
    const add = parts.get('add');
    if (b && !add) return `"${id}.b" exists but "${id}.add" does not; a layer's bias needs both`;
    if (add && !b) return `"${id}.add" exists but the bias Parameter "${id}.b" does not`;
    if (add && add.op !== Add.op) return `"${id}.add" is a ${add.op}, not an Add`;
    if (b && b.op !== Parameter.op) return `"${id}.b" is a ${b.op}, not a bias Parameter`;
    if (b) {
      const bShape = parameterParam(b, 'shape');
      if (!isDims(bShape, 1) || bShape[0] !== units)
        return `"${id}.b" has shape ${JSON.stringify(bShape)}; the bias of ${units} units is [${units}]`;
      const bInit = parameterParam(b, 'init');
      if (bInit !== 'zeros')
        return `"${id}.b" starts from init ${JSON.stringify(bInit)}; a ${spec.title} layer's bias always starts at zeros`;
    }
    const activation = collapseActivation(parts.get('act'), `${id}.act`, spec.title);
    if ('why' in activation) return activation.why;

    // Written as an untouched layer has them: units and activation always, the rest when not default.
    const params: Record<string, ParamValue> = { units, activation: activation.name };
    const useBias = b !== undefined;
    if (useBias !== defaults.useBias) params.useBias = useBias;
    if (kernelInit !== defaults.kernelInit) params.kernelInit = kernelInit;
    return { params, input: ['N', shape[0]] };
  },
};

/** Weight penalties added to the objective. */
import { ShapeError } from '../shapes/shape';
import { outPort } from './spec';
import type { OpSpec } from './spec';

const penaltyParams = [
  {
    name: 'lambda',
    face: true,
    kind: 'float' as const,
    default: 0.001,
    min: 0,
    doc: 'Strength λ of the penalty.',
  },
  {
    name: 'layer',
    kind: 'string' as const,
    default: null,
    nullable: true,
    doc: 'Id of a layer whose kernel is penalised (instead of connecting a Parameter to "weights").',
  },
];

/** A penalty names a layer in `layer` and then reads that layer's penalised weight on `weights`. */
const penaltyReference = { layerParam: 'layer', port: 'weights' };

const penaltyPorts = [
  {
    name: 'weights',
    doc: 'The parameter to penalise (leave unconnected and name a layer instead).',
    optional: true,
  },
];

function penaltyShape(ctx: Parameters<OpSpec['shape']>[0]) {
  if (!ctx.inputs.weights?.length)
    throw new ShapeError('connect a Parameter to "weights" or name a layer in the "layer" param', 'weights');
  return [];
}

export const L2Penalty: OpSpec = {
  op: 'L2Penalty',
  title: 'L2 penalty',
  category: 'regularizer',
  role: 'penalty',
  penalty: penaltyReference,
  doc: 'Weight decay: adds λ Σ w² to the objective, pulling every weight towards 0 in proportion to its size (gradient 2λw).',
  params: penaltyParams,
  inputs: penaltyPorts,
  output: outPort('λ Σ w², a scalar added to the loss.'),
  formula: { forward: 'R = λ Σ w²', local: 'dR/dw = 2λ w' },
  shape: penaltyShape,
  forward: ({ inputs, params, tf }) => tf.mul(params.num('lambda'), tf.sum(tf.square(inputs.weights[0]))),
};

export const L1Penalty: OpSpec = {
  op: 'L1Penalty',
  title: 'L1 penalty',
  category: 'regularizer',
  role: 'penalty',
  penalty: penaltyReference,
  doc: 'Adds λ Σ |w| to the objective: a constant pull towards 0 that drives small weights to exactly zero (sparse weights).',
  params: penaltyParams,
  inputs: penaltyPorts,
  output: outPort('λ Σ |w|, a scalar added to the loss.'),
  formula: { forward: 'R = λ Σ |w|', local: 'dR/dw = λ sign(w)' },
  shape: penaltyShape,
  forward: ({ inputs, params, tf }) => tf.mul(params.num('lambda'), tf.sum(tf.abs(inputs.weights[0]))),
};

export const regularizerOps: OpSpec[] = [L2Penalty, L1Penalty];

/** What every activation spec shares: one input, the same shape out, elementwise by default. */
import { ShapeError } from '../shapes/shape';
import type { Shape } from '../shapes/shape';
import { outPort } from './spec';
import type { OpSpec, ShapeContext } from './spec';

/** The shape rule of a one-input activation: the input's shape. */
export function sameAsInput(ctx: ShapeContext): Shape {
  const input = ctx.inputs.in?.[0];
  if (!input) throw new ShapeError('input "in" is not connected', 'in');
  return input.shape;
}

const inPort = [{ name: 'in', doc: 'The pre-activation value A.' }];

/** An elementwise activation spec; `extra` adds or overrides fields (params, layer name…). */
export function activation(
  op: string,
  title: string,
  doc: string,
  formula: { forward: string; local: string },
  fn: OpSpec['forward'],
  extra: Partial<OpSpec> = {},
): OpSpec {
  return {
    op,
    title,
    category: 'activation',
    doc,
    params: [],
    inputs: inPort,
    output: outPort('B, same shape as the input.'),
    formula,
    shape: sameAsInput,
    forward: fn,
    elementwise: true,
    ...extra,
  };
}

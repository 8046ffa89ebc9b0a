/**
 * Reading a node's connected inputs in shape rules, shared by every op family so that a missing
 * edge and a mismatched shape are worded the same way whichever op reports them.
 */
import { formatShape, ShapeError } from '../shapes/shape';
import type { ShapeContext, ShapeInput } from './spec';

/**
 * Describes an input for messages: `input "a" from node "W1" has shape [2,2]`.
 *
 * @param port - The input port's name.
 * @param input - The shape arriving on it and the node it comes from.
 */
export function describeInput(port: string, input: ShapeInput): string {
  return `input "${port}" from node "${input.from}" has shape ${formatShape(input.shape)}`;
}

/**
 * The single shape on a required port.
 *
 * @throws ShapeError naming the port when nothing is connected to it.
 */
export function requireInput(ctx: ShapeContext, port: string): ShapeInput {
  const input = ctx.inputs[port]?.[0];
  if (!input) throw new ShapeError(`input "${port}" is not connected`, port);
  return input;
}

/**
 * The op registry: every op spec by name. Adding an op means adding its spec to one family list.
 */
import { activationOps } from './activations';
import { dataOps } from './data';
import { layerOps } from './layers';
import { lossOps } from './losses';
import { NegativeSamplingLoss } from './negative-sampling';
import { operationOps } from './operations';
import { regularizerOps } from './regularizers';
import type { OpCategory, OpRole, OpSpec } from './spec';

/** All specs in palette order. */
export const ALL_OPS: readonly OpSpec[] = [
  ...dataOps,
  ...layerOps,
  ...activationOps,
  ...operationOps,
  ...lossOps,
  NegativeSamplingLoss,
  ...regularizerOps,
];

const byName = new Map(ALL_OPS.map((spec) => [spec.op, spec]));

/** The spec of an op, or `undefined` for an unknown name. */
export function getOp(name: string): OpSpec | undefined {
  return byName.get(name);
}

/** Names of all ops, for "did you mean" messages. */
export function opNames(): string[] {
  return [...byName.keys()];
}

/** Specs of one palette group. */
export function opsInCategory(category: OpCategory): OpSpec[] {
  return ALL_OPS.filter((spec) => spec.category === category);
}

/** Whether the op's output is a term of the objective (losses and penalties). */
export function isObjectiveOp(spec: OpSpec): boolean {
  return spec.category === 'loss' || spec.category === 'regularizer';
}

/** Whether a spec plays `role` (input, target, loss, penalty). */
export function hasRole(spec: OpSpec | undefined, role: OpRole): boolean {
  return spec?.role === role;
}

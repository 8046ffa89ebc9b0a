/** Reading the penalty capabilities: which layer a penalty names, and which of its weights it reads. */
import type { OpSpec, Params, WeightDecl } from './spec';

/** The id of the layer a penalty node names in its param, or null (not a penalty, or wired by edge). */
export function penalisedLayer(spec: OpSpec, params: Params): string | null {
  return spec.penalty ? params.optionalStr(spec.penalty.layerParam) : null;
}

/**
 * The weight a penalty naming a node of `spec` applies to, among that node's declarations: the
 * trainable weight the spec names as penalised, or undefined when it has none.
 */
export function penalisedWeight<W extends Pick<WeightDecl, 'name' | 'trainable'>>(
  spec: OpSpec,
  weights: Iterable<W> | undefined,
): W | undefined {
  if (!spec.penalisedWeight || !weights) return undefined;
  for (const w of weights) if (w.trainable && w.name === spec.penalisedWeight) return w;
  return undefined;
}

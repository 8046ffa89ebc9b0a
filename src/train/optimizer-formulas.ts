/** Optimizer update rules as display text, without tfjs: the editor's main thread shows them. */
import type { OptimizerSpec } from '../graph/types';

/** Update rules as display text, for docs and the step view. */
export const OPTIMIZER_FORMULAS: Record<OptimizerSpec['type'], string> = {
  sgd: 'Δw = −μ · g',
  momentum: 'v ← ρ·v + g;  Δw = −μ · v',
  adagrad: 'G ← G + g²;  Δw = −μ · g / √G',
  rmsprop: 'S ← β·S + (1−β)·g²;  Δw = −μ · g / √(S + ε)',
  adam: 'm ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  Δw = −μ · m̂ / (√v̂ + ε)',
};

/** How each palette group looks: colour, icon and title. */
import type { OpCategory } from '../../src/ops/spec';

export const CATEGORY_STYLE: Record<OpCategory, { title: string; color: string; icon: string }> = {
  data: { title: 'Data', color: '#3b82f6', icon: '▦' },
  layer: { title: 'Layers', color: '#8b5cf6', icon: '▤' },
  activation: { title: 'Activations', color: '#10b981', icon: '∫' },
  operation: { title: 'Operations', color: '#f59e0b', icon: '∘' },
  loss: { title: 'Losses', color: '#ef4444', icon: 'E' },
  regularizer: { title: 'Regularizers', color: '#ec4899', icon: 'λ' },
};

/** Palette order of the groups. */
export const CATEGORY_ORDER: OpCategory[] = [
  'data',
  'layer',
  'activation',
  'operation',
  'loss',
  'regularizer',
];

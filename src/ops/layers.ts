/** Layers: parametrised building blocks that own their weights. */
import { Dense } from './dense';
import type { OpSpec } from './spec';

export const layerOps: OpSpec[] = [Dense];

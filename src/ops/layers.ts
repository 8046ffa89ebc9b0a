/** Layers: parametrised building blocks that own their weights. */
import { convOps } from './conv';
import { sequenceOps } from './conv1d';
import { Dense } from './dense';
import { dropoutOps } from './dropout';
import { embeddingOps } from './embedding';
import { normalizationOps } from './normalization';
import { poolingOps } from './pooling';
import { reshapeOps } from './reshape';
import type { OpSpec } from './spec';

/** All layer specs, in palette order. */
export const layerOps: OpSpec[] = [
  Dense,
  ...convOps,
  ...poolingOps,
  ...sequenceOps,
  ...reshapeOps,
  ...dropoutOps,
  ...normalizationOps,
  ...embeddingOps,
];

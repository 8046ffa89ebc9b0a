/**
 * The data layer: the data-set registry, the generators the lectures and tests call by name, CSV and
 * IDX files, splitting. Framework-free. A new data-set kind needs only its file and its registry line;
 * every kind is reachable through `findDatasetKind`.
 */
export type { Dataset } from './dataset';
export { DatasetError } from './dataset';
export type { Rng } from './random';
export { createRng, shuffledIndices } from './random';
export type { DatasetKind, DatasetOffer, FileReader, LoadContext } from './kind';
export type { DatasetKindName, DatasetSpec } from './registry';
export { DATASET_KINDS, datasetSchema, findDatasetKind } from './registry';
export type { DatasetField } from './fields';
export { datasetChoices, datasetFields } from './fields';
export { and, or, xor } from './kinds/truth-tables';
export type { SpiralOptions } from './kinds/spiral';
export { spiral } from './kinds/spiral';
export type { CirclesOptions } from './kinds/circles';
export { circles } from './kinds/circles';
export type { MoonsOptions } from './kinds/moons';
export { moons } from './kinds/moons';
export type { BlobsOptions } from './kinds/blobs';
export { blobs } from './kinds/blobs';
export type { SineOptions } from './kinds/sine';
export { sine } from './kinds/sine';
export type { LinearOptions } from './kinds/linear';
export { linear } from './kinds/linear';
export type { InlineOptions } from './kinds/inline';
export { inline } from './kinds/inline';
export type { CsvOptions, CsvPreview } from './csv';
export { parseCsv, previewCsv } from './csv';
export type { IdxArray, IdxDatasetOptions, IdxType } from './idx';
export { idxDataset, parseIdx, writeIdx } from './idx';
export { describeDataset, loadDataset, splitDataset, subsetDataset } from './load';

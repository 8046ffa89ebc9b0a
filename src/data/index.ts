/** The data layer: synthetic data sets, CSV and IDX files, splitting. Framework-free. */
export type { Dataset } from './dataset';
export { DatasetError } from './dataset';
export type { Rng } from './random';
export { createRng, shuffledIndices } from './random';
export type {
  BlobsOptions,
  CirclesOptions,
  InlineOptions,
  LinearOptions,
  MoonsOptions,
  SineOptions,
  SpiralOptions,
} from './synthetic';
export { and, blobs, circles, inline, linear, moons, or, sine, spiral, xor } from './synthetic';
export type { CsvOptions, CsvPreview } from './csv';
export { parseCsv, previewCsv } from './csv';
export type { IdxArray, IdxDatasetOptions, IdxType } from './idx';
export { idxDataset, parseIdx, writeIdx } from './idx';
export type { FileReader } from './load';
export { describeDataset, loadDataset, splitDataset } from './load';

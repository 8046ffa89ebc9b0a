/**
 * What a data-set kind declares once: its name, title and description, its options, its file
 * schema, and how to build the examples. `registry.ts` lists the kinds; the file schema, the loader,
 * the CLI and the Training tab read that list.
 */
import { z } from 'zod';
import type { OptimizerType } from '../graph/types';
import type { Dataset } from './dataset';
import { optionShape } from './options';
import type { OptionDecls, OptionShape } from './options';

/**
 * Reads a file given by a path from the graph file; the caller resolves it relative to the graph file.
 * A reader refuses what is not a regular file and what is over its size limit (throwing an Error
 * that says why). A reader that can also tell a file's size and read part of it lets a binary format
 * check its header against the file before reading the body (IDX), and read only what it keeps.
 */
export interface FileReader {
  (path: string): Uint8Array;
  /** The file's size in bytes, without reading it. */
  size?(path: string): number;
  /** Bytes `[start, start + length)` of the file (fewer at its end), without reading the rest. */
  readRange?(path: string, start: number, length: number): Uint8Array;
  /** Whether the file is there at all (a downloadable set that is not yet downloaded is not an error). */
  has?(path: string): boolean;
}

/**
 * How big a data set is, known before its examples exist: a run is refused before a generator
 * allocates 10,000,000 points it could never train on.
 */
export interface DatasetSize {
  /** Name for messages (`spiral (100 classes × 100000)`). */
  name: string;
  /** Number of examples. */
  count: number;
  /** Feature values per example. */
  featureSize: number;
  /** Label values per example as the data set holds them (1 for a class index). */
  labelSize: number;
}

/** What a loader gets besides the spec. */
export interface LoadContext {
  /** The training seed; synthetic data sets draw their noise from it. */
  seed: number;
  /** Reader for data files (`csv`, `idx`); absent where no files can be read. */
  readFile?: FileReader;
}

/**
 * How the Training tab offers a kind: `builtin` ones are picked from the list with their defaults;
 * `import` ones come through an import dialog; `file-only` ones are shown only when a file uses them.
 */
export type DatasetOffer = 'builtin' | 'import' | 'file-only';

/** The schema fields of a kind: its `kind` tag, its options and any other fields. */
export type KindShape<K extends string, O extends OptionDecls, E extends z.ZodRawShape> = {
  kind: z.ZodLiteral<K>;
} & E &
  OptionShape<O>;

/** The schema of a kind's spec. */
export type KindSchema<K extends string, O extends OptionDecls, E extends z.ZodRawShape> = z.ZodObject<
  KindShape<K, O, E>,
  z.core.$strict
>;

/**
 * The training settings a kind recommends, used for every training field a graph file leaves out
 * (see `training-defaults.ts`). Only what differs from the generic defaults needs saying: chosen
 * so that the small networks of the lectures learn on this data with the default run.
 */
export interface TrainingRecommendation {
  /** Update rule and step size. */
  optimizer?: { type: OptimizerType; learningRate: number };
  /** Examples per gradient step (clamped to the number of training examples). */
  batchSize?: number;
  /** Passes over the training examples. */
  epochs?: number;
  /** Fraction of examples held out for testing. */
  testSplit?: number;
}

/** One registered data-set kind. */
export interface DatasetKind<S extends z.ZodObject = z.ZodObject> {
  /** The `kind` tag in the file. */
  readonly kind: string;
  /** The Training tab's list entry (`Spiral arms (CS231n)`). */
  readonly title: string;
  /** A sentence or two for the schema, the CLI's help and the docs. */
  readonly description: string;
  readonly offer: DatasetOffer;
  /** Options with bounds and defaults, shown as fields in the Training tab and in `datasets` help. */
  readonly options: OptionDecls;
  /** The spec's schema, one member of the file schema's `training.dataset` union. */
  readonly schema: S;
  /** Training defaults for this data set; absent fields take the generic defaults. */
  readonly training?: TrainingRecommendation;
  /** Builds the examples; throws `DatasetError` for bad options or data. */
  load(spec: z.output<S>, context: LoadContext): Dataset;
  /**
   * The data set's size from its options alone, without generating it; absent for kinds whose size
   * is only known from their files. Throws `DatasetError` for bad options, as `load` would.
   */
  size?(spec: z.output<S>): DatasetSize;
}

/** What {@link defineDataset} takes. */
export interface DatasetDefinition<K extends string, O extends OptionDecls, E extends z.ZodRawShape> {
  kind: K;
  title: string;
  description: string;
  offer: DatasetOffer;
  options: O;
  /** Fields that are not simple options (paths, rows of numbers, column lists). */
  fields?: E;
  /** Training defaults for this data set (see {@link TrainingRecommendation}). */
  training?: TrainingRecommendation;
  load(spec: z.output<KindSchema<K, O, E>>, context: LoadContext): Dataset;
  /** The size from the options alone (see {@link DatasetKind.size}). */
  size?(spec: z.output<KindSchema<K, O, E>>): DatasetSize;
}

/**
 * Declares a data-set kind; its schema is built from its tag, its options and its other fields.
 */
export function defineDataset<
  K extends string,
  O extends OptionDecls,
  E extends z.ZodRawShape = Record<never, never>,
>(
  definition: DatasetDefinition<K, O, E>,
): DatasetKind<KindSchema<K, O, E>> & { readonly kind: K; readonly options: O } {
  const { kind, description, options, fields } = definition;
  const shape = {
    kind: z.literal(kind).describe(description),
    ...fields,
    ...optionShape(options),
  };
  // The spread object has exactly the keys and field types `KindShape` names.
  const schema = z.strictObject(shape as KindShape<K, O, E>).describe(description) as KindSchema<K, O, E>;
  return { ...definition, schema };
}

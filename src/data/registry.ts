/**
 * Every data-set kind, in the order the Training tab lists them. Adding a kind is one file in
 * `kinds/` plus one line here: the file schema, the loader, the CLI's `datasets` command and the
 * Training tab's fields all read this list.
 */
import { z } from 'zod';
import { blobsKind } from './kinds/blobs';
import { checkerboardKind } from './kinds/checkerboard';
import { circlesKind } from './kinds/circles';
import { csvKind } from './kinds/csv';
import { idxKind } from './kinds/idx';
import { inlineKind } from './kinds/inline';
import { linearKind } from './kinds/linear';
import { mnistKind } from './kinds/mnist';
import { moonsKind } from './kinds/moons';
import { shapesKind } from './kinds/shapes';
import { sineKind } from './kinds/sine';
import { spiralKind } from './kinds/spiral';
import { textSentencesKind } from './kinds/text-sentences';
import { textTfidfKind } from './kinds/text-tfidf';
import { textCbowKind, textSkipgramKind } from './kinds/text-words';
import { andKind, orKind, xorKind } from './kinds/truth-tables';
import type { DatasetKind } from './kind';

/** The registered kinds. */
export const DATASET_KINDS = [
  xorKind,
  orKind,
  andKind,
  spiralKind,
  circlesKind,
  moonsKind,
  blobsKind,
  checkerboardKind,
  sineKind,
  linearKind,
  shapesKind,
  textCbowKind,
  textSkipgramKind,
  textSentencesKind,
  textTfidfKind,
  mnistKind,
  inlineKind,
  csvKind,
  idxKind,
] as const;

type Registered = typeof DATASET_KINDS;

/** The kinds' schemas as a tuple, the form `z.discriminatedUnion` needs to infer the union. */
type Schemas<T extends readonly DatasetKind[]> = { -readonly [I in keyof T]: T[I]['schema'] };

/** The file schema of `training.dataset`: one member per registered kind. */
export const datasetSchema = z
  .discriminatedUnion(
    'kind',
    // `map` loses the tuple type; the order and members are exactly those of DATASET_KINDS.
    DATASET_KINDS.map((k) => k.schema) as unknown as Schemas<Registered>,
  )
  .describe('Where the examples come from: a built-in data set or a file.');

/** A built-in synthetic data set or a file the user supplies, as the graph file's `training.dataset` holds it. */
export type DatasetSpec = z.output<typeof datasetSchema>;

/** The name of a registered kind. */
export type DatasetKindName = DatasetSpec['kind'];

const BY_NAME = new Map<string, DatasetKind>(DATASET_KINDS.map((k) => [k.kind, k]));

/** The registry entry of a kind, or undefined for a name that is not registered. */
export function findDatasetKind(kind: string): DatasetKind | undefined {
  return BY_NAME.get(kind);
}

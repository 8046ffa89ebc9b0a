/**
 * What a model importer is. Each source format (Keras, TensorFlow.js, ONNX) lives in its own file
 * of `src/import/` and is listed once in `registry.ts`; the CLI's `import` command and the editor's
 * Open and drop read the registry.
 */
import type { GraphDoc } from '../graph/types';

/** The file the user chose, with the files chosen or found next to it. */
export interface ImportInput {
  /** Name of the chosen file (`model.json`, `net.onnx`), used in messages and to pick a format. */
  name: string;
  /** Its bytes. */
  bytes: Uint8Array;
  /**
   * Other files by the name the model refers to them by (a LayersModel's weight shards
   * `group1-shard1of1.bin`). The CLI reads the ones the importer's `siblingNames` lists (or, for an
   * importer without it, the files of the model's folder whose names the model mentions); the
   * editor passes what the user chose or dropped with the model, by base name.
   */
  siblings: ReadonlyMap<string, Uint8Array>;
}

/** One reason a model cannot be imported, with where in the file it is. */
export interface ImportProblem {
  /** Where: `layer 3 "conv2d_1" (Conv2D)`, `node 7 "Gemm_3"`, `weights manifest`. */
  where: string;
  /** What is wrong or unsupported, and what would be needed. */
  message: string;
}

/** The outcome of an import: a whole graph, or nothing and every reason why. */
export type ImportResult =
  | {
      ok: true;
      /** The graph, with its weights; its layout may be empty (the editor lays it out). */
      doc: GraphDoc;
      /** What changed on the way in (a default filled in, an attribute ignored), one line each. */
      notes: string[];
    }
  | { ok: false; problems: ImportProblem[] };

/** One importable model format. */
export interface ModelImporter {
  /** Registry key (`keras`, `tfjs`, `onnx`). */
  id: string;
  /** Name shown to users (`Keras model (.keras, model.to_json())`). */
  title: string;
  /** File name endings this format uses, for file pickers (`.onnx`). */
  extensions: readonly string[];
  /** Whether these bytes look like this format (magic bytes or the JSON's keys), cheaply. */
  sniff(input: ImportInput): boolean;
  /**
   * Paths, relative to the model's folder, of the other files this model needs (a LayersModel's
   * `weightsManifest` paths), read from `input.bytes` alone; the CLI reads them into `siblings`.
   * Absent for one-file formats. A name the model gives but the folder lacks is left out of
   * `siblings`, and `read` says which is missing.
   */
  siblingNames?(input: ImportInput): string[];
  /** Reads the model into a graph. Never throws for bad input: every problem is in the result. */
  read(input: ImportInput): Promise<ImportResult>;
}

/**
 * What an export format is. Each format lives in one file of `src/export/` and is listed once in
 * `registry.ts`; the CLI's `export` command and the editor's Export menu read the registry.
 */
import type { GraphDoc } from '../graph/types';
import type { ShapedGraph } from '../shapes/infer';
import type { Shape } from '../shapes/shape';

/** One file an export produces. */
export interface ExportFile {
  /** Path relative to the output folder (`model.py`, `graph.dot`). */
  path: string;
  /** Text, or bytes for binary formats. */
  contents: string | Uint8Array;
}

/** Something of the graph the format cannot carry, said before the user relies on the output. */
export interface ExportLimitation {
  /** The node concerned, when it is about one node. */
  nodeId?: string;
  /** What is left out or changed, in one sentence. */
  message: string;
  /**
   * The format cannot express this at all: the export is refused (with every fatal limitation
   * named) rather than written half-correct.
   */
  fatal?: boolean;
}

/** Options every format understands. */
export interface ExportOptions {
  /** Leave the trained weights out even when the graph file has them. */
  noWeights?: boolean;
  /**
   * The weights a fresh run would start from, for formats that carry weights when the file stores
   * none. Callers that already run the compiler supply them; without it a format loads the
   * compiler (and TensorFlow.js) on demand.
   */
  initialWeights?: (graph: ShapedGraph) => Promise<NonNullable<GraphDoc['weights']>>;
}

/** What a format gets: the file, and the checked graph when the file is valid. */
export interface ExportSource {
  doc: GraphDoc;
  /** Null when the graph has errors; formats with `needsValidGraph` are then refused. */
  graph: ShapedGraph | null;
  /** Output shape of every node whose shape could be inferred (also in a graph with errors). */
  shapes: Map<string, Shape>;
}

/** One export format. */
export interface ExportFormat {
  /** Registry key and CLI `--format` value. */
  id: string;
  /** Menu label. */
  title: string;
  /** One sentence for the menu tooltip and the CLI help. */
  description: string;
  /** The format is written from a checked graph (shapes known); invalid graphs are refused. */
  needsValidGraph: boolean;
  /** What this format cannot express for this graph (empty when it carries everything). */
  limitations(source: ExportSource, options: ExportOptions): ExportLimitation[];
  /** The files of the export (a promise where writing needs a WebAssembly library, as HDF5 does). */
  write(source: ExportSource, options: ExportOptions): ExportFile[] | Promise<ExportFile[]>;
}

/**
 * Shared test setup: the wasm backend (cpu when wasm cannot start) in production mode, and the
 * example graphs of `graphs/` checked and paired with their data sets.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadGraphDataset, readGraphFile } from '../../src/cli/files';
import type { Dataset } from '../../src/data/dataset';
import { formatDiagnostic } from '../../src/graph/diagnostics';
import type { GraphDoc } from '../../src/graph/types';
import type { ShapedGraph } from '../../src/shapes/infer';
import { checkGraph } from '../../src/graph/check';

tf.enableProdMode();
try {
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend unavailable');
} catch {
  await tf.setBackend('cpu');
}
await tf.ready();

export { tf };

/** An example graph, checked, with the data set its training section names. */
export interface Example {
  path: string;
  doc: GraphDoc;
  graph: ShapedGraph;
  dataset: Dataset;
}

/** Reads `graphs/<name>.json`, checks it (failing on any error) and loads its data set. */
export function loadExample(name: string): Example {
  const path = fileURLToPath(new URL(`../../graphs/${name}.json`, import.meta.url));
  const loaded = readGraphFile(path);
  if (!loaded.doc) {
    const problems = loaded.ioError ?? loaded.diagnostics.map(formatDiagnostic).join('\n');
    throw new Error(`cannot load ${path}:\n${problems}`);
  }
  const checked = checkGraph(loaded.doc);
  if (!checked.graph)
    throw new Error(`${path} has errors:\n${checked.diagnostics.map(formatDiagnostic).join('\n')}`);
  return { path, doc: loaded.doc, graph: checked.graph, dataset: loadGraphDataset(loaded.doc, path) };
}

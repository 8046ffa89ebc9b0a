/**
 * Prints the data set a graph names, as the app builds it: `{"features": [...], "labels": [...]}`
 * (flat, row-major) and the indices of its held-out test examples. The interop check compares it with the exported data.py's examples.
 *
 *   npx tsx scripts/interop/dump-dataset.ts <graph.json>
 */
import { loadGraphDataset, readGraphFile } from '../../src/cli/files';
import { createRng, shuffledIndices } from '../../src/data/random';

const path = process.argv[2];
const { doc } = readGraphFile(path);
if (!doc) throw new Error(`${path}: not a graph file`);
const data = loadGraphDataset(doc, path);
// The held-out examples, as splitDataset draws them (its shuffle, then the first testCount).
const f = doc.training.testSplit;
const testCount = f > 0 ? Math.min(data.count - 1, Math.max(1, Math.round(data.count * f))) : 0;
const test = shuffledIndices(data.count, createRng(doc.training.seed, 'split')).slice(0, testCount);
process.stdout.write(
  JSON.stringify({ features: Array.from(data.features), labels: Array.from(data.labels), test }),
);

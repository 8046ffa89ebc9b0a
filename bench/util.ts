/** Shared helpers of the benchmarks: statistics, tables, graph loading. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGraphText } from '../src/graph/load';
import { checkGraph } from '../src/graph/check';
import type { ShapedGraph } from '../src/shapes/infer';
import { createRng } from '../src/data/random';
import type { Dataset } from '../src/data/dataset';
import type { Trainer } from '../src/train/trainer';

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A number with a fixed count of decimals and thousands separators. */
export function num(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A signed percentage (`+3.2%`). */
export function pct(fraction: number, decimals = 1): string {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(decimals)}%`;
}

/**
 * Prints an aligned table: the first column left-aligned, the others right-aligned.
 *
 * @param title - Printed above the table.
 * @param header - Column titles.
 * @param rows - Cells, already formatted.
 */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Absolute path of a file in the repository's `graphs/` folder. */
export function graphPath(name: string): string {
  return fileURLToPath(new URL(`../graphs/${name}`, import.meta.url));
}

/** Parses and checks a graph file; throws with the diagnostics when it is not valid. */
export function loadGraph(name: string): ShapedGraph {
  const { doc, diagnostics } = parseGraphText(readFileSync(graphPath(name), 'utf8'));
  const checked = doc ? checkGraph(doc) : null;
  if (!checked?.graph) {
    const all = [...diagnostics, ...(checked?.diagnostics ?? [])];
    throw new Error(`${name} is not valid: ${all.map((d) => d.message).join('; ')}`);
  }
  return checked.graph;
}

/** Examples in the trainer's next `steps` steps (the last batch of an epoch may be smaller). */
export function examplesAhead(trainer: Trainer, steps: number): number {
  let examples = 0;
  for (let s = trainer.steps; s < trainer.steps + steps; s++) {
    const inEpoch = s % trainer.stepsPerEpoch;
    examples += Math.min(trainer.batchSize, trainer.train.count - inEpoch * trainer.batchSize);
  }
  return examples;
}

/** A random 10-class data set of 784 features in [0, 1), `count` examples. */
export function randomDigits(count: number, seed: number): Dataset {
  const rng = createRng(seed, 'bench-digits');
  const features = new Float32Array(count * 784);
  for (let i = 0; i < features.length; i++) features[i] = rng.next();
  const labels = Float32Array.from({ length: count }, () => rng.int(10));
  return {
    name: 'random digits',
    count,
    featureShape: [784],
    features,
    labels,
    labelShape: [],
    task: 'classification',
    numClasses: 10,
  };
}

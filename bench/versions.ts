/**
 * This checkout's training speed against another checkout's, in alternating child processes:
 * `tsx bench/versions.ts <other-root> [--rounds N]`, where `<other-root>` is, say,
 * `git archive <commit> | tar -x -C /tmp/old` with `node_modules` linked in. Each round runs the
 * other tree, then this one, each in a fresh Node process on WASM, so drift of the machine's load
 * touches both alike. Models: a 784-500-10 MLP (mnist-mlp.json, SGD, batch 128, 4,096 random
 * digits) and spiral-mlp.json. Prints examples/s of untraced steps; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseGraphText } from '../src/graph/load';
import { loadDataset } from '../src/data/load';
import { graphPath, loadGraph, median, num, printTable, randomDigits } from './util';

const MODELS = ['mnist-mlp', 'spiral-mlp'] as const;
const MEASURE_MS = 4000;

/**
 * In a child: examples/s of `root`'s Trainer on one model, after a warm-up. The graph and its data
 * come from this checkout (the file format is the same in both), so both sides train on the very
 * same examples.
 */
async function probe(root: string, model: string): Promise<number> {
  const from = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const { startNodeBackend } = await from('src/backend/node.ts');
  await startNodeBackend('wasm');
  const { Trainer } = await from('src/train/trainer.ts');
  const graph = loadGraph(`${model}.json`);
  const { doc } = parseGraphText(readFileSync(graphPath(`${model}.json`), 'utf8'));
  const dataset =
    model === 'mnist-mlp' ? randomDigits(4096, 1) : loadDataset(doc!.training.dataset, doc!.training.seed);
  const trainer = new Trainer({ graph, dataset, overrides: { testSplit: 0, epochs: 1e9 } });
  const batch = trainer.spec.batchSize as number;
  for (let i = 0; i < 20; i++) (trainer.stepFast() as { dispose(): void }).dispose();
  let steps = 0;
  let last: { dispose(): void; data(): Promise<unknown> } | null = null;
  const start = performance.now();
  while (performance.now() - start < MEASURE_MS) {
    const next = trainer.stepFast();
    last?.dispose();
    last = next;
    steps++;
  }
  await last!.data();
  const ms = performance.now() - start;
  last!.dispose();
  trainer.dispose();
  return (steps * batch * 1000) / ms;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--probe') {
    console.log(JSON.stringify(await probe(args[1], args[2])));
    return;
  }
  const other = args[0];
  if (!other || !existsSync(resolve(other, 'src/train/trainer.ts')))
    throw new Error('usage: tsx bench/versions.ts <other checkout root> [--rounds N]');
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
  const here = resolve(fileURLToPath(import.meta.url), '../..');
  const run = (root: string, model: string) =>
    Number(
      execFileSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--probe', root, model],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split('\n')
        .at(-1),
    );
  const rows: string[][] = [];
  for (const model of MODELS) {
    const before: number[] = [];
    const after: number[] = [];
    for (let r = 0; r < rounds; r++) {
      before.push(run(other, model));
      after.push(run(here, model));
    }
    const ratios = after.map((a, i) => a / before[i]);
    rows.push([
      model,
      before.map((v) => num(v)).join(' / '),
      after.map((v) => num(v)).join(' / '),
      ratios.map((v) => `×${v.toFixed(2)}`).join(' / '),
      `×${median(ratios).toFixed(2)}`,
    ]);
  }
  printTable(
    `Untraced training steps on WASM, examples/s, ${rounds} alternating rounds of ${MEASURE_MS / 1000} s (${other} → this checkout)`,
    ['model', 'other', 'this', 'paired ratio', 'median'],
    rows,
  );
}

await main();

/**
 * `backprop-studio predict`: the model's outputs for examples in a JSON or CSV file, checked
 * against the slides' XOR network computed by hand here (sigmoid(x·W1 + b1)·W2 + b2 through a
 * sigmoid, with the file's explicit weights), and bad inputs refused with the example named.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The slides' network: W1 = [[3.7, 2.9], [3.7, 2.9]], b1 = (−1.5, −4.5), W2 = (4.5, −5.2), b2 = −2. */
function slides([x1, x2]: number[]): number {
  const h1 = sigmoid(x1 * 3.7 + x2 * 3.7 - 1.5);
  const h2 = sigmoid(x1 * 2.9 + x2 * 2.9 - 4.5);
  return sigmoid(h1 * 4.5 - h2 * 5.2 - 2);
}

describe('predict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-predict-'));
  const examples = [
    [1, 0],
    [0, 0],
    [0.3, -2],
  ];

  it('gives the outputs the losses read, for JSON and CSV inputs alike', async () => {
    const json = join(dir, 'in.json');
    writeFileSync(json, JSON.stringify(examples));
    const r = await cli('predict', 'graphs/xor-slides.json', '--inputs', json, '--json', '--backend', 'cpu');
    expect(r.code).toBe(0);
    const { outputs } = JSON.parse(r.stdout) as { outputs: Record<string, number[][]> };
    expect(Object.keys(outputs)).toEqual(['y']);
    outputs.y.forEach((row, i) => expect(row[0]).toBeCloseTo(slides(examples[i]), 6));
    // The lecture's worked example: y = 0.764519 for x = (1, 0).
    expect(outputs.y[0][0]).toBeCloseTo(0.764519, 6);
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, examples.map((e) => e.join(',')).join('\n'));
    const c = await cli('predict', 'graphs/xor-slides.json', '--inputs', csv, '--json', '--backend', 'cpu');
    expect(JSON.parse(c.stdout)).toEqual(JSON.parse(r.stdout));
  });

  it('refuses an example of the wrong size, naming it', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        [1, 0],
        [1, 2, 3],
      ]),
    );
    const r = await cli('predict', 'graphs/xor-slides.json', '--inputs', bad, '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('example 1 must hold 2 finite numbers');
  });
});

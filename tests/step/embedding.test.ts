/**
 * Step mode's word2vec lines (Embedding lookup, CBOW's average, the prediction error y − t, the
 * hidden-layer error Σⱼ (yⱼ − tⱼ) θ′ⱼ, the updates of θ′ and of the table's rows) against float64
 * arithmetic written here from the weights before the step and the example's ids and target word.
 */
import { describe, expect, it } from 'vitest';
import { explainEvent } from '../../src/step/explain';
import { embeddingLines } from '../../src/step/embedding';
import { walkTrainerStep } from '../../src/step/stepper';
import type { StepWalk } from '../../src/step/stepper';
import { Trainer } from '../../src/train/trainer';
import { loadExample } from '../helpers/tf';

const ETA = 0.5;

/** Every bracketed list of numbers in a line, in order (the step panel writes − for minus). */
function vectorsIn(line: string): number[][] {
  return [...line.replaceAll('−', '-').matchAll(/\[(-?[\d.e+-]+(?:, -?[\d.e+-]+)*)\]/g)].map((m) =>
    m[1].split(',').map(Number),
  );
}

/** Shown values (4 significant digits) against float64 ones. */
function expectShown(shown: number[] | undefined, exact: number[], what: string) {
  expect(shown, what).toBeDefined();
  expect(shown!.length, what).toBe(exact.length);
  shown!.forEach((s, i) => {
    if (Math.abs(s - exact[i]) > 6e-4 * Math.abs(exact[i]) + 1e-7)
      expect.fail(`${what}[${i}]: shown ${s}, float64 ${exact[i]}`);
  });
}

/** One SGD step walked on example `example`, with the lines of every event and the weights before it. */
async function walked(name: string, example: number, fullLimit = 1_000_000) {
  const { graph, dataset } = loadExample(name);
  const trainer = new Trainer({
    graph,
    dataset,
    overrides: { optimizer: { type: 'sgd', learningRate: ETA } },
  });
  try {
    const before = await trainer.program.exportWeights();
    const width = trainer.train.featureShape[0];
    const ids = [...trainer.train.features.subarray(example * width, (example + 1) * width)];
    const target = trainer.train.labels[example];
    const walk = await walkTrainerStep(trainer, example, true, fullLimit);
    const lines = walk.events.map(
      (_, i) => explainEvent(walk, i, ETA, { vocabulary: dataset.vocabulary }).lines,
    );
    return { walk, lines, before, ids, target, vocabulary: dataset.vocabulary! };
  } finally {
    trainer.dispose();
  }
}

/** The lines of the event of `phase` at node/key `id`. */
function linesAt(w: { walk: StepWalk; lines: string[][] }, phase: string, id: string): string[] {
  const i = w.walk.events.findIndex(
    (e) => e.phase === phase && (e.phase === 'update' ? e.key : e.nodeId) === id,
  );
  expect(i, `${phase} ${id}`).toBeGreaterThanOrEqual(0);
  return w.lines[i];
}

const find = (lines: string[], pattern: RegExp) => {
  const line = lines.find((l) => pattern.test(l));
  expect(line, String(pattern)).toBeDefined();
  return line!;
};

describe.each([
  ['word2vec-cbow', 5],
  ['word2vec-skipgram', 40],
])('%s: the lecture’s word2vec arithmetic, by hand', (name, example) => {
  it('shows the lookup, z, y − t, the hidden-layer error and both updates with float64-exact numbers', async () => {
    const w = await walked(name, example);
    const table = w.before.theta.embeddings;
    const kernel = w.before.scores.kernel;
    const [, dim] = table.shape;
    const classes = kernel.shape[1];
    const row = (k: number) => table.values.slice(k * dim, (k + 1) * dim);
    const m = w.ids.length;

    // Forward: rows of Θ, their average z, scores o = z·θ′ (θ′ⱼ = column j of the kernel), y = softmax(o).
    const z = Array.from({ length: dim }, (_, d) => w.ids.reduce((s, k) => s + row(k)[d], 0) / m);
    const o = Array.from({ length: classes }, (_, j) =>
      z.reduce((s, zi, i) => s + zi * kernel.values[i * classes + j], 0),
    );
    const top = Math.max(...o);
    const ex = o.map((x) => Math.exp(x - top));
    const y = ex.map((x) => x / ex.reduce((a, b) => a + b, 0));
    const e = y.map((p, j) => p - (j === w.target ? 1 : 0));
    const thetaCol = (j: number) => Array.from({ length: dim }, (_, i) => kernel.values[i * classes + j]);
    const hidden = Array.from({ length: dim }, (_, i) =>
      e.reduce((s, ej, j) => s + ej * kernel.values[i * classes + j], 0),
    );

    const lookup = linesAt(w, 'forward', 'theta');
    expectShown(vectorsIn(find(lookup, /^ids /))[0], w.ids, 'ids');
    w.ids.forEach((k) =>
      expectShown(
        vectorsIn(find(lookup, new RegExp(`^row ${k} \\(${w.vocabulary[k]}\\)`)))[0],
        row(k),
        `row ${k}`,
      ),
    );

    if (m > 1) {
      const zLines = linesAt(w, 'forward', 'z');
      expect(zLines.some((l) => l.includes(`v_${w.vocabulary[w.ids[0]]}`))).toBe(true);
      expectShown(vectorsIn(zLines[zLines.length - 1])[0], z, 'z');
    }

    const err = linesAt(w, 'backward', 'scores');
    const targetLine = find(err, /^target /).replaceAll('−', '-');
    expect(targetLine).toContain(`target ${w.target} (${w.vocabulary[w.target]})`);
    // `target k (word): e = y − 1 = <y_k> − 1 = <e_k>`
    const [, yk, ek] = targetLine.match(/= (-?[\d.e-]+) - 1 = (-?[\d.e-]+)$/)!.map(Number);
    expectShown([yk, ek], [y[w.target], e[w.target]], 'y and e of the target word');

    // Hidden-layer error: the terms (e_j, θ′ⱼ) and the sum.
    const h = linesAt(w, 'backward', 'z');
    const terms = find(h, /terms\)$/).replaceAll('−', '-');
    const coefs = [...terms.matchAll(/(-?[\d.]+(?:e-?\d+)?)·\[/g)].map((x) => Number(x[1]));
    const cols = vectorsIn(terms);
    expect(coefs[0]).toBeCloseTo(e[w.target], 3);
    expectShown(cols[0], thetaCol(w.target), 'θ′ of the target word');
    expectShown(vectorsIn(h[h.length - 1])[0], hidden, 'dE/dz = Σⱼ (yⱼ − tⱼ) θ′ⱼ');

    // θ′ ← θ′ − η (y − t) zᵀ, for the target word's column.
    const up = linesAt(w, 'update', 'scores/kernel');
    const col = find(up, new RegExp(`^θ′_${w.vocabulary[w.target]}:`));
    const vs = vectorsIn(col);
    expectShown(vs[0], z, 'z in dE/dθ′');
    expectShown(
      vs[1],
      z.map((zi) => zi * e[w.target]),
      'dE/dθ′ of the target',
    );
    expectShown(
      vs[2],
      z.map((zi) => -ETA * zi * e[w.target]),
      'Δθ′ of the target',
    );

    // The table: only the context rows move, each by −η · (count/M) · dE/dz.
    const tab = linesAt(w, 'update', 'theta/embeddings');
    const distinct = [...new Set(w.ids)];
    expect(find(tab, /^Only the rows/)).toContain(`the other ${table.shape[0] - distinct.length} rows`);
    for (const k of distinct) {
      const count = w.ids.filter((x) => x === k).length;
      const g = hidden.map((x) => (x * count) / m);
      const line = find(tab, new RegExp(`\\[${k} \\(${w.vocabulary[k].replace(/[<>]/g, '.')}\\)\\] =`));
      const [shownG, old, updated] = vectorsIn(line);
      expectShown(shownG, g, `dE/dΘ[${k}]`);
      expectShown(old, row(k), `Θ[${k}] before`);
      expectShown(
        updated,
        row(k).map((x, d) => x - ETA * g[d]),
        `Θ[${k}] after`,
      );
    }
  });
});

describe('with the app’s trace limit (64 values per tensor)', () => {
  it('still shows the lookup, z, y − t and the rows of the table; leaves θ′ out rather than guess', async () => {
    const w = await walked('word2vec-cbow', 5, 64);
    expect(linesAt(w, 'forward', 'theta').some((l) => l.startsWith('Lookup'))).toBe(true);
    expect(linesAt(w, 'forward', 'z').some((l) => l.startsWith("CBOW's hidden layer"))).toBe(true);
    expect(linesAt(w, 'backward', 'scores').some((l) => l.startsWith('target '))).toBe(true);
    expect(linesAt(w, 'update', 'theta/embeddings').some((l) => l.startsWith('Only the rows'))).toBe(true);
    expect(linesAt(w, 'backward', 'z').some((l) => l.includes('hidden-layer error'))).toBe(false);
  });
});

describe('other graphs', () => {
  it('get no word2vec lines', async () => {
    const { graph, dataset } = loadExample('xor-slides');
    const trainer = new Trainer({ graph, dataset });
    try {
      const walk = await walkTrainerStep(trainer, 0, true, 1_000_000);
      walk.events.forEach((_, i) => expect(embeddingLines(walk, i, 10)).toEqual([]));
    } finally {
      trainer.dispose();
    }
  });
});

describe('word2vec-negsampling: the lecture’s negative-sampling update, by hand', () => {
  it('moves only the true context word’s and the drawn words’ output vectors, each by (σ(u·z) − t) z', async () => {
    const w = await walked('word2vec-negsampling', 40);
    const lines = linesAt(w, 'update', 'loss/output');
    const words = w.vocabulary;
    const table = w.before.theta.embeddings;
    const u = w.before.loss.output;
    const dim = table.shape[1];
    // z is the centre word's row of Θ (the Mean over one word).
    const z = table.values.slice(w.ids[0] * dim, (w.ids[0] + 1) * dim);
    expectShown(vectorsIn(find(lines, /^z = /))[0], z, 'z');
    expect(find(lines, /^Negative sampling: /)).toContain(`true context word c = ${words[w.target]}`);
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    let drawnTotal = 0;
    for (const line of lines.filter((l) => /^u_\S+ \(/.test(l))) {
      const word = /^u_(\S+) \(/.exec(line)![1];
      const k = words.indexOf(word);
      const old = u.values.slice(k * dim, (k + 1) * dim);
      const sigma = sigmoid(old.reduce((s, x, i) => s + x * z[i], 0));
      const times = /drawn (\d+)×/.exec(line)?.[1];
      const drawn = /\(drawn/.test(line) ? Number(times ?? 1) : Number(times ?? 0);
      drawnTotal += drawn;
      const factor = (k === w.target ? sigma - 1 : 0) + drawn * sigma;
      const [grad, before, after] = vectorsIn(line);
      expectShown(
        grad,
        z.map((x) => factor * x),
        `dE/du_${word}`,
      );
      expectShown(before, old, `u_${word} before`);
      expectShown(
        after,
        old.map((x, i) => x - ETA * factor * z[i]),
        `u_${word} after`,
      );
    }
    expect(drawnTotal).toBe(5);
  });
});

/**
 * Node ids that `Object.prototype` already has (`constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`, `valueOf`) work like any other: the example graphs renamed to them validate,
 * train, step, trace, run in the worker session and the CLI with exactly the original numbers.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/backend/node';
import { runCli } from '../../src/cli/main';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText, parseGraphValue, serializeGraph } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { prepareRun } from '../../src/run/prepare';
import type { PreparedRun } from '../../src/run/prepare';
import { walkTrainerStep } from '../../src/step/stepper';
import { Recorder } from '../worker/recorder';
import { asJson, rawExample, renameIds, RENAMED, withOriginalIds } from '../helpers/renamed-ids';
import type { RawGraph } from '../helpers/renamed-ids';

const dir = mkdtempSync(join(tmpdir(), 'bps-ids-'));
const prepared: PreparedRun[] = [];

beforeAll(async () => {
  await startNodeBackend('cpu');
});
afterAll(() => prepared.forEach((p) => p.trainer.dispose()));

/** The example as a document, with a loss weight on its loss so `lossWeights` is read by id. */
function original(name: string): RawGraph {
  const raw = rawExample(name);
  const training = raw.training as { lossWeights: Record<string, number> };
  const loss = name === 'xor-slides' ? 'E' : 'loss';
  training.lossWeights = { [loss]: 0.5 };
  return raw;
}

function docOf(raw: RawGraph): GraphDoc {
  // Through text, as a file is read: JSON.parse makes `__proto__` an own key.
  const { doc, diagnostics } = parseGraphText(JSON.stringify(raw));
  if (!doc) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return doc;
}

async function ready(doc: GraphDoc): Promise<PreparedRun> {
  const r = await prepareRun(doc, {});
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  prepared.push(r);
  return r;
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // The renamed graph's files lie in another folder, which the output names.
  const push = (to: string[]) => (l: string) => to.push(l.replaceAll('/renamed/', '/original/'));
  const code = await runCli(argv, { out: push(out), err: push(err), isTTY: false });
  return { code, out, err };
}

/**
 * The example with its initial weights stored: a random initializer is seeded by the weight's key,
 * which holds the node id, so renamed layers would otherwise start elsewhere.
 */
async function withInitialWeights(raw: RawGraph): Promise<RawGraph> {
  const run = await ready(docOf(raw));
  return { ...raw, weights: await run.trainer.program.exportWeights() };
}

describe.each(RENAMED)('$name with ids renamed to prototype members', ({ name, mapping }) => {
  let before: RawGraph = original(name);
  let after: RawGraph = renameIds(before, mapping);
  beforeAll(async () => {
    before = await withInitialWeights(before);
    after = renameIds(before, mapping);
  });
  // Same file name in two folders: the CLI's output names the file.
  const write = (folder: string, raw: RawGraph) => {
    mkdirSync(join(dir, folder), { recursive: true });
    const path = join(dir, folder, `${name}.json`);
    writeFileSync(path, JSON.stringify(raw, null, 2));
    return path;
  };

  it('loads with every id-keyed record intact, and saves back what it read', () => {
    const doc = docOf(after);
    for (const id of Object.values(mapping)) expect(Object.hasOwn(doc.layout.nodes, id)).toBe(true);
    const layout = (after.layout as { nodes: Record<string, unknown> }).nodes;
    expect(Object.keys(doc.layout.nodes)).toEqual(Object.keys(layout));
    expect(Object.keys(doc.training.lossWeights)).toEqual([mapping[name === 'xor-slides' ? 'E' : 'loss']]);
    // Saved and read again, the document is the same.
    expect(asJson(docOf(JSON.parse(serializeGraph(doc)) as RawGraph))).toEqual(asJson(doc));
    // Parsing the parsed document again (the worker and the address bar do) changes nothing.
    expect(asJson(parseGraphValue(asJson(doc)).doc)).toEqual(asJson(doc));
  });

  it('validates like the original', () => {
    const a = checkGraph(docOf(before));
    const b = checkGraph(docOf(after));
    expect(b.graph).not.toBeNull();
    expect(withOriginalIds(b.diagnostics, mapping)).toEqual(asJson(a.diagnostics));
  });

  it('trains, traces and exports weights with the same numbers', async () => {
    const a = await ready(docOf(before));
    const b = await ready(docOf(after));
    for (let i = 0; i < 3; i++) {
      const fa = await a.trainer.stepTraced();
      const fb = await b.trainer.stepTraced();
      for (const id of Object.values(mapping)) expect(Object.hasOwn(fb.nodes, id)).toBe(true);
      expect(withOriginalIds(fb, mapping)).toEqual(asJson(fa));
    }
    for (let i = 0; i < 3; i++) {
      a.trainer.stepFast().dispose();
      b.trainer.stepFast().dispose();
    }
    expect(withOriginalIds(await b.trainer.evaluate(), mapping)).toEqual(asJson(await a.trainer.evaluate()));
    const wb = await b.trainer.program.exportWeights();
    expect(withOriginalIds(wb, mapping)).toEqual(asJson(await a.trainer.program.exportWeights()));

    // Weights saved under those ids load back into the same numbers.
    const reloaded = await ready(
      docOf(JSON.parse(serializeGraph({ ...docOf(after), weights: wb })) as RawGraph),
    );
    expect(reloaded.warnings).toEqual([]);
    expect(await reloaded.trainer.program.exportWeights()).toEqual(wb);
  });

  it('walks a step node by node with the same numbers', async () => {
    const a = await ready(docOf(before));
    const b = await ready(docOf(after));
    const wa = await walkTrainerStep(a.trainer, 0, true);
    const wb = await walkTrainerStep(b.trainer, 0, true);
    expect(withOriginalIds(wb, mapping)).toEqual(asJson(wa));
    const batch = await walkTrainerStep(b.trainer, null, false);
    expect(withOriginalIds(batch, mapping)).toEqual(asJson(await walkTrainerStep(a.trainer, null, false)));
  });

  it('runs through the worker session with the same numbers', async () => {
    const sessions = [new Recorder(), new Recorder()];
    const [ra, rb] = sessions;
    try {
      // The editor posts the document: a structured clone, as the worker receives it.
      await ra.send({ type: 'load', doc: structuredClone(docOf(before)) });
      await rb.send({ type: 'load', doc: structuredClone(docOf(after)) });
      expect(rb.of('invalid')).toEqual([]);
      expect(rb.of('error')).toEqual([]);
      for (const r of sessions) {
        await r.send({ type: 'step' });
        await r.send({ type: 'walk', example: 1, apply: true });
      }
      expect(withOriginalIds(rb.last('trace')!.frame, mapping)).toEqual(asJson(ra.last('trace')!.frame));
      expect(withOriginalIds(rb.last('walk')!.walk, mapping)).toEqual(asJson(ra.last('walk')!.walk));
      const wb = await rb.weights();
      expect(withOriginalIds(wb, mapping)).toEqual(asJson(await ra.weights()));
      // Trained weights sent back with the graph are restored under those ids.
      await rb.send({ type: 'load', doc: structuredClone({ ...docOf(after), weights: wb }) });
      expect(rb.last('loaded')!.weightsRestored).toBe(true);
      expect(await rb.weights()).toEqual(wb);
    } finally {
      for (const r of sessions) await r.send({ type: 'dispose' });
    }
  });

  it('runs through the CLI (validate, train --json --save, step --json) with the same output', async () => {
    const pa = write('original', before);
    const pb = write('renamed', after);
    const va = await cli('validate', pa, '--json');
    const vb = await cli('validate', pb, '--json');
    expect(vb.code).toBe(0);
    expect(vb.out.map((l) => withOriginalIds(JSON.parse(l), mapping))).toEqual(
      va.out.map((l) => JSON.parse(l)),
    );

    const sa = join(dir, 'original', `${name}-trained.json`);
    const sb = join(dir, 'renamed', `${name}-trained.json`);
    const ta = await cli('train', pa, '--epochs', '2', '--json', '--save', sa);
    const tb = await cli('train', pb, '--epochs', '2', '--json', '--save', sb);
    expect(tb.code).toBe(0);
    const noTime = (l: string) =>
      JSON.stringify(JSON.parse(l), (k, v: unknown) => (/ms|PerSecond|elapsed/i.test(k) ? 0 : v));
    expect(tb.out.map(noTime)).toEqual(ta.out.map(noTime));
    const savedB = JSON.parse(readFileSync(sb, 'utf8')) as RawGraph;
    expect(withOriginalIds(savedB, mapping)).toEqual(JSON.parse(readFileSync(sa, 'utf8')));

    for (const [fa, fb] of [
      [pa, pb],
      [sa, sb],
    ]) {
      const stepA = await cli('step', fa, '--json');
      const stepB = await cli('step', fb, '--json');
      expect(stepB.code).toBe(0);
      expect(withOriginalIds(JSON.parse(stepB.out.join('\n')), mapping)).toEqual(
        JSON.parse(stepA.out.join('\n')),
      );
    }
  });
});

describe('a __proto__ key', () => {
  const mapping = RENAMED[0]!.mapping;
  it('of an id-keyed record is checked like any other entry, at its path', () => {
    const raw = renameIds(rawExample('xor-mlp'), mapping);
    const text = JSON.stringify(raw).replace('"__proto__":{"x":440,"y":100}', '"__proto__":{"x":"far"}');
    const { doc, diagnostics } = parseGraphText(text);
    expect(doc).toBeNull();
    expect(diagnostics.map((d) => d.path)).toEqual(
      expect.arrayContaining(['layout.nodes.__proto__.x', 'layout.nodes.__proto__.y']),
    );
  });

  it('anywhere else (a param, a weight name) is still refused', () => {
    const raw = renameIds(rawExample('xor-mlp'), mapping);
    const weights = '"weights":{"__proto__":{"__proto__":{"shape":[1],"values":[1]}}}';
    const { doc, diagnostics } = parseGraphText(JSON.stringify(raw).replace(/}$/, `,${weights}}`));
    expect(doc).toBeNull();
    expect(diagnostics.map((d) => d.path)).toEqual(['weights.__proto__.__proto__']);
  });
});

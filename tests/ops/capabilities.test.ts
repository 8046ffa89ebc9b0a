/**
 * Op specs declare capabilities instead of code testing op names: no source file outside
 * `src/ops/` compares a node's op with a registered op name, and each capability (penalties, the
 * weight a penalty reads, losses on logits, layer activations, layer expansion) does what it says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandDense } from '../../src/graph/expand';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { ACTIVATIONS, layerActivation } from '../../src/ops/activations';
import { resolveParams } from '../../src/ops/params';
import { penalisedLayer, penalisedWeight } from '../../src/ops/penalties';
import { ALL_OPS, getOp, opNames } from '../../src/ops/registry';

/** Every .ts/.tsx file under `dir`, skipping `skip`. */
function sources(dir: string, skip: string[] = []): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (skip.includes(path)) return [];
    if (e.isDirectory()) return sources(path, skip);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** `x.op === 'Dense'`, `'Dense' !== node.op`, `op === "Dense"`: the op name compared. */
const COMPARISONS = [/\bop\s*[!=]==?\s*(['"`])(\w+)\1/g, /(['"`])(\w+)\1\s*[!=]==?\s*[\w.?!]*\bop\b/g];

const load = (name: string): GraphDoc => parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8')).doc!;

describe('no code outside src/ops tests an op name', () => {
  it('finds no comparison with a registered op name in src, renderer or electron', () => {
    const names = new Set(opNames());
    const files = [...sources('src', [join('src', 'ops')]), ...sources('renderer'), ...sources('electron')];
    expect(files.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const file of files)
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const pattern of COMPARISONS)
            for (const m of line.matchAll(pattern))
              if (names.has(m[2])) found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    expect(found).toEqual([]);
  });

  it('the scan does catch such a comparison', () => {
    const line = "if (node.op !== 'Dense') return; if ('MatMul' === n.op) {}";
    const hits = COMPARISONS.flatMap((p) => [...line.matchAll(p)].map((m) => m[2]));
    expect(hits.sort()).toEqual(['Dense', 'MatMul']);
  });
});

describe('penalties', () => {
  it('every penalty names its layer param and port, and both exist on the spec', () => {
    const penalties = ALL_OPS.filter((s) => s.role === 'penalty');
    expect(penalties.map((s) => s.op).sort()).toEqual(['L1Penalty', 'L2Penalty']);
    for (const spec of penalties) {
      expect(spec.params.some((p) => p.name === spec.penalty?.layerParam)).toBe(true);
      expect(spec.inputs.some((p) => p.name === spec.penalty?.port)).toBe(true);
    }
  });

  it('penalisedLayer reads the layer param of a penalty and nothing of other ops', () => {
    const l2 = getOp('L2Penalty')!;
    expect(penalisedLayer(l2, resolveParams(l2, { layer: 'hidden' }).params)).toBe('hidden');
    expect(penalisedLayer(l2, resolveParams(l2, {}).params)).toBeNull();
    const dense = getOp('Dense')!;
    expect(penalisedLayer(dense, resolveParams(dense, {}).params)).toBeNull();
  });

  it('each layer says which of its weights a penalty applies to', () => {
    const decls = (...names: string[]) => names.map((name) => ({ name, trainable: true }));
    expect(penalisedWeight(getOp('Dense')!, decls('kernel', 'bias'))?.name).toBe('kernel');
    expect(penalisedWeight(getOp('Conv2D')!, decls('kernel', 'bias'))?.name).toBe('kernel');
    expect(penalisedWeight(getOp('Embedding')!, decls('embeddings'))?.name).toBe('embeddings');
    expect(penalisedWeight(getOp('Parameter')!, decls('value'))?.name).toBe('value');
    expect(penalisedWeight(getOp('BatchNormalization')!, decls('gamma', 'beta'))).toBeUndefined();
    expect(penalisedWeight(getOp('Dense')!, [{ name: 'kernel', trainable: false }])).toBeUndefined();
  });

  it('a penalty naming a layer is shaped as a scalar through its spec', () => {
    const { graph, diagnostics } = checkGraph(load('spiral-mlp'));
    expect(diagnostics).toEqual([]);
    expect(graph!.shapes.get('reg')).toEqual([]);
  });
});

describe('losses on logits', () => {
  const takes = (op: string, raw: Record<string, boolean> = {}) => {
    const spec = getOp(op)!;
    return spec.takesLogits?.(resolveParams(spec, raw).params) ?? false;
  };
  it('a multiclass hinge always reads scores; cross-entropies when fromLogits is set', () => {
    expect(takes('MulticlassHinge')).toBe(true);
    for (const op of ['BinaryCrossEntropy', 'CategoricalCrossEntropy', 'SparseCategoricalCrossEntropy']) {
      expect(takes(op)).toBe(false);
      expect(takes(op, { fromLogits: true })).toBe(true);
    }
    expect(takes('MSE')).toBe(false);
    expect(takes('L2Error')).toBe(false);
  });
});

describe('layer activations and expansion', () => {
  it('Dense offers exactly the activations whose specs declare a layer name, the identity first', () => {
    const declared = ALL_OPS.flatMap((s) => (s.layerActivation ? [s.layerActivation.name] : []));
    expect([...ACTIVATIONS].sort()).toEqual(declared.sort());
    expect(ACTIVATIONS[0]).toBe('linear');
    expect(getOp('Dense')!.params.find((p) => p.name === 'activation')?.options).toEqual(ACTIVATIONS);
    expect(ACTIVATIONS).toEqual(expect.arrayContaining(['elu', 'swish']));
  });

  it('only layers declare an expansion', () => {
    for (const spec of ALL_OPS) if (spec.expansion) expect(spec.category, spec.op).toBe('layer');
    expect(ALL_OPS.filter((s) => s.expansion).map((s) => s.op)).toEqual(['Dense']);
  });

  it("an expanded leaky-ReLU layer's activation node has the slope the LeakyReLU spec declares for layers", () => {
    const doc = load('xor-keras');
    const leaky = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === 'hidden' ? { ...n, params: { ...n.params, activation: 'leakyRelu' } } : n,
      ),
    };
    const r = expandDense(leaky, 'hidden');
    if (!r.ok) throw new Error(r.message);
    const act = r.doc.nodes.find((n) => n.id === 'hidden.act')!;
    expect(act.op).toBe('LeakyReLU');
    expect(act.params.alpha).toBe(getOp('LeakyReLU')!.layerActivation!.params!.alpha);
    expect(layerActivation('leakyRelu')!.params.num('alpha')).toBe(0.2);
  });

  it('expands a Dense layer with the spec defaults for params the node leaves out', () => {
    const doc = load('xor-keras');
    const bare = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'hidden' ? { ...n, params: {} } : n)),
    };
    const r = expandDense(bare, 'hidden');
    if (!r.ok) throw new Error(r.message);
    const dense = resolveParams(getOp('Dense')!, {}).params;
    const W = r.doc.nodes.find((n) => n.id === 'hidden.W')!;
    expect(W.params).toEqual({ shape: [2, dense.int('units')], init: dense.str('kernelInit') });
    expect(r.doc.nodes.some((n) => n.id === 'hidden.b')).toBe(dense.bool('useBias'));
    expect(r.doc.nodes.some((n) => n.id === 'hidden.act')).toBe(false);
  });
});

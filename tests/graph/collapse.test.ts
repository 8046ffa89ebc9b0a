/**
 * Collapsing an expanded Dense group back into the layer: expand → collapse gives back the original
 * document for every Dense layer of every example graph (and every activation, without bias, with
 * stored weights and penalties); edited groups are refused with a reason naming the node; the
 * collapsed graph validates and computes what the expanded one does.
 */
import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collapseAllDense,
  collapseDense,
  expandAllDense,
  expandDense,
  expandedGroupOf,
  expandedIds,
  isCollapsible,
} from '../../src/graph/expand';
import type { TransformResult } from '../../src/graph/expand';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc, GraphEdge, GraphNode, ParamValue } from '../../src/graph/types';
import { checkGraph } from '../../src/graph/check';
import { compile } from '../../src/compile/program';
import { ACTIVATIONS } from '../../src/ops/activations';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const NAMES = readdirSync('graphs')
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

const load = (name: string): GraphDoc => {
  const { doc, diagnostics } = parseGraphText(readFileSync(`graphs/${name}.json`, 'utf8'));
  expect(diagnostics).toEqual([]);
  return doc!;
};

/** Deterministic stored weights for every node that has weights, shaped as the checker declares. */
function withWeights(doc: GraphDoc): GraphDoc {
  const { graph } = checkGraph(doc);
  const weights: NonNullable<GraphDoc['weights']> = {};
  for (const [id, decls] of graph!.weights)
    for (const decl of decls) {
      const size = decl.shape.reduce<number>((a, d) => a * (d as number), 1);
      weights[id] ??= {};
      weights[id][decl.name] = {
        shape: decl.shape as number[],
        values: Array.from({ length: size }, (_, i) => (((i * 7919 + id.length * 31) % 97) - 48) / 97),
      };
    }
  return { ...doc, weights };
}

function ok(r: TransformResult): GraphDoc {
  if (!r.ok) throw new Error(r.message);
  return r.doc;
}

function refused(r: TransformResult): string {
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.message;
}

const errors = (doc: GraphDoc) => checkGraph(doc).diagnostics.filter((d) => d.severity === 'error');

const denseIds = (doc: GraphDoc) => doc.nodes.filter((n) => n.op === 'Dense').map((n) => n.id);

/** A copy of `doc` with node `id` changed. */
function editNode(doc: GraphDoc, id: string, change: (n: GraphNode) => GraphNode): GraphDoc {
  expect(doc.nodes.some((n) => n.id === id)).toBe(true);
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

function setParams(doc: GraphDoc, id: string, params: Record<string, ParamValue>): GraphDoc {
  return editNode(doc, id, (n) => ({ ...n, params: { ...n.params, ...params } }));
}

function addNode(doc: GraphDoc, node: GraphNode, ...edges: GraphEdge[]): GraphDoc {
  return {
    ...doc,
    nodes: [...doc.nodes, node],
    edges: [...doc.edges, ...edges],
    layout: { nodes: { ...doc.layout.nodes, [node.id]: { x: 0, y: 0 } } },
  };
}

const edge = (source: string, target: string, targetPort: string): GraphEdge => ({
  source,
  sourcePort: 'out',
  target,
  targetPort,
});

describe('expand → collapse gives back the original document', () => {
  it('the examples have Dense layers to try', () => {
    const withDense = NAMES.filter((name) => denseIds(load(name)).length > 0);
    for (const name of ['xor-keras', 'xor-mlp', 'spiral-mlp', 'mnist-mlp', 'sine-regression'])
      expect(withDense).toContain(name);
  });

  for (const name of NAMES)
    it(`${name}: each Dense layer, alone and all together, with and without stored weights`, () => {
      const plain = load(name);
      for (const doc of [plain, withWeights(plain)]) {
        for (const id of denseIds(doc)) {
          const expanded = ok(expandDense(doc, id));
          expect(isCollapsible(expanded, id)).toBe(true);
          const collapsed = ok(collapseDense(expanded, id));
          expect(collapsed).toStrictEqual(doc);
          expect(errors(collapsed)).toEqual([]);
        }
        const all = ok(expandAllDense(doc));
        expect(all.nodes.some((n) => n.op === 'Dense')).toBe(false);
        const back = ok(collapseAllDense(all));
        expect(back).toStrictEqual(doc);
        expect(checkGraph(back).diagnostics).toEqual([]);
      }
    });

  it('for every activation, without bias, with each kernel initializer, with or without a label', () => {
    const base = withWeights(load('xor-keras'));
    const variants: Record<string, ParamValue>[] = [];
    for (const activation of ACTIVATIONS) {
      variants.push({ units: 3, activation });
      variants.push({ units: 3, activation, useBias: false });
    }
    for (const kernelInit of ['glorotNormal', 'heNormal', 'uniformFanIn', 'zeros'])
      variants.push({ units: 2, activation: 'tanh', kernelInit });
    for (const params of variants)
      for (const label of ['Hidden layer', undefined]) {
        let doc = editNode(base, 'hidden', ({ label: _old, ...n }) => ({
          ...n,
          ...(label ? { label } : {}),
          params,
        }));
        doc = withWeights({ ...doc, weights: undefined });
        const expanded = ok(expandDense(doc, 'hidden'));
        const ids = expandedIds('hidden');
        expect(expanded.nodes.some((n) => n.id === ids.b)).toBe(params.useBias !== false);
        expect(expanded.nodes.some((n) => n.id === ids.act)).toBe(params.activation !== 'linear');
        const collapsed = ok(collapseDense(expanded, 'hidden'));
        expect(collapsed, JSON.stringify({ params, label })).toStrictEqual(doc);
        expect(errors(collapsed)).toEqual([]);
      }
  });

  it('keeps chosen edge ids and their order', () => {
    const doc = load('xor-keras');
    const named = {
      ...doc,
      edges: doc.edges.map((e, i) => ({ id: `wire${i}`, ...e })),
    };
    const expanded = ok(expandDense(named, 'hidden'));
    expect(expanded.edges.find((e) => e.target === 'hidden.matmul' && e.targetPort === 'a')?.id).toBe(
      'wire0',
    );
    expect(ok(collapseDense(expanded, 'hidden'))).toStrictEqual(named);
  });

  it('moves a penalty naming the kernel Parameter back to the layer', () => {
    const doc = load('spiral-mlp');
    const expanded = ok(expandDense(doc, 'hidden'));
    expect(expanded.nodes.find((n) => n.id === 'reg')?.params.layer).toBe('hidden.W');
    const collapsed = ok(collapseDense(expanded, 'hidden'));
    expect(collapsed.nodes.find((n) => n.id === 'reg')?.params.layer).toBe('hidden');
  });

  it('turns a penalty wired to the kernel Parameter into one naming the layer', () => {
    const doc = load('xor-keras');
    const expanded = ok(expandDense(doc, 'hidden'));
    const wired = addNode(
      expanded,
      { id: 'decay', op: 'L2Penalty', params: { lambda: 0.01 } },
      edge('hidden.W', 'decay', 'weights'),
    );
    expect(errors(wired)).toEqual([]);
    const collapsed = ok(collapseDense(wired, 'hidden'));
    expect(collapsed.nodes.find((n) => n.id === 'decay')?.params).toEqual({ lambda: 0.01, layer: 'hidden' });
    expect(collapsed.edges.some((e) => e.target === 'decay')).toBe(false);
    expect(errors(collapsed)).toEqual([]);
  });
});

describe('expandedGroupOf', () => {
  it('names the layer for every node of an expansion and null for every other node', () => {
    for (const name of NAMES) {
      const doc = load(name);
      for (const n of doc.nodes) expect(expandedGroupOf(doc, n.id)).toBeNull();
      const expanded = ok(expandAllDense(doc));
      const inner = new Map<string, string>();
      for (const id of denseIds(doc))
        for (const innerId of Object.values(expandedIds(id))) inner.set(innerId, id);
      for (const n of expanded.nodes)
        expect(expandedGroupOf(expanded, n.id), n.id).toBe(inner.get(n.id) ?? null);
      expect(expandedGroupOf(expanded, 'no-such-node.matmul')).toBeNull();
    }
  });

  it('does not take a node for a group member by its name alone', () => {
    const doc = addNode(
      load('xor-keras'),
      { id: 'x.act', op: 'Sigmoid', params: {} },
      edge('x', 'x.act', 'in'),
    );
    expect(expandedGroupOf(doc, 'x.act')).toBeNull();
    const expanded = ok(expandDense(load('xor-keras'), 'hidden'));
    const renamed = editNode(expanded, 'hidden.b', (n) => ({ ...n, op: 'Input', params: { shape: [2] } }));
    expect(expandedGroupOf(renamed, 'hidden.b')).toBeNull();
    expect(expandedGroupOf(renamed, 'hidden.add')).toBe('hidden');
  });
});

describe('collapse refuses what a Dense layer cannot express', () => {
  const expanded = () => ok(expandDense(withWeights(load('xor-keras')), 'hidden'));

  const cases: [string, () => GraphDoc, string, RegExp][] = [
    ['an unexpanded layer', () => load('xor-keras'), 'hidden', /a node "hidden" \(Dense\) already exists/],
    ['a node that is no group', expanded, 'nope', /no node "nope.matmul"/],
    [
      'another consumer of the inner Add',
      () => addNode(expanded(), { id: 'probe', op: 'Tanh', params: {} }, edge('hidden.add', 'probe', 'in')),
      'hidden',
      /"hidden.add" \(an intermediate result\) also feeds "probe", outside the group; only the group's output "hidden.act"/,
    ],
    [
      'another consumer of the MatMul',
      () =>
        addNode(expanded(), { id: 'probe', op: 'Tanh', params: {} }, edge('hidden.matmul', 'probe', 'in')),
      'hidden',
      /"hidden.matmul" \(an intermediate result\) also feeds "probe"/,
    ],
    [
      'a kernel Parameter that feeds another node',
      () => addNode(expanded(), { id: 'sq', op: 'Square', params: {} }, edge('hidden.W', 'sq', 'in')),
      'hidden',
      /"hidden.W" \(the kernel\) also feeds "sq"/,
    ],
    [
      'a bias Parameter that feeds another node',
      () => addNode(expanded(), { id: 'sq', op: 'Square', params: {} }, edge('hidden.b', 'sq', 'in')),
      'hidden',
      /"hidden.b" \(the bias\) also feeds "sq"/,
    ],
    [
      'a kernel with explicit starting values',
      () => setParams(expanded(), 'hidden.W', { init: 'values', values: [1, 2, 3, 4] }),
      'hidden',
      /"hidden.W" starts from init "values", which a Dense layer cannot express/,
    ],
    [
      'a kernel that is not a matrix',
      () => setParams(expanded(), 'hidden.W', { shape: [2, 2, 1] }),
      'hidden',
      /"hidden.W" has shape \[2,2,1\]; a Dense kernel is a matrix/,
    ],
    [
      'a bias that does not start at zero',
      () => setParams(expanded(), 'hidden.b', { init: 'ones' }),
      'hidden',
      /"hidden.b" starts from init "ones"; a Dense layer's bias always starts at zeros/,
    ],
    [
      'a bias Parameter without its Add',
      () => {
        const doc = expanded();
        return {
          ...doc,
          nodes: doc.nodes.filter((n) => n.id !== 'hidden.add'),
          edges: doc.edges
            .filter((e) => e.target !== 'hidden.add' && e.source !== 'hidden.add')
            .concat(edge('hidden.matmul', 'hidden.act', 'in')),
        };
      },
      'hidden',
      /"hidden.b" exists but "hidden.add" does not/,
    ],
    [
      'an activation that is not one',
      () => editNode(expanded(), 'hidden.act', (n) => ({ ...n, op: 'Square' })),
      'hidden',
      /"hidden.act" is a Square, not an activation/,
    ],
    [
      'a leaky ReLU with another slope',
      () => editNode(expanded(), 'hidden.act', (n) => ({ ...n, op: 'LeakyReLU', params: {} })),
      'hidden',
      /"hidden.act" has slope α = 0.01; a Dense layer's leakyRelu uses α = 0.2/,
    ],
    [
      'an activation fed from outside the group',
      () => {
        const doc = expanded();
        return {
          ...doc,
          edges: doc.edges.map((e) => (e.target === 'hidden.act' ? { ...e, source: 'x' } : e)),
        };
      },
      'hidden',
      /port "in" of "hidden.act" is fed by "x", not by "hidden.add"/,
    ],
    [
      'a MatMul with its input disconnected',
      () => {
        const doc = expanded();
        return {
          ...doc,
          edges: doc.edges.filter((e) => !(e.target === 'hidden.matmul' && e.targetPort === 'a')),
        };
      },
      'hidden',
      /port "a" of "hidden.matmul" is not connected/,
    ],
    [
      'a MatMul whose right operand is not the kernel',
      () => {
        const doc = addNode(expanded(), { id: 'M', op: 'Parameter', params: { shape: [2, 2] } });
        return {
          ...doc,
          edges: doc.edges.map((e) =>
            e.target === 'hidden.matmul' && e.targetPort === 'b' ? { ...e, source: 'M' } : e,
          ),
        };
      },
      'hidden',
      /port "b" of "hidden.matmul" is fed by "M", not by "hidden.W"/,
    ],
    [
      'a penalty on the bias',
      () => addNode(expanded(), { id: 'decay', op: 'L2Penalty', params: { layer: 'hidden.b' } }),
      'hidden',
      /penalty "decay" names "hidden.b"; a Dense layer's penalty can only apply to its kernel "hidden.W"/,
    ],
  ];

  for (const [what, make, id, message] of cases)
    it(`refuses ${what}`, () => {
      const doc = make();
      expect(refused(collapseDense(doc, id))).toMatch(message);
      expect(isCollapsible(doc, id)).toBe(false);
    });

  it('collapseAllDense reports the group it cannot collapse', () => {
    const doc = addNode(
      ok(expandAllDense(load('xor-keras'))),
      { id: 'probe', op: 'Tanh', params: {} },
      edge('output.add', 'probe', 'in'),
    );
    expect(refused(collapseAllDense(doc))).toMatch(/cannot collapse "output": "output.add"/);
  });
});

describe('the collapsed layer computes what the expanded group does', () => {
  const features = () =>
    tf.tensor2d([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
  const labels = () => ({ t: tf.tensor2d([[0], [1], [1], [0]]) });

  /** The values of node `node` in a forward pass of `doc` over the four XOR inputs. */
  function forward(doc: GraphDoc, node: string): number[] {
    const { graph, diagnostics } = checkGraph(doc);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const program = compile(graph!);
    const out = tf.tidy(() =>
      program
        .forward({ features: features(), labels: labels() }, { training: false, seed: 1 })
        .outputs.get(node)!,
    );
    const values = Array.from(out.dataSync());
    out.dispose();
    program.dispose();
    return values;
  }

  const close = (a: number[], b: number[]) => {
    expect(a.length).toBe(b.length);
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-6));
  };

  it('xor-keras with stored weights', async () => {
    const doc = load('xor-keras');
    const program = compile(checkGraph(doc).graph!);
    const weights = await program.exportWeights();
    program.dispose();
    const stored = { ...doc, weights };
    const expanded = ok(expandAllDense(stored));
    const collapsed = ok(collapseAllDense(expanded));
    expect(collapsed).toStrictEqual(stored);
    const viaGroup = forward(expanded, 'output.act');
    close(forward(collapsed, 'output'), viaGroup);
    close(forward(collapsed, 'hidden'), forward(expanded, 'hidden.act'));
    close(forward(stored, 'output'), viaGroup);
    close(forward(collapsed, 'loss'), forward(expanded, 'loss'));
  });

  for (const activation of ACTIVATIONS)
    it(`a ${activation} layer and its expansion (leaky ReLU keeps the layer's slope)`, () => {
      const doc = withWeights(setParams(load('xor-keras'), 'hidden', { units: 3, activation }));
      const expanded = ok(expandDense(doc, 'hidden'));
      const last = activation === 'linear' ? 'hidden.add' : 'hidden.act';
      close(forward(doc, 'hidden'), forward(expanded, last));
      close(forward(ok(collapseDense(expanded, 'hidden')), 'hidden'), forward(doc, 'hidden'));
    });
});

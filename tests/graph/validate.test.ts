import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/graph/diagnostics';
import type { Diagnostic, DiagnosticCode } from '../../src/graph/diagnostics';
import { parseGraphText, parseGraphValue } from '../../src/graph/load';
import type { GraphDoc, ParamValue } from '../../src/graph/types';
import { checkGraph } from '../../src/graph/check';
import type { CheckResult } from '../../src/graph/check';
import type { Shape } from '../../src/shapes/shape';
import { exampleGraphs } from './mutate';

const EXAMPLES = exampleGraphs();

/** A fresh parsed copy of an example graph. */
function example(file: string): GraphDoc {
  const found = EXAMPLES.find((g) => g.file === file);
  if (!found) throw new Error(`no example ${file}`);
  const { doc, diagnostics } = parseGraphText(found.text);
  expect(diagnostics).toEqual([]);
  return doc!;
}

interface NodeSpec {
  id: string;
  op: string;
  params?: Record<string, ParamValue>;
}

/** A small graph from nodes and wires written `source->target:port`; must pass the schema. */
function graph(nodes: NodeSpec[], wires: string[], extra: Record<string, unknown> = {}): GraphDoc {
  const edges = wires.map((w) => {
    const [, source, target, targetPort] = /^(.+)->(.+):(.+)$/.exec(w)!;
    return { source, target, targetPort };
  });
  const raw = {
    schemaVersion: 1,
    nodes: nodes.map((n) => ({ params: {}, ...n })),
    edges,
    training: {
      dataset: { kind: 'xor' },
      optimizer: { type: 'sgd', learningRate: 0.1 },
      batchSize: 4,
      epochs: 1,
      seed: 1,
    },
    ...extra,
  };
  const { doc, diagnostics } = parseGraphValue(raw);
  expect(diagnostics).toEqual([]);
  return doc!;
}

/** x·W compared with t by L2Error: the smallest valid op-level graph. */
const LINEAR: NodeSpec[] = [
  { id: 'x', op: 'Input', params: { shape: [2] } },
  { id: 'W', op: 'Parameter', params: { shape: [2, 1] } },
  { id: 'mm', op: 'MatMul' },
  { id: 't', op: 'Target', params: { shape: [1] } },
  { id: 'E', op: 'L2Error' },
];
const LINEAR_WIRES = ['x->mm:a', 'W->mm:b', 'mm->E:prediction', 't->E:target'];

const withCode = (result: CheckResult, code: DiagnosticCode): Diagnostic[] =>
  result.diagnostics.filter((d) => d.code === code);
const codes = (result: CheckResult): DiagnosticCode[] =>
  [...new Set(result.diagnostics.map((d) => d.code))].sort();

/** The single diagnostic of a code, checked to be one formatted line that names `names`. */
function single(result: CheckResult, code: DiagnosticCode, ...names: string[]): Diagnostic {
  const found = withCode(result, code);
  expect(found, `${code} in ${JSON.stringify(result.diagnostics)}`).toHaveLength(1);
  const line = formatDiagnostic(found[0]);
  expect(line).not.toMatch(/\n/);
  for (const name of names) expect(line).toContain(name);
  return found[0];
}

describe('the example graphs', () => {
  const EXPECTED_SHAPES: Record<string, Record<string, Shape>> = {
    'mnist-mlp.json': { x: ['N', 784], hidden: ['N', 500], output: ['N', 10], t: ['N', 10], loss: [] },
    'mnist-perceptron.json': { x: ['N', 784], output: ['N', 10], t: ['N', 10], loss: [] },
    'mnist-cnn.json': {
      x: ['N', 28, 28, 1],
      conv1: ['N', 26, 26, 16],
      pool1: ['N', 13, 13, 16],
      conv2: ['N', 11, 11, 32],
      pool2: ['N', 5, 5, 32],
      flat: ['N', 800],
      output: ['N', 10],
      t: ['N', 10],
      loss: [],
    },
    'shapes-cnn.json': {
      x: ['N', 16, 16, 1],
      conv1: ['N', 14, 14, 8],
      pool1: ['N', 7, 7, 8],
      conv2: ['N', 5, 5, 16],
      pool2: ['N', 2, 2, 16],
      flat: ['N', 64],
      output: ['N', 5],
      t: ['N', 5],
      loss: [],
    },
    'regression-line.json': { x: ['N', 1], output: ['N', 1], t: ['N', 1], loss: [] },
    'perceptron-or.json': { x: ['N', 2], perceptron: ['N', 1], t: ['N', 1], loss: [] },
    'perceptron-xor.json': { x: ['N', 2], perceptron: ['N', 1], t: ['N', 1], loss: [] },
    'sine-regression.json': { x: ['N', 1], hidden: ['N', 16], output: ['N', 1], t: ['N', 1], loss: [] },
    'spiral-linear.json': { x: ['N', 2], linear: ['N', 3], t: ['N', 3], loss: [] },
    'spiral-mlp.json': { x: ['N', 2], hidden: ['N', 100], output: ['N', 3], t: ['N', 3], loss: [], reg: [] },
    'xor-keras.json': { x: ['N', 2], hidden: ['N', 2], output: ['N', 1], t: ['N', 1], loss: [] },
    'xor-mlp.json': { x: ['N', 2], hidden: ['N', 4], output: ['N', 1], t: ['N', 1], loss: [] },
    'xor-slides.json': {
      x: ['N', 2],
      W1: [2, 2],
      b1: [2],
      s1: ['N', 2],
      z1: ['N', 2],
      h: ['N', 2],
      W2: [2, 1],
      b2: [1],
      s2: ['N', 1],
      z2: ['N', 1],
      y: ['N', 1],
      t: ['N', 1],
      E: [],
    },
    'text-bag-of-embeddings.json': {
      x: ['N', 12],
      t: ['N'],
      embed: ['N', 12, 8],
      pool: ['N', 8],
      out: ['N', 2],
      loss: [],
    },
    'text-cnn.json': {
      x: ['N', 12],
      t: ['N'],
      embed: ['N', 12, 16],
      conv: ['N', 12, 8],
      pool: ['N', 8],
      out: ['N', 2],
      loss: [],
    },
    'tfidf-perceptron.json': {
      x: ['N', 15],
      t: ['N', 1],
      perceptron: ['N', 1],
      loss: [],
    },
    'word2vec-cbow.json': {
      x: ['N', 4],
      t: ['N'],
      theta: ['N', 4, 10],
      z: ['N', 10],
      scores: ['N', 33],
      loss: [],
    },
    'word2vec-skipgram.json': {
      x: ['N', 1],
      t: ['N'],
      theta: ['N', 1, 10],
      z: ['N', 10],
      scores: ['N', 33],
      loss: [],
    },
    'word2vec-negsampling.json': {
      x: ['N', 1],
      t: ['N'],
      theta: ['N', 1, 10],
      z: ['N', 10],
      loss: [],
    },
  };

  it('are all covered here', () => {
    expect(EXAMPLES.map((g) => g.file)).toEqual(Object.keys(EXPECTED_SHAPES).sort());
  });

  it.each(EXAMPLES.map((g) => g.file))('%s validates without any diagnostic', (file) => {
    const result = checkGraph(example(file));
    expect(result.diagnostics).toEqual([]);
    expect(result.graph).not.toBeNull();
  });

  it.each(EXAMPLES.map((g) => g.file))('%s: every node has its expected shape', (file) => {
    const result = checkGraph(example(file));
    expect(Object.fromEntries(result.shapes)).toEqual(EXPECTED_SHAPES[file]);
  });

  it.each(EXAMPLES.map((g) => g.file))('%s: the order puts every node after its inputs', (file) => {
    const doc = example(file);
    const { graph } = checkGraph(doc);
    expect([...graph!.order].sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    for (const e of doc.edges)
      expect(graph!.order.indexOf(e.source)).toBeLessThan(graph!.order.indexOf(e.target));
  });

  it('declares the weights of layers and parameters with their shapes', () => {
    const spiral = checkGraph(example('spiral-mlp.json')).graph!;
    const summary = (id: string) => spiral.weights.get(id)!.map((w) => [w.name, w.shape, w.trainable]);
    expect(summary('hidden')).toEqual([
      ['kernel', [2, 100], true],
      ['bias', [100], true],
    ]);
    expect(summary('output')).toEqual([
      ['kernel', [100, 3], true],
      ['bias', [3], true],
    ]);
    expect(spiral.weights.has('x')).toBe(false);
    expect([...spiral.objectives].sort()).toEqual(['loss', 'reg']);

    const slides = checkGraph(example('xor-slides.json')).graph!;
    expect(slides.weights.get('W1')).toEqual([
      {
        name: 'value',
        shape: [2, 2],
        init: { kind: 'values', values: [3.7, 2.9, 3.7, 2.9] },
        trainable: true,
      },
    ]);
    expect(slides.objectives).toEqual(['E']);
  });
});

describe('diagnostics, one code at a time', () => {
  it('accepts the small linear graph', () => {
    const result = checkGraph(graph(LINEAR, LINEAR_WIRES));
    expect(result.diagnostics).toEqual([]);
    expect(result.shapes.get('mm')).toEqual(['N', 1]);
  });

  it('duplicate-id: names the id given twice', () => {
    const result = checkGraph(graph([...LINEAR, { id: 'W', op: 'Sigmoid' }], LINEAR_WIRES));
    const d = single(result, 'duplicate-id', '"W"');
    expect(d).toMatchObject({ severity: 'error', nodeId: 'W' });
    expect(result.graph).toBeNull();
  });

  it('unknown-op: suggests the nearest op, or lists them all', () => {
    const typo = LINEAR.map((n) => (n.id === 'mm' ? { ...n, op: 'MatMull' } : n));
    const d = single(
      checkGraph(graph(typo, LINEAR_WIRES)),
      'unknown-op',
      '"MatMull"',
      'did you mean "MatMul"?',
    );
    expect(d).toMatchObject({ nodeId: 'mm', field: 'op' });

    const far = LINEAR.map((n) => (n.id === 'mm' ? { ...n, op: 'Transformer' } : n));
    const listed = single(
      checkGraph(graph(far, LINEAR_WIRES)),
      'unknown-op',
      'known ops:',
      'MatMul',
      'Dense',
    );
    expect(listed.nodeId).toBe('mm');
  });

  it('bad-param: out of bounds, wrong kind, unknown name', () => {
    const nodes = (params: Record<string, ParamValue>): NodeSpec[] => [
      { id: 'x', op: 'Input', params: { shape: [2] } },
      { id: 'd', op: 'Dense', params: { units: 1, ...params } },
      { id: 't', op: 'Target', params: { shape: [1] } },
      { id: 'E', op: 'L2Error' },
    ];
    const wires = ['x->d:in', 'd->E:prediction', 't->E:target'];
    expect(checkGraph(graph(nodes({}), wires)).diagnostics).toEqual([]);

    const zero = single(
      checkGraph(graph(nodes({ units: 0 }), wires)),
      'bad-param',
      'units',
      '1 and 65536',
      '0',
    );
    expect(zero).toMatchObject({ nodeId: 'd', field: 'units' });
    const fraction = single(checkGraph(graph(nodes({ units: 1.5 }), wires)), 'bad-param', 'integer', '1.5');
    expect(fraction.field).toBe('units');
    const text = single(checkGraph(graph(nodes({ units: '8' }), wires)), 'bad-param', 'integer', '"8"');
    expect(text.field).toBe('units');
    const option = single(
      checkGraph(graph(nodes({ activation: 'gelu' }), wires)),
      'bad-param',
      'relu',
      'gelu',
    );
    expect(option.field).toBe('activation');
    const unknown = single(checkGraph(graph(nodes({ unit: 3 }), wires)), 'bad-param', '"unit"', 'units');
    expect(unknown).toMatchObject({ nodeId: 'd', field: 'unit' });
  });

  it('bad-param: sizes must be safe integers (2**53 and 1e308 are not sizes)', () => {
    for (const size of [2 ** 53, 1e308]) {
      const nodes = LINEAR.map((n) => (n.id === 'x' ? { ...n, params: { shape: [size] } } : n));
      const result = checkGraph(graph(nodes, LINEAR_WIRES));
      expect(
        withCode(result, 'bad-param').map((d) => [d.nodeId, d.field]),
        String(size),
      ).toEqual([['x', 'shape']]);
    }
  });

  it('dangling-edge: names the edge, its index and the missing node', () => {
    const result = checkGraph(graph(LINEAR, ['ghost->mm:a', 'W->mm:b', 'mm->E:prediction', 't->E:target']));
    const d = single(result, 'dangling-edge', 'source', '"ghost"');
    expect(d).toMatchObject({ edgeId: 'ghost:out->mm:a', path: 'edges[0]' });

    const target = checkGraph(graph(LINEAR, [...LINEAR_WIRES, 'x->nowhere:in']));
    expect(single(target, 'dangling-edge', 'target', '"nowhere"')).toMatchObject({ path: 'edges[4]' });
  });

  it('unknown-port: input ports are listed, output port must be "out"', () => {
    const wrongIn = checkGraph(graph(LINEAR, ['x->mm:a', 'W->mm:c', 'mm->E:prediction', 't->E:target']));
    const d = single(wrongIn, 'unknown-port', '"c"', '"a", "b"');
    expect(d).toMatchObject({ nodeId: 'mm', edgeId: 'W:out->mm:c', path: 'edges[1]' });

    const doc = graph(LINEAR, LINEAR_WIRES);
    doc.edges[0].sourcePort = 'output';
    const out = single(checkGraph(doc), 'unknown-port', '"output"', '"out"');
    expect(out).toMatchObject({ nodeId: 'x', edgeId: 'x:output->mm:a' });
  });

  it('port-taken: a second edge into a single input', () => {
    const result = checkGraph(graph(LINEAR, [...LINEAR_WIRES, 'W->mm:a']));
    const d = single(result, 'port-taken', '"x"', '"W"');
    expect(d).toMatchObject({ nodeId: 'mm', field: 'a', edgeId: 'W:out->mm:a', path: 'edges[4]' });
  });

  it('unconnected-port: a required input without an edge', () => {
    const result = checkGraph(graph(LINEAR, ['x->mm:a', 'mm->E:prediction', 't->E:target']));
    const d = single(result, 'unconnected-port', '"b"', '"mm"');
    expect(d).toMatchObject({ nodeId: 'mm', field: 'b' });
    expect(result.graph).toBeNull();
  });

  it('cycle: every node of the loop, and only those', () => {
    const nodes: NodeSpec[] = [
      ...LINEAR,
      { id: 'a', op: 'Add' },
      { id: 's', op: 'Sigmoid' },
      { id: 'after', op: 'Sigmoid' },
    ];
    const result = checkGraph(graph(nodes, [...LINEAR_WIRES, 'x->a:a', 's->a:b', 'a->s:in', 's->after:in']));
    const cycle = withCode(result, 'cycle');
    expect(cycle.map((d) => d.nodeId).sort()).toEqual(['a', 's']);
    for (const d of cycle) expect(d.message).toMatch(/"a", "s"|"s", "a"/);
    expect(result.graph).toBeNull();
  });

  it('cycle: a node feeding itself names the edge', () => {
    const nodes: NodeSpec[] = [...LINEAR, { id: 'a', op: 'Add' }];
    const result = checkGraph(graph(nodes, [...LINEAR_WIRES, 'x->a:a', 'a->a:b']));
    const d = single(result, 'cycle', '"a"', 'itself');
    expect(d).toMatchObject({ nodeId: 'a', edgeId: 'a:out->a:b', path: 'edges[5]' });
  });

  it('missing-loss: no loss node (a penalty alone is not a loss)', () => {
    const nodes: NodeSpec[] = [
      { id: 'x', op: 'Input', params: { shape: [2] } },
      { id: 'W', op: 'Parameter', params: { shape: [2, 1] } },
      { id: 'mm', op: 'MatMul' },
      { id: 'reg', op: 'L2Penalty' },
    ];
    const result = checkGraph(graph(nodes, ['x->mm:a', 'W->mm:b', 'W->reg:weights']));
    const d = single(result, 'missing-loss', 'L2Error');
    expect(d.severity).toBe('error');
    expect(result.graph).toBeNull();
  });

  it('no-input: a warning only', () => {
    const nodes: NodeSpec[] = [
      { id: 't', op: 'Target', params: { shape: [1] } },
      { id: 's', op: 'Sigmoid' },
      { id: 'E', op: 'L2Error' },
    ];
    const result = checkGraph(graph(nodes, ['t->s:in', 's->E:prediction', 't->E:target']));
    expect(single(result, 'no-input').severity).toBe('warning');
    expect(result.graph).not.toBeNull();
  });

  describe('shape-mismatch', () => {
    it('MatMul: names the upstream nodes and both shapes (xor-slides with W1 [3,2])', () => {
      const doc = example('xor-slides.json');
      doc.nodes.find((n) => n.id === 'W1')!.params = {
        shape: [3, 2],
        init: 'values',
        values: [1, 2, 3, 4, 5, 6],
      };
      const result = checkGraph(doc);
      const d = single(result, 'shape-mismatch', 'node "s1"', '"x"', '[N,2]', '"W1"', '[3,2]');
      expect(d).toMatchObject({ nodeId: 's1', field: 'b' });
      // Upstream shapes are known; nothing downstream of s1 is shaped or reported again.
      expect(result.shapes.get('x')).toEqual(['N', 2]);
      expect(result.shapes.get('W1')).toEqual([3, 2]);
      for (const id of ['s1', 'z1', 'h', 's2', 'z2', 'y', 'E']) expect(result.shapes.has(id), id).toBe(false);
      expect(codes(result)).toEqual(['shape-mismatch']);
      expect(result.graph).toBeNull();
    });

    it('MatMul: an Input of the wrong width', () => {
      const doc = example('xor-slides.json');
      doc.nodes.find((n) => n.id === 'x')!.params.shape = [3];
      single(checkGraph(doc), 'shape-mismatch', 'node "s1"', '[N,3]', '[2,2]');
    });

    it('Add: shapes that do not broadcast', () => {
      const doc = example('xor-slides.json');
      doc.nodes.find((n) => n.id === 'b1')!.params = { shape: [3], init: 'zeros' };
      const d = single(
        checkGraph(doc),
        'shape-mismatch',
        'node "z1"',
        'broadcast',
        '"s1"',
        '[N,2]',
        '"b1"',
        '[3]',
      );
      expect(d.nodeId).toBe('z1');
    });

    it('loss: prediction and target differ', () => {
      const doc = example('xor-slides.json');
      doc.nodes.find((n) => n.id === 't')!.params.shape = [2];
      const d = single(checkGraph(doc), 'shape-mismatch', 'node "E"', '"y"', '[N,1]', '"t"', '[N,2]');
      expect(d).toMatchObject({ nodeId: 'E', field: 'target' });
    });

    it('Dense: units that no longer match the targets', () => {
      const doc = example('spiral-mlp.json');
      doc.nodes.find((n) => n.id === 'output')!.params.units = 4;
      single(checkGraph(doc), 'shape-mismatch', 'node "loss"', '"output"', '[N,4]', '"t"', '[N,3]');
    });

    it('Dense: an input that is not a batch of vectors', () => {
      const doc = example('xor-mlp.json');
      doc.nodes.find((n) => n.id === 'x')!.params.shape = [];
      single(checkGraph(doc), 'shape-mismatch', 'node "hidden"', '"x"', '[N]');
    });

    it('Parameter: explicit values that do not fill the shape', () => {
      const doc = example('xor-slides.json');
      doc.nodes.find((n) => n.id === 'W1')!.params.shape = [3, 2];
      const d = single(checkGraph(doc), 'shape-mismatch', 'node "W1"', '4', '[3,2]', '6');
      expect(d.nodeId).toBe('W1');
    });
  });

  describe('regularizers and their layer reference', () => {
    const withReg = (params: Record<string, ParamValue>, extraWires: string[] = []) => {
      const doc = example('spiral-mlp.json');
      doc.nodes.find((n) => n.id === 'reg')!.params = params;
      for (const w of extraWires) {
        const [, source, target, targetPort] = /^(.+)->(.+):(.+)$/.exec(w)!;
        doc.edges.push({ source, sourcePort: 'out', target, targetPort });
      }
      return checkGraph(doc);
    };

    it('a penalty naming a layer is a scalar and keeps the layer in use', () => {
      const result = withReg({ lambda: 0.01, layer: 'output' });
      expect(result.diagnostics).toEqual([]);
      expect(result.shapes.get('reg')).toEqual([]);
    });

    it('bad-reference: a layer that is not a node', () => {
      const d = single(withReg({ layer: 'hiden' }), 'bad-reference', '"hiden"', 'not a node');
      expect(d).toMatchObject({ nodeId: 'reg', field: 'layer' });
    });

    it('bad-reference: a node without weights', () => {
      const d = single(withReg({ layer: 't' }), 'bad-reference', '"t"', 'Target', 'no weights');
      expect(d).toMatchObject({ nodeId: 'reg', field: 'layer' });
    });

    it('bad-reference: both a weights edge and a layer', () => {
      const doc = example('spiral-mlp.json');
      doc.nodes.push({ id: 'W', op: 'Parameter', params: { shape: [2, 2] } });
      doc.edges.push({ source: 'W', sourcePort: 'out', target: 'reg', targetPort: 'weights' });
      const d = single(checkGraph(doc), 'bad-reference', '"reg"', '"hidden"', 'keep one');
      expect(d).toMatchObject({ nodeId: 'reg', field: 'layer' });
    });

    it('a penalty with neither a weights edge nor a layer is a shape error on "weights"', () => {
      const d = single(withReg({ lambda: 0.01 }), 'shape-mismatch', '"reg"', 'weights');
      expect(d).toMatchObject({ nodeId: 'reg', field: 'weights' });
    });

    it('a penalty fed by a Parameter edge is valid', () => {
      const nodes: NodeSpec[] = [...LINEAR, { id: 'reg', op: 'L1Penalty', params: { lambda: 0.1 } }];
      const result = checkGraph(graph(nodes, [...LINEAR_WIRES, 'W->reg:weights']));
      expect(result.diagnostics).toEqual([]);
      expect(result.graph!.objectives.sort()).toEqual(['E', 'reg']);
    });
  });

  it('bad-training: a loss weight for a node that is not a loss or penalty', () => {
    const doc = example('spiral-mlp.json');
    doc.training.lossWeights = { loss: 1, reg: 2 };
    expect(checkGraph(doc).diagnostics).toEqual([]);
    doc.training.lossWeights = { hidden: 2 };
    const d = single(checkGraph(doc), 'bad-training', '"hidden"');
    expect(d).toMatchObject({ path: 'training.lossWeights.hidden', field: 'training.lossWeights' });
  });

  describe('bad-weights', () => {
    const withWeights = (weights: GraphDoc['weights']) => {
      const doc = example('xor-slides.json');
      doc.weights = weights;
      return checkGraph(doc);
    };

    it('accepts stored weights that fit', () => {
      expect(withWeights({ W1: { value: { shape: [2, 2], values: [1, 2, 3, 4] } } }).diagnostics).toEqual([]);
    });

    it('a stored tensor of the wrong shape names both shapes', () => {
      const result = withWeights({ W1: { value: { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] } } });
      const d = single(result, 'bad-weights', '"W1"', '[3,2]', '[2,2]');
      expect(d).toMatchObject({ nodeId: 'W1', path: 'weights.W1.value' });
      expect(result.graph).toBeNull();
    });

    it('a stored tensor with too few values', () => {
      const d = single(
        withWeights({ W1: { value: { shape: [2, 2], values: [1, 2, 3] } } }),
        'bad-weights',
        '3',
        '4',
      );
      expect(d.path).toBe('weights.W1.value');
    });

    it('a weight name the node does not have', () => {
      const d = single(
        withWeights({ W1: { kernel: { shape: [2, 2], values: [1, 2, 3, 4] } } }),
        'bad-weights',
        '"kernel"',
        'value',
      );
      expect(d.path).toBe('weights.W1.kernel');
    });

    it('weights for a node that has none', () => {
      const d = single(withWeights({ x: { value: { shape: [2], values: [1, 2] } } }), 'bad-weights', '"x"');
      expect(d.path).toBe('weights.x');
    });
  });

  it('unreachable: a node that feeds no loss is a warning, and the graph is still usable', () => {
    const doc = example('xor-slides.json');
    doc.nodes.push({ id: 'dead', op: 'Sigmoid', params: {} }, { id: 'spare', op: 'Parameter', params: {} });
    doc.edges.push({ source: 'h', sourcePort: 'out', target: 'dead', targetPort: 'in' });
    const result = checkGraph(doc);
    const unreachable = withCode(result, 'unreachable');
    expect(unreachable.map((d) => d.nodeId).sort()).toEqual(['dead', 'spare']);
    for (const d of unreachable) {
      expect(d.severity).toBe('warning');
      expect(d.message).toContain(`"${d.nodeId}"`);
    }
    expect(result.diagnostics).toHaveLength(2);
    expect(result.graph).not.toBeNull();
    expect(result.shapes.get('dead')).toEqual(['N', 2]);
  });

  it('layout-unknown-node: a warning with the layout path', () => {
    const doc = example('xor-slides.json');
    doc.layout.nodes.ghost = { x: 1, y: 2 };
    const d = single(checkGraph(doc), 'layout-unknown-node', '"ghost"');
    expect(d).toMatchObject({ severity: 'warning', path: 'layout.nodes.ghost' });
  });
});

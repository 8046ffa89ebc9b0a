import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/graph/diagnostics';
import type { Diagnostic } from '../../src/graph/diagnostics';
import { parseGraphText, parseGraphValue, parseJsonText, serializeGraph } from '../../src/graph/load';
import { checkGraph } from '../../src/graph/check';
import { exampleGraphs } from './mutate';
import type { Json, JsonObject } from './mutate';

const EXAMPLES = exampleGraphs();
const slides = (): JsonObject => structuredClone(EXAMPLES.find((g) => g.file === 'xor-slides.json')!.doc);

/** The diagnostics of loading a JSON value written as text. */
const load = (value: unknown) => parseGraphText(JSON.stringify(value, null, 2));

function expectOneLine(d: Diagnostic): void {
  const line = formatDiagnostic(d);
  expect(line).not.toMatch(/[\n\r]/);
  expect(line.length).toBeLessThan(500);
}

describe('JSON syntax errors', () => {
  /** A file with one broken line: the error must be reported on `line`. */
  const CASES: [string, string, number][] = [
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}\n', 3],
    ['trailing comma', '{\n  "a": 1,\n  "b": 2,\n}\n', 4],
    ['single quotes', '{\n  "a": 1,\n  \'b\': 2\n}\n', 3],
    ['line break in a string', '{\n  "a": "one\ntwo"\n}\n', 2],
    ['unterminated string', '{\n  "a": 1,\n  "b": "two\n', 3],
    ['NaN', '{\n  "a": 1,\n  "b": [1,\n    NaN]\n}\n', 4],
    ['Infinity', '{\n  "a": 1,\n  "b": Infinity\n}\n', 3],
    ['comment', '{\n  // the network\n  "a": 1\n}\n', 2],
    ['word cut short at the end', '{\n  "a": 1,\n  "b": tr', 3],
    ['array cut short at the end', '{\n  "a": [', 2],
    ['empty file', '', 1],
    ['text after the object', '{\n  "a": 1\n}\n}\n', 4],
  ];

  it.each(CASES)('%s: reported on its line', (_name, text, line) => {
    const { doc, diagnostics } = parseGraphText(text);
    expect(doc).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'invalid-json', severity: 'error', line });
    expect(diagnostics[0].message).toMatch(/^not valid JSON: ./);
    expectOneLine(diagnostics[0]);
  });

  it('points at the broken line of a real graph file', () => {
    const text = serializeGraph(
      parseGraphText(EXAMPLES.find((g) => g.file === 'xor-slides.json')!.text).doc!,
    );
    const at = text.indexOf('"learningRate": 10');
    const broken = `${text.slice(0, at)}"learningRate": 10,${text.slice(at + '"learningRate": 10'.length)}`;
    // The parser notices the trailing comma at the closing brace on the next line.
    const expected = text.slice(0, at).split('\n').length + 1;
    expect(parseGraphText(broken).diagnostics[0]).toMatchObject({ code: 'invalid-json', line: expected });
  });

  it('parseJsonText returns the value of valid text', () => {
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ value: { a: [1, 2] } });
  });
});

describe('structure errors', () => {
  type Change = (doc: JsonObject) => void;
  const obj = (value: Json): JsonObject => value as JsonObject;
  const UNKNOWN_FIELDS: [string, Change, string, string | undefined][] = [
    ['the root', (d) => void (d.extra = 1), 'extra', undefined],
    ['training', (d) => void (obj(d.training).foo = 1), 'training.foo', undefined],
    ['a node', (d) => void (obj((d.nodes as Json[])[3]).size = 2), 'nodes[3].size', 's1'],
    ['an edge', (d) => void (obj((d.edges as Json[])[0]).weight = 1), 'edges[0].weight', undefined],
    [
      'the dataset',
      (d) => void (obj(obj(d.training).dataset).shuffle = true),
      'training.dataset.shuffle',
      undefined,
    ],
    [
      'the optimizer',
      (d) => void (obj(obj(d.training).optimizer).lr = 0.1),
      'training.optimizer.lr',
      undefined,
    ],
  ];

  it.each(UNKNOWN_FIELDS)(
    'an unknown field in %s is reported at its own path',
    (_where, change, path, nodeId) => {
      const doc = slides();
      change(doc);
      const { doc: loaded, diagnostics } = load(doc);
      expect(loaded).toBeNull();
      expect(diagnostics).toHaveLength(1);
      const field = path.split(/[.\]]/).pop()!;
      expect(diagnostics[0]).toMatchObject({ code: 'schema', severity: 'error', path });
      expect(diagnostics[0].nodeId).toBe(nodeId);
      expect(diagnostics[0].message).toContain(`"${field}"`);
      expectOneLine(diagnostics[0]);
    },
  );

  it('a param value of the wrong type is reported at nodes[i].params.<name>, naming the node and param', () => {
    const doc = slides();
    ((doc.nodes as JsonObject[])[1].params as JsonObject).values = { a: 1 };
    const { diagnostics } = load(doc);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'schema',
        path: 'nodes[1].params.values',
        nodeId: 'W1',
        field: 'values',
      }),
    ]);
    expect(formatDiagnostic(diagnostics[0])).toContain('node "W1", param "values"');
  });

  it('an unknown param with a plain value passes the schema and is a bad-param of the node', () => {
    const doc = slides();
    ((doc.nodes as JsonObject[])[3].params as JsonObject).foo = 1;
    const { doc: loaded, diagnostics } = load(doc);
    expect(diagnostics).toEqual([]);
    const checked = checkGraph(loaded!);
    expect(checked.diagnostics).toEqual([
      expect.objectContaining({ code: 'bad-param', nodeId: 's1', field: 'foo' }),
    ]);
  });

  it('an unknown param named __proto__ is reported like any other', () => {
    const text = JSON.stringify(slides()).replace('"params":{}', '"params":{"__proto__":{"units":3}}');
    const { doc, diagnostics } = parseGraphText(text);
    const all = [...diagnostics, ...(doc ? checkGraph(doc).diagnostics : [])];
    expect(all.some((d) => d.severity === 'error' && d.message.includes('__proto__'))).toBe(true);
  });

  it('out-of-range training values are reported at their path', () => {
    const doc = slides();
    (doc.training as JsonObject).batchSize = 0;
    (doc.training as JsonObject).testSplit = 1;
    const paths = load(doc).diagnostics.map((d) => d.path);
    expect(paths.sort()).toEqual(['training.batchSize', 'training.testSplit']);
  });

  it('names a node only by a valid id, however long the bad one is', () => {
    for (const id of ['1x', 'q'.repeat(100_000), 'x\ny']) {
      const doc = slides();
      (doc.nodes as JsonObject[])[0].id = id;
      const { diagnostics } = load(doc);
      expect(diagnostics.map((d) => d.path)).toContain('nodes[0].id');
      for (const d of diagnostics) {
        expect(d.nodeId, JSON.stringify(d.nodeId?.slice(0, 40))).toBeUndefined();
        expectOneLine(d);
      }
    }
  });

  it('keeps messages short when the file holds very long keys', () => {
    const doc = slides();
    doc['k'.repeat(10_000)] = 1;
    ((doc.nodes as JsonObject[])[3].params as JsonObject)['p'.repeat(5_000)] = 1;
    const { diagnostics } = load(doc);
    expect(diagnostics.length).toBeGreaterThanOrEqual(2);
    for (const d of diagnostics) expectOneLine(d);
  });

  it('reports the first 50 problems and summarises the rest in one line', () => {
    const doc = slides();
    doc.nodes = Array.from({ length: 300 }, () => ({ id: 5, op: 1 }));
    const { diagnostics } = load(doc);
    expect(diagnostics).toHaveLength(51);
    expect(diagnostics.slice(0, 50).every((d) => d.code === 'schema' && d.path!.startsWith('nodes['))).toBe(
      true,
    );
    expect(diagnostics[50]).toMatchObject({ code: 'schema', severity: 'error' });
    expect(diagnostics[50].message).toContain('550 more');
  });

  it.each([
    ['an array', '[]'],
    ['a number', '42'],
    ['a string', '"graph.json"'],
    ['null', 'null'],
    ['an object without graph fields', '{"hello": "world"}'],
    ['an array nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ])('%s is not a graph', (_what, text) => {
    const { doc, diagnostics } = parseGraphText(text);
    expect(doc).toBeNull();
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'not-a-graph', severity: 'error' })]);
    expect(diagnostics[0].message).toContain('schemaVersion');
  });

  it('a params value nested 10,000 deep is a schema error at that param', () => {
    const text = JSON.stringify(slides()).replace(
      '"params":{}',
      `"params":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    );
    const { doc, diagnostics } = parseGraphText(text);
    expect(doc).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'schema', path: 'nodes[3].params.x', nodeId: 's1', field: 'x' }),
    ]);
  });
});

describe('save and load', () => {
  it.each(EXAMPLES.map((g) => [g.file, g.text]))(
    '%s: save → load → save is byte-identical',
    (_file, text) => {
      const loaded = parseGraphText(text);
      expect(loaded).toMatchObject({ diagnostics: [], fromVersion: 1 });
      const saved = serializeGraph(loaded.doc!);
      const reloaded = parseGraphText(saved);
      expect(reloaded.diagnostics).toEqual([]);
      expect(reloaded.doc).toEqual(loaded.doc);
      expect(serializeGraph(reloaded.doc!)).toBe(saved);
      // The editor's format: 2-space JSON and a final newline, and nothing of the file lost.
      expect(saved).toBe(`${JSON.stringify(JSON.parse(saved), null, 2)}\n`);
      expect(JSON.parse(saved)).toEqual(JSON.parse(text));
    },
  );

  it('fills defaults on load, drops $schema, and then round-trips', () => {
    const minimal = {
      $schema: 'https://example.com/graph.schema.json',
      schemaVersion: 1,
      nodes: [
        { id: 'x', op: 'Input' },
        { id: 'd', op: 'Dense', label: 'layer', params: { units: 1 } },
        { id: 't', op: 'Target' },
        { id: 'E', op: 'L2Error' },
      ],
      edges: [
        { source: 'x', target: 'd', targetPort: 'in' },
        { id: 'pred', source: 'd', target: 'E', targetPort: 'prediction' },
        { source: 't', target: 'E', targetPort: 'target' },
      ],
      training: {
        dataset: { kind: 'xor' },
        optimizer: { type: 'adam', learningRate: 0.01 },
        batchSize: 4,
        epochs: 10,
        seed: 7,
      },
      weights: { d: { kernel: { shape: [2, 1], values: [0.5, -0.5] } } },
    };
    const { doc, diagnostics } = parseGraphValue(minimal);
    expect(diagnostics).toEqual([]);
    expect(doc).not.toHaveProperty('$schema');
    expect(doc!.nodes[0].params).toEqual({});
    expect(doc!.edges.map((e) => e.sourcePort)).toEqual(['out', 'out', 'out']);
    expect(doc!.layout).toEqual({ nodes: {} });
    expect(doc!.training).toMatchObject({ testSplit: 0, shuffle: true, lossWeights: {} });
    expect(checkGraph(doc!).diagnostics).toEqual([]);

    const saved = serializeGraph(doc!);
    expect(serializeGraph(parseGraphText(saved).doc!)).toBe(saved);
    expect(JSON.parse(saved).weights).toEqual(minimal.weights);
    expect(JSON.parse(saved).edges[1].id).toBe('pred');
  });

  it('parseGraphValue leaves its argument unchanged', () => {
    const raw = slides();
    const before = structuredClone(raw);
    expect(parseGraphValue(raw).diagnostics).toEqual([]);
    expect(raw).toEqual(before);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGraphText, parseGraphValue, serializeGraph } from '../../src/graph/load';
import { migrate, MIGRATIONS } from '../../src/graph/migrate';
import type { Migration } from '../../src/graph/migrate';
import type * as TypesModule from '../../src/graph/types';
import { checkGraph } from '../../src/graph/check';

type Json = Record<string, unknown>;

/** The slides' XOR network as the prototype (version 0) wrote it. */
function xorV0(): Json {
  return {
    schemaVersion: 0,
    name: 'XOR (prototype)',
    nodes: [
      { id: 'x', type: 'Input', position: { x: 0, y: 80 }, params: { shape: [2] } },
      { id: 'W1', type: 'Parameter', position: { x: 0, y: 200 }, params: { shape: [2, 2] } },
      { id: 's1', type: 'MatMul', position: { x: 200, y: 120 }, params: {} },
      { id: 'h', type: 'Sigmoid', position: { x: 400, y: 120 }, params: {} },
      { id: 'W2', type: 'Parameter', position: { x: 400, y: 240 }, params: { shape: [2, 1] } },
      { id: 's2', type: 'MatMul', position: { x: 600, y: 160 }, params: {} },
      { id: 'y', type: 'Sigmoid', position: { x: 800, y: 160 }, params: {} },
      { id: 't', type: 'Target', position: { x: 800, y: 280 }, params: { shape: [1] } },
      { id: 'E', type: 'L2Error', position: { x: 1000, y: 200 }, params: {} },
    ],
    edges: [
      { source: 'x', target: 's1', targetPort: 'a' },
      { source: 'W1', target: 's1', targetPort: 'b' },
      { source: 's1', target: 'h', targetPort: 'in' },
      { source: 'h', target: 's2', targetPort: 'a' },
      { source: 'W2', target: 's2', targetPort: 'b' },
      { source: 's2', target: 'y', targetPort: 'in' },
      { source: 'y', target: 'E', targetPort: 'prediction' },
      { source: 't', target: 'E', targetPort: 'target' },
    ],
    training: {
      dataset: { kind: 'xor' },
      learningRate: 0.5,
      optimizer: 'sgd',
      batchSize: 4,
      epochs: 1000,
      seed: 2,
    },
  };
}

/** The same network written by hand in version 1. */
function xorV1(): Json {
  const v0 = xorV0();
  const nodes = v0.nodes as { id: string; type: string; position: { x: number; y: number }; params: Json }[];
  return {
    schemaVersion: 1,
    name: 'XOR (prototype)',
    nodes: nodes.map(({ id, type, params }) => ({ id, op: type, params })),
    edges: (v0.edges as Json[]).map((e) => ({
      source: e.source,
      sourcePort: 'out',
      target: e.target,
      targetPort: e.targetPort,
    })),
    layout: { nodes: Object.fromEntries(nodes.map((n) => [n.id, n.position])) },
    training: {
      dataset: { kind: 'xor' },
      testSplit: 0,
      shuffle: true,
      lossWeights: {},
      optimizer: { type: 'sgd', learningRate: 0.5 },
      batchSize: 4,
      epochs: 1000,
      seed: 2,
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('version 0 → 1', () => {
  it('moves type to op, positions to the layout, adds sourcePort, builds the optimizer', () => {
    const result = migrate(xorV0());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.from).toBe(0);
    const doc = result.doc as {
      schemaVersion: number;
      nodes: Json[];
      edges: Json[];
      layout: { nodes: Json };
      training: Json;
    };
    expect(doc.schemaVersion).toBe(1);
    for (const n of doc.nodes) {
      expect(n).not.toHaveProperty('type');
      expect(n).not.toHaveProperty('position');
    }
    expect(doc.nodes.map((n) => n.op)).toEqual([
      'Input',
      'Parameter',
      'MatMul',
      'Sigmoid',
      'Parameter',
      'MatMul',
      'Sigmoid',
      'Target',
      'L2Error',
    ]);
    expect(doc.edges.every((e) => e.sourcePort === 'out')).toBe(true);
    expect(doc.layout.nodes.W2).toEqual({ x: 400, y: 240 });
    expect(doc.training.optimizer).toEqual({ type: 'sgd', learningRate: 0.5 });
    expect(doc.training).not.toHaveProperty('learningRate');
  });

  it('loads as the equivalent version-1 file, which validates', () => {
    const fromV0 = parseGraphValue(xorV0());
    expect(fromV0.diagnostics).toEqual([]);
    expect(fromV0.fromVersion).toBe(0);
    const v1 = parseGraphValue(xorV1());
    expect(v1.fromVersion).toBe(1);
    expect(fromV0.doc).toEqual(v1.doc);
    expect(serializeGraph(fromV0.doc!)).toBe(serializeGraph(v1.doc!));

    const checked = checkGraph(fromV0.doc!);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.shapes.get('y')).toEqual(['N', 1]);
    // Saved, it is a version-1 file that loads unchanged.
    const saved = serializeGraph(fromV0.doc!);
    expect(parseGraphText(saved)).toMatchObject({ diagnostics: [], fromVersion: 1 });
  });

  it.each([
    ['no optimizer', {}, { type: 'sgd', learningRate: 0.1 }],
    ['only a learning rate', { learningRate: 2 }, { type: 'sgd', learningRate: 2 }],
    ['an optimizer name', { optimizer: 'adam', learningRate: 0.01 }, { type: 'adam', learningRate: 0.01 }],
    [
      'an optimizer object',
      { optimizer: { type: 'momentum', learningRate: 0.3, momentum: 0.9 } },
      { type: 'momentum', learningRate: 0.3, momentum: 0.9 },
    ],
  ])('training with %s', (_what, fields, optimizer) => {
    const raw = xorV0();
    const { learningRate: _lr, optimizer: _opt, ...rest } = raw.training as Json;
    raw.training = { ...rest, ...fields };
    const { doc, diagnostics } = parseGraphValue(raw);
    expect(diagnostics).toEqual([]);
    expect(doc!.training.optimizer).toEqual(optimizer);
  });

  it('keeps op when a node has both op and type, and leaves nodes without position out of the layout', () => {
    const raw = xorV0();
    const nodes = raw.nodes as Json[];
    nodes[3] = { id: 'h', op: 'Tanh', type: 'Sigmoid', params: {} };
    const { doc } = parseGraphValue(raw);
    expect(doc!.nodes[3].op).toBe('Tanh');
    expect(doc!.layout.nodes).not.toHaveProperty('h');
    expect(Object.keys(doc!.layout.nodes)).toHaveLength(8);
  });

  it('does not modify the file it migrates', () => {
    const raw = deepFreeze(xorV0());
    const before = structuredClone(raw);
    expect(() => migrate(raw)).not.toThrow();
    expect(parseGraphValue(raw).diagnostics).toEqual([]);
    expect(raw).toEqual(before);
  });

  it('reports a version-0 file whose nodes are not a list, rather than loading an empty graph', () => {
    for (const nodes of [{ x: { type: 'Input' } }, 'x', undefined]) {
      const raw = { ...xorV0(), nodes };
      const { doc, diagnostics } = parseGraphValue(raw);
      expect(doc, JSON.stringify(nodes)).toBeNull();
      expect(diagnostics).toEqual([expect.objectContaining({ code: 'schema', path: 'nodes' })]);
    }
  });
});

describe('versions that cannot be read', () => {
  it.each([2, 3, 1000])('schemaVersion %d: unsupported-version naming the version', (version) => {
    const { doc, diagnostics } = parseGraphValue({ ...xorV1(), schemaVersion: version });
    expect(doc).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'unsupported-version',
      severity: 'error',
      path: 'schemaVersion',
    });
    expect(diagnostics[0].message).toContain(`schemaVersion ${version}`);
    expect(diagnostics[0].message).toContain('newer');
  });

  it.each([
    ['"1"', '1'],
    ['1.5', 1.5],
    ['-1', -1],
    ['null', null],
  ])('schemaVersion %s: unsupported-version, not a whole number', (shown, version) => {
    const { doc, diagnostics } = parseGraphValue({ ...xorV1(), schemaVersion: version });
    expect(doc).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'unsupported-version', path: 'schemaVersion' }),
    ]);
    expect(diagnostics[0].message).toContain(`got ${shown}`);
  });

  it('a graph without schemaVersion says how a file starts', () => {
    const { schemaVersion: _v, ...raw } = xorV1();
    const { diagnostics } = parseGraphValue(raw);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'unsupported-version', path: 'schemaVersion' }),
    ]);
    expect(diagnostics[0].message).toContain('"schemaVersion": 1');
  });

  it('returns version-1 files as they are', () => {
    const raw = xorV1();
    const result = migrate(raw);
    expect(result).toEqual({ ok: true, doc: raw, from: 1 });
    expect(result.ok && result.doc).toBe(raw);
  });
});

describe('the migration chain', () => {
  afterEach(() => {
    vi.doUnmock('../../src/graph/types');
    vi.resetModules();
  });

  it('runs an injected step in place of the built-in one, once, on the raw file', () => {
    const seen: Json[] = [];
    const step: Migration = {
      from: 0,
      summary: 'test step',
      up(doc) {
        seen.push(doc);
        return { ...MIGRATIONS[0].up(doc), name: 'migrated by the test' };
      },
    };
    const raw = xorV0();
    const result = migrate(raw, [step]);
    expect(seen).toEqual([raw]);
    expect(result).toMatchObject({
      ok: true,
      from: 0,
      doc: { name: 'migrated by the test', schemaVersion: 1 },
    });
  });

  it('fails cleanly when a step is missing', () => {
    expect(migrate(xorV0(), [])).toEqual({ ok: false, message: 'no migration from schemaVersion 0' });
  });

  it('chains steps in version order up to the current version', async () => {
    vi.resetModules();
    vi.doMock('../../src/graph/types', async (importOriginal) => ({
      ...(await importOriginal<typeof TypesModule>()),
      CURRENT_SCHEMA_VERSION: 3,
    }));
    const { migrate: migrateTo3, MIGRATIONS: builtIn } = await import('../../src/graph/migrate');
    const calls: number[] = [];
    const step = (from: number, change: (doc: Json) => Json): Migration => ({
      from,
      summary: `test ${from} → ${from + 1}`,
      up(doc) {
        calls.push(from);
        expect(doc.schemaVersion).toBe(from);
        return { ...change(doc), schemaVersion: from + 1 };
      },
    });
    // Listed out of order: steps are found by `from`.
    const chain = [
      step(2, (doc) => ({ ...doc, description: `${String(doc.description)} → v3` })),
      step(0, (doc) => builtIn[0].up(doc)),
      step(1, (doc) => ({ ...doc, description: 'v2' })),
    ];

    const fromV0 = migrateTo3(xorV0(), chain);
    expect(calls).toEqual([0, 1, 2]);
    expect(fromV0).toMatchObject({ ok: true, from: 0, doc: { schemaVersion: 3, description: 'v2 → v3' } });
    expect(fromV0.ok && (fromV0.doc.nodes as Json[])[0]).toMatchObject({ op: 'Input' });

    calls.length = 0;
    expect(migrateTo3({ ...xorV1(), schemaVersion: 2, description: 'two' }, chain)).toMatchObject({
      ok: true,
      from: 2,
      doc: { schemaVersion: 3, description: 'two → v3' },
    });
    expect(calls).toEqual([2]);

    calls.length = 0;
    expect(migrateTo3({ ...xorV1(), schemaVersion: 3 }, chain)).toMatchObject({ ok: true, from: 3 });
    expect(calls).toEqual([]);

    const newer = migrateTo3({ ...xorV1(), schemaVersion: 4 }, chain);
    expect(newer).toMatchObject({ ok: false });
    expect(!newer.ok && newer.message).toContain('reads up to 3');

    expect(migrateTo3(xorV0(), [chain[1], chain[0]])).toEqual({
      ok: false,
      message: 'no migration from schemaVersion 1',
    });
  });
});

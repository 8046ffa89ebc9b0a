/**
 * Fuzz: 1,200 broken graph files (seeded) through the loader and the validator. Nothing may throw,
 * every problem must come back as diagnostics that say what is wrong and where, and files broken in
 * a known way must be reported with the right code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, formatDiagnostic, hasErrors } from '../../src/graph/diagnostics';
import type { Diagnostic, DiagnosticCode } from '../../src/graph/diagnostics';
import { parseGraphText } from '../../src/graph/load';
import { NODE_ID_PATTERN } from '../../src/graph/schema';
import { edgeId } from '../../src/graph/types';
import { checkGraph } from '../../src/graph/check';
import { generateCorpus, KIND_SPECS, MUTATION_KINDS } from './mutate';
import type { Mutation, MutationKind } from './mutate';

const SEED = 20_240_917;
const COUNT = 1_200;

interface Outcome {
  mutation: Mutation;
  /** The exception, when loading or checking threw. */
  threw?: string;
  /** Diagnostics of `parseGraphText`. */
  parse: Diagnostic[];
  /** Diagnostics of `checkGraph`, when a document came back. */
  check: Diagnostic[];
  doc: { nodeIds: Set<string>; edgeIds: Set<string> } | null;
  /** Whether `checkGraph` returned a graph; null when it did not run. */
  graph: boolean | null;
  ms: number;
}

function run(mutation: Mutation): Outcome {
  const started = performance.now();
  const outcome: Outcome = { mutation, parse: [], check: [], doc: null, graph: null, ms: 0 };
  try {
    const loaded = parseGraphText(mutation.text);
    outcome.parse = loaded.diagnostics;
    if (loaded.doc) {
      outcome.doc = {
        nodeIds: new Set(loaded.doc.nodes.map((n) => n.id)),
        edgeIds: new Set(loaded.doc.edges.map(edgeId)),
      };
      const checked = checkGraph(loaded.doc);
      outcome.check = checked.diagnostics;
      outcome.graph = checked.graph !== null;
    }
  } catch (err) {
    outcome.threw = err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : String(err);
  }
  outcome.ms = performance.now() - started;
  return outcome;
}

const all = (o: Outcome): Diagnostic[] => [...o.parse, ...o.check];
const errors = (o: Outcome): Diagnostic[] => all(o).filter((d) => d.severity === 'error');

/** Where each code must point. `missing-loss` and `no-input` are about the graph as a whole. */
const LOCATED: Record<DiagnosticCode, (d: Diagnostic) => boolean> = {
  'invalid-json': (d) => Number.isInteger(d.line) && d.line! >= 1,
  'not-a-graph': (d) => Boolean(d.path),
  'unsupported-version': (d) => d.path === 'schemaVersion',
  // The "…and N more" summary line is the one schema diagnostic without a path.
  schema: (d) => Boolean(d.path) || d.message.startsWith('…and '),
  'duplicate-id': (d) => Boolean(d.nodeId),
  'unknown-op': (d) => Boolean(d.nodeId) && d.field === 'op',
  'bad-param': (d) => Boolean(d.nodeId && d.field),
  'dangling-edge': (d) => Boolean(d.edgeId && d.path),
  'unknown-port': (d) => Boolean(d.edgeId && d.nodeId),
  'port-taken': (d) => Boolean(d.edgeId && d.nodeId),
  'unconnected-port': (d) => Boolean(d.nodeId && d.field),
  cycle: (d) => Boolean(d.nodeId),
  'missing-loss': () => true,
  'shape-mismatch': (d) => Boolean(d.nodeId),
  'bad-reference': (d) => Boolean(d.nodeId && d.field),
  'bad-training': (d) => Boolean(d.path),
  'data-needed': (d) => d.path === 'training.dataset',
  'bad-weights': (d) => Boolean(d.path),
  'nothing-to-train': (d) => Boolean(d.nodeId),
  unreachable: (d) => Boolean(d.nodeId),
  'no-input': () => true,
  'layout-unknown-node': (d) => Boolean(d.path),
};

const describeDiag = (d: Diagnostic) =>
  JSON.stringify({ ...d, message: d.message.slice(0, 120) }).slice(0, 400);
const lineCount = (text: string) => text.split('\n').length;

/** Problems of one outcome against the expectations of its kind. */
function kindProblems(o: Outcome): string[] {
  const m = o.mutation;
  const spec = KIND_SPECS[m.kind];
  const errs = errors(o);
  const problems: string[] = [];
  if (spec.expect === 'valid' && errs.length > 0)
    problems.push(`expected no error, got ${describeDiag(errs[0])}`);
  if (spec.expect === 'invalid' && errs.length === 0) problems.push('expected an error, got none');
  const expected = spec.codes ? errs.filter((d) => spec.codes!.includes(d.code)) : errs;
  if (spec.codes && errs.length > 0 && expected.length === 0)
    problems.push(`expected one of ${spec.codes.join('/')}, got ${errs.map((d) => d.code).join(', ')}`);
  if (m.line !== undefined || m.minLine !== undefined)
    for (const d of errs.filter((e) => e.code === 'invalid-json')) {
      if (m.line !== undefined && d.line !== m.line) problems.push(`expected line ${m.line}, got ${d.line}`);
      if (m.minLine !== undefined && !(d.line! >= m.minLine && d.line! <= lineCount(m.text)))
        problems.push(`expected a line in ${m.minLine}…${lineCount(m.text)}, got ${d.line}`);
    }
  if (m.nodeIds && !expected.some((d) => d.nodeId !== undefined && m.nodeIds!.includes(d.nodeId)))
    problems.push(`expected a ${spec.codes?.join('/')} diagnostic naming ${m.nodeIds.join('/')}`);
  if (m.path && !expected.some((d) => d.path === m.path)) problems.push(`expected a diagnostic at ${m.path}`);
  if (m.cycleNodes) {
    const named = [...new Set(errs.filter((d) => d.code === 'cycle').map((d) => d.nodeId!))].sort();
    if (named.join() !== m.cycleNodes.join())
      problems.push(`cycle diagnostics name [${named}], the cycle is [${m.cycleNodes}]`);
  }
  if (m.version && !expected.some((d) => d.message.includes(`schemaVersion ${m.version}`)))
    problems.push(`expected the message to name schemaVersion ${m.version}`);
  return problems;
}

/** Collects `problems(o)` over outcomes as readable lines. */
function collect(outcomes: Outcome[], problems: (o: Outcome) => string[]): string[] {
  return outcomes.flatMap((o) =>
    problems(o).map(
      (p) => `${o.mutation.kind} of ${o.mutation.base} (${o.mutation.note.slice(0, 80)}): ${p}`,
    ),
  );
}

/** Passes when there are no failures; shows the count and the first few otherwise. */
function expectNone(failures: string[]): void {
  expect({ count: failures.length, first: failures.slice(0, 8) }).toEqual({ count: 0, first: [] });
}

describe(`graph fuzz: ${COUNT} mutated files, seed ${SEED}`, () => {
  let outcomes: Outcome[] = [];

  beforeAll(() => {
    const corpus = generateCorpus(COUNT, SEED);
    const started = performance.now();
    outcomes = corpus.map(run);
    const total = performance.now() - started;
    const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.info(
      `graph fuzz: ${outcomes.length} files in ${total.toFixed(0)} ms; slowest ${slowest.ms.toFixed(1)} ms (${slowest.mutation.kind}: ${slowest.mutation.note.slice(0, 60)})`,
    );
  });

  it('generates over 1,000 files covering every mutation kind, reproducibly from the seed', () => {
    expect(outcomes.length).toBe(COUNT);
    const perKind = new Map<MutationKind, number>();
    for (const o of outcomes) perKind.set(o.mutation.kind, (perKind.get(o.mutation.kind) ?? 0) + 1);
    for (const kind of MUTATION_KINDS) expect(perKind.get(kind), kind).toBeGreaterThanOrEqual(40);
    const again = generateCorpus(3 * MUTATION_KINDS.length, SEED);
    expect(again.map((m) => m.text)).toEqual(outcomes.slice(0, again.length).map((o) => o.mutation.text));
    const other = generateCorpus(3 * MUTATION_KINDS.length, SEED + 1);
    expect(other.map((m) => m.text)).not.toEqual(again.map((m) => m.text));
    // The mutations really change the files.
    const changed = outcomes.filter((o) => o.mutation.kind !== 'unmodified');
    const unmodified = new Set(
      outcomes.filter((o) => o.mutation.kind === 'unmodified').map((o) => o.mutation.text),
    );
    expect(changed.filter((o) => unmodified.has(o.mutation.text)).map((o) => o.mutation.note)).toEqual([]);
  });

  it('loads and checks every file without throwing', () => {
    expectNone(collect(outcomes, (o) => (o.threw ? [`threw ${o.threw}`] : [])));
  });

  it('gives each diagnostic the severity of its code, a message and one short formatted line', () => {
    expectNone(
      collect(outcomes, (o) =>
        all(o).flatMap((d) => {
          const line = formatDiagnostic(d);
          const problems: string[] = [];
          if (d.severity !== DIAGNOSTIC_CODES[d.code].severity)
            problems.push(`severity of ${describeDiag(d)}`);
          if (d.message.trim() === '') problems.push(`empty message: ${describeDiag(d)}`);
          if (/[\n\r\u2028\u2029]/.test(line))
            problems.push(`line break in: ${JSON.stringify(line.slice(0, 200))}`);
          if (line.length >= 500)
            problems.push(`${line.length} characters: ${JSON.stringify(line.slice(0, 200))}…`);
          return problems;
        }),
      ),
    );
  });

  it('says where each error is, in the way that fits its code', () => {
    expectNone(
      collect(outcomes, (o) =>
        errors(o)
          .filter((d) => !LOCATED[d.code](d))
          .map((d) => `no location fitting ${d.code}: ${describeDiag(d)}`),
      ),
    );
  });

  it('names only real nodes and edges, by valid ids', () => {
    expectNone(
      collect(outcomes, (o) => {
        const problems: string[] = [];
        for (const d of all(o))
          if (d.nodeId !== undefined && !NODE_ID_PATTERN.test(d.nodeId))
            problems.push(
              `nodeId is not a node id: ${JSON.stringify(d.nodeId.slice(0, 80))} (${d.nodeId.length} chars)`,
            );
        for (const d of o.check) {
          if (d.nodeId !== undefined && !o.doc!.nodeIds.has(d.nodeId))
            problems.push(`unknown nodeId in ${describeDiag(d)}`);
          if (d.edgeId !== undefined && !o.doc!.edgeIds.has(d.edgeId))
            problems.push(`unknown edgeId in ${describeDiag(d)}`);
        }
        return problems;
      }),
    );
  });

  it('returns a document exactly when loading finds no error, and a graph exactly when checking finds none', () => {
    expectNone(
      collect(outcomes, (o) => {
        if (o.threw) return [];
        const problems: string[] = [];
        if (o.doc === null && !hasErrors(o.parse)) problems.push('no document and no error');
        if (o.doc !== null && o.parse.length > 0)
          problems.push(`document with diagnostics ${describeDiag(o.parse[0])}`);
        if (o.graph !== null && o.graph === hasErrors(o.check))
          problems.push(`graph ${o.graph} with errors ${hasErrors(o.check)}`);
        return problems;
      }),
    );
  });

  describe('reports what each kind of mutation breaks', () => {
    it.each(MUTATION_KINDS.map((kind) => [kind, KIND_SPECS[kind].expect] as const))('%s (%s)', (kind) => {
      expectNone(
        collect(
          outcomes.filter((o) => o.mutation.kind === kind),
          kindProblems,
        ),
      );
    });
  });
});

describe('hostile graph structures', () => {
  const training = {
    dataset: { kind: 'xor' },
    optimizer: { type: 'sgd', learningRate: 0.1 },
    batchSize: 4,
    epochs: 1,
    seed: 1,
  };
  const load = (doc: object) => {
    const { doc: loaded, diagnostics } = parseGraphText(
      JSON.stringify({ schemaVersion: 1, ...doc, training }),
    );
    expect(diagnostics).toEqual([]);
    return checkGraph(loaded!);
  };

  it('reports a two-node loop quickly when a long chain hangs off it', { timeout: 3_000 }, () => {
    const n = 8_000;
    const nodes = [
      { id: 'k', op: 'Input', params: {} },
      { id: 'a', op: 'Add', params: {} },
      { id: 'b', op: 'Sigmoid', params: {} },
      ...Array.from({ length: n }, (_, i) => ({ id: `c${i}`, op: 'Sigmoid', params: {} })),
    ];
    const edges = [
      { source: 'k', target: 'a', targetPort: 'a' },
      { source: 'b', target: 'a', targetPort: 'b' },
      { source: 'a', target: 'b', targetPort: 'in' },
      { source: 'b', target: 'c0', targetPort: 'in' },
      ...Array.from({ length: n - 1 }, (_, i) => ({
        source: `c${i}`,
        target: `c${i + 1}`,
        targetPort: 'in',
      })),
    ];
    const { diagnostics, graph } = load({ nodes, edges });
    expect(graph).toBeNull();
    const cycle = diagnostics.filter((d) => d.code === 'cycle').map((d) => d.nodeId);
    expect(cycle.sort()).toEqual(['a', 'b']);
  });

  it('checks one node feeding 25,000 others, gathered again by a Concat, quickly', { timeout: 3_000 }, () => {
    const n = 25_000;
    const nodes = [
      { id: 'x', op: 'Input', params: { shape: [2] } },
      ...Array.from({ length: n }, (_, i) => ({ id: `s${i}`, op: 'Sigmoid', params: {} })),
      { id: 'cat', op: 'Concat', params: {} },
      { id: 't', op: 'Target', params: { shape: [2 * n] } },
      { id: 'E', op: 'MSE', params: {} },
    ];
    const edges = [
      ...Array.from({ length: n }, (_, i) => ({ source: 'x', target: `s${i}`, targetPort: 'in' })),
      ...Array.from({ length: n }, (_, i) => ({ source: `s${i}`, target: 'cat', targetPort: 'inputs' })),
      { source: 'cat', target: 'E', targetPort: 'prediction' },
      { source: 't', target: 'E', targetPort: 'target' },
    ];
    const { diagnostics, graph, shapes } = load({ nodes, edges });
    expect(diagnostics).toEqual([]);
    expect(graph).not.toBeNull();
    expect(shapes.get('cat')).toEqual(['N', 2 * n]);
  });

  it('checks a Concat fed by 200,000 edges without overflowing the stack', () => {
    const n = 200_000;
    const k = 1_000;
    const nodes = [
      ...Array.from({ length: k }, (_, i) => ({ id: `k${i}`, op: 'Input', params: { shape: [1] } })),
      { id: 'cat', op: 'Concat', params: {} },
      { id: 't', op: 'Target', params: { shape: [n] } },
      { id: 'E', op: 'MSE', params: {} },
    ];
    const edges = [
      ...Array.from({ length: n }, (_, i) => ({ source: `k${i % k}`, target: 'cat', targetPort: 'inputs' })),
      { source: 'cat', target: 'E', targetPort: 'prediction' },
      { source: 't', target: 'E', targetPort: 'target' },
    ];
    const result = load({ nodes, edges });
    expect(result.diagnostics).toEqual([]);
    expect(result.shapes.get('cat')).toEqual(['N', n]);
  });
});

/**
 * Seeded generator of broken graph files for the loader/validator fuzz tests.
 *
 * Every mutation starts from one of the example graphs in `graphs/` (or a version-0 sample) and
 * breaks it in one way: at the JSON value level (deleted fields, wrong types, unknown ops, cycles…)
 * or at the text level (truncation, byte flips, NaN written as a bare token…). Each result is the
 * file text plus what the tests may expect of it: whether the file must be invalid, the diagnostic
 * codes one of which must be reported, and where (line, node ids, path) when that is known.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRng } from '../../src/data/random';
import type { Rng } from '../../src/data/random';
import type { DiagnosticCode } from '../../src/graph/diagnostics';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import { getOp } from '../../src/ops/registry';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}
type PathKey = string | number;

/** An example graph the mutations start from. */
export interface BaseGraph {
  name: string;
  doc: JsonObject;
  /** Written in the prototype format (schemaVersion 0). */
  v0: boolean;
}

export const MUTATION_KINDS = [
  'unmodified',
  'delete-field',
  'delete-required-field',
  'wrong-type',
  'huge-number',
  'overflow-literal',
  'nan-text',
  'unknown-field',
  'unknown-op',
  'duplicate-id',
  'cycle',
  'self-loop',
  'dangling-edge',
  'wrong-port',
  'missing-loss',
  'shape-mismatch',
  'deep-params',
  'deep-document',
  'long-string',
  'control-chars',
  'truncated',
  'byte-flip',
  'empty',
  'non-object-root',
  'version-newer',
  'version-malformed',
  'version-missing',
  'version-zero',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** What any file of a kind must give: `valid` (no errors), `invalid` (at least one error) or `any`. */
export interface KindSpec {
  expect: 'valid' | 'invalid' | 'any';
  /** For `invalid` kinds: at least one error must have one of these codes. */
  codes?: readonly DiagnosticCode[];
}

export const KIND_SPECS: Record<MutationKind, KindSpec> = {
  unmodified: { expect: 'valid' },
  'delete-field': { expect: 'any' },
  'delete-required-field': { expect: 'invalid', codes: ['schema', 'unsupported-version'] },
  'wrong-type': {
    expect: 'invalid',
    codes: ['schema', 'bad-param', 'unsupported-version', 'shape-mismatch'],
  },
  'huge-number': { expect: 'any' },
  'overflow-literal': { expect: 'invalid', codes: ['schema', 'unsupported-version'] },
  'nan-text': { expect: 'invalid', codes: ['invalid-json'] },
  'unknown-field': { expect: 'invalid', codes: ['schema', 'bad-param', 'bad-training'] },
  'unknown-op': { expect: 'invalid', codes: ['unknown-op'] },
  'duplicate-id': { expect: 'invalid', codes: ['duplicate-id'] },
  cycle: { expect: 'invalid', codes: ['cycle'] },
  'self-loop': { expect: 'invalid', codes: ['cycle'] },
  'dangling-edge': { expect: 'invalid', codes: ['dangling-edge'] },
  'wrong-port': { expect: 'invalid', codes: ['unknown-port'] },
  'missing-loss': { expect: 'invalid', codes: ['missing-loss'] },
  'shape-mismatch': { expect: 'invalid', codes: ['shape-mismatch'] },
  'deep-params': { expect: 'invalid', codes: ['schema'] },
  'deep-document': { expect: 'invalid', codes: ['not-a-graph', 'schema'] },
  'long-string': { expect: 'any' },
  'control-chars': { expect: 'any' },
  truncated: { expect: 'invalid', codes: ['invalid-json'] },
  'byte-flip': { expect: 'any' },
  empty: { expect: 'invalid', codes: ['invalid-json'] },
  'non-object-root': { expect: 'invalid', codes: ['not-a-graph'] },
  'version-newer': { expect: 'invalid', codes: ['unsupported-version'] },
  'version-malformed': { expect: 'invalid', codes: ['unsupported-version'] },
  'version-missing': { expect: 'invalid', codes: ['unsupported-version'] },
  'version-zero': { expect: 'any' },
};

/** One mutated file. */
export interface Mutation {
  kind: MutationKind;
  /** The file text. */
  text: string;
  /** Name of the graph it came from. */
  base: string;
  /** What was changed, for failure messages. */
  note: string;
  /** JSON syntax errors: the line the error must be reported on. */
  line?: number;
  /** JSON syntax errors whose exact line is unknown: the error cannot come before this line. */
  minLine?: number;
  /** An expected-code diagnostic must name one of these nodes. */
  nodeIds?: readonly string[];
  /** Cycles: the exact set of nodes the cycle diagnostics must name. */
  cycleNodes?: readonly string[];
  /** An expected-code diagnostic must have this path. */
  path?: string;
  /** `version-newer`: the version the message must name. */
  version?: string;
}

// ---------------------------------------------------------------------------------------------
// Example graphs

const GRAPHS_DIR = new URL('../../graphs/', import.meta.url);

/** The example graphs in `graphs/`, parsed, by file name. */
export function exampleGraphs(): { file: string; text: string; doc: JsonObject }[] {
  return readdirSync(GRAPHS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(new URL(file, GRAPHS_DIR), 'utf8');
      return { file, text, doc: JSON.parse(text) as JsonObject };
    });
}

/** perceptron-or in the prototype (version 0) format. */
export function perceptronV0(): JsonObject {
  return {
    schemaVersion: 0,
    name: 'Perceptron (v0)',
    nodes: [
      { id: 'x', type: 'Input', position: { x: 0, y: 0 }, params: { shape: [2] } },
      {
        id: 'perceptron',
        type: 'Dense',
        position: { x: 200, y: 0 },
        params: { units: 1, activation: 'sigmoid' },
      },
      { id: 't', type: 'Target', position: { x: 200, y: 120 }, params: { shape: [1] } },
      { id: 'loss', type: 'L2Error', position: { x: 400, y: 60 }, params: {} },
    ],
    edges: [
      { source: 'x', target: 'perceptron', targetPort: 'in' },
      { source: 'perceptron', target: 'loss', targetPort: 'prediction' },
      { source: 't', target: 'loss', targetPort: 'target' },
    ],
    training: {
      dataset: { kind: 'or' },
      learningRate: 0.5,
      optimizer: 'sgd',
      batchSize: 4,
      epochs: 50,
      seed: 3,
    },
  };
}

export function baseGraphs(): BaseGraph[] {
  return [
    ...exampleGraphs().map(({ file, doc }) => ({ name: file, doc, v0: false })),
    { name: 'perceptron-v0', doc: perceptronV0(), v0: true },
  ];
}

/** Kinds that also run on the version-0 sample (the others rely on the version-1 structure). */
const V0_KINDS: ReadonlySet<MutationKind> = new Set([
  'unmodified',
  'delete-field',
  'huge-number',
  'nan-text',
  'long-string',
  'truncated',
  'byte-flip',
]);

// ---------------------------------------------------------------------------------------------
// JSON helpers

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const clone = (doc: JsonObject): JsonObject => structuredClone(doc);

interface Location {
  path: PathKey[];
  parent: JsonObject | Json[];
  key: PathKey;
  value: Json;
}

/** Every value below the root, with its parent (iterative: documents may be deep). */
function locations(root: Json): Location[] {
  const out: Location[] = [];
  const stack: { value: Json; path: PathKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value))
      value.forEach((v, i) => {
        out.push({ path: [...path, i], parent: value, key: i, value: v });
        stack.push({ value: v, path: [...path, i] });
      });
    else if (isObject(value))
      for (const [k, v] of Object.entries(value)) {
        out.push({ path: [...path, k], parent: value, key: k, value: v });
        stack.push({ value: v, path: [...path, k] });
      }
  }
  return out;
}

function setAt(loc: Location, value: Json): void {
  if (Array.isArray(loc.parent)) loc.parent[loc.key as number] = value;
  else loc.parent[loc.key as string] = value;
}

/** `nodes[3].params.units`, the format of diagnostic paths. */
export function pathText(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out || '(root)';
}

/** Path with indices as `#` and record keys as `*`: `nodes.#.id`, `layout.nodes.*.x`. */
function pattern(path: readonly PathKey[]): string {
  const parts = path.map((k) => (typeof k === 'number' ? '#' : k));
  if (
    (parts[0] === 'layout' && parts[1] === 'nodes') ||
    (parts[0] === 'training' && parts[1] === 'lossWeights')
  )
    if (parts.length > 2) parts[2] = '*';
  return parts.join('.');
}

const REQUIRED_FIELDS = new Set([
  'schemaVersion',
  'nodes',
  'edges',
  'training',
  'nodes.#.id',
  'nodes.#.op',
  'edges.#.source',
  'edges.#.target',
  'edges.#.targetPort',
  'layout.nodes.*.x',
  'layout.nodes.*.y',
  'training.dataset',
  // The other training fields have defaults (src/data/training-defaults.ts); only these remain.
  'training.dataset.kind',
  'training.optimizer.type',
]);

const REQUIRED_BY_DATASET: Record<string, readonly string[]> = {
  inline: ['features', 'labels'],
  csv: ['path'],
  idx: ['images', 'labels'],
};

/** Whether the version-1 schema requires the field at `path` (no default, not optional). */
function isRequired(doc: JsonObject, path: readonly PathKey[]): boolean {
  if (REQUIRED_FIELDS.has(pattern(path))) return true;
  const training = doc.training;
  const dataset = isObject(training) ? training.dataset : undefined;
  if (path.length === 3 && path[0] === 'training' && path[1] === 'dataset' && isObject(dataset)) {
    const kind = typeof dataset.kind === 'string' ? dataset.kind : '';
    return (REQUIRED_BY_DATASET[kind] ?? []).includes(String(path[2]));
  }
  return false;
}

interface Graphish {
  nodes: { id: string; op: string; params: JsonObject }[];
  edges: { source: string; target: string; targetPort: string; sourcePort?: string }[];
}

/** The nodes and edges of a version-1 example graph, typed. */
function graphOf(doc: JsonObject): Graphish {
  return doc as unknown as Graphish;
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

/** 1-based line of a character offset. */
function lineAtOffset(text: string, offset: number): number {
  return lineCount(text.slice(0, offset));
}

const SENTINEL = '"__mutation_sentinel__"';

/** Serialises `doc` with the value at `loc` replaced by raw text; returns the text and the line of the replacement. */
function withRawValue(doc: JsonObject, loc: Location, raw: string): { text: string; line: number } {
  setAt(loc, SENTINEL.slice(1, -1));
  const json = JSON.stringify(doc, null, 2);
  const at = json.indexOf(SENTINEL);
  return { text: json.slice(0, at) + raw + json.slice(at + SENTINEL.length), line: lineAtOffset(json, at) };
}

// ---------------------------------------------------------------------------------------------
// Mutators

type Mutator = (base: BaseGraph, rng: Rng) => Omit<Mutation, 'kind' | 'base'>;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

const serialize = (doc: Json): string => `${JSON.stringify(doc, null, 2)}\n`;

function nodeIds(doc: JsonObject): string[] {
  return graphOf(doc).nodes.map((n) => n.id);
}

/** A node id not used in the graph. */
function freshId(doc: JsonObject, rng: Rng, stem = 'ghost'): string {
  const used = new Set(nodeIds(doc));
  for (;;) {
    const id = `${stem}_${rng.int(1_000_000)}`;
    if (!used.has(id)) return id;
  }
}

function typeOf(v: Json): 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as 'boolean' | 'number' | 'string' | 'object';
}

const OTHER_TYPES: Record<ReturnType<typeof typeOf>, readonly Json[]> = {
  null: [0, 'null', {}, [], false],
  boolean: ['true', 0, null, {}, []],
  number: ['1', null, {}, [], true],
  string: [0, null, {}, [], false],
  array: [{}, 'a', 0, null, true],
  object: [[], 'a', 0, null, true],
};

/** id → ids of the nodes it feeds. */
function consumersOf(g: Graphish): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of g.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  return out;
}

function reachable(from: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0)
    for (const n of next.get(stack.pop()!) ?? [])
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
  return seen;
}

const isLossOp = (op: string) => getOp(op)?.category === 'loss';

const UNKNOWN_KEYS = [
  'foo',
  'extra',
  'Units',
  'learning_rate',
  'toString',
  'constructor',
  'valueOf',
  'ключ',
  'a\nb',
  'tab\there',
  'k'.repeat(1000),
];
const UNKNOWN_VALUES: readonly Json[] = [1, 'x', true, null, {}, [1]];

const UNKNOWN_OPS = [
  'Dense2',
  'dense',
  'Matmul',
  'Softmaxx',
  'Conv3D',
  'LSTM',
  'Attention',
  'sigmoid',
  'L2error',
  'CrossEntropy',
  'Qx'.repeat(32),
];

const MUTATORS: Record<MutationKind, Mutator> = {
  unmodified: (base) => ({ text: serialize(base.doc), note: 'unchanged' }),

  'delete-field': (base, rng) => {
    const doc = clone(base.doc);
    const locs = locations(doc).filter(
      (l) => !Array.isArray(l.parent) && (base.v0 || !isRequired(doc, l.path)),
    );
    const loc = pick(rng, locs);
    delete (loc.parent as JsonObject)[loc.key as string];
    return { text: serialize(doc), note: `deleted ${pathText(loc.path)}` };
  },

  'delete-required-field': (base, rng) => {
    const doc = clone(base.doc);
    const loc = pick(
      rng,
      locations(doc).filter((l) => !Array.isArray(l.parent) && isRequired(doc, l.path)),
    );
    delete (loc.parent as JsonObject)[loc.key as string];
    return { text: serialize(doc), note: `deleted ${pathText(loc.path)}` };
  },

  'wrong-type': (base, rng) => {
    const doc = clone(base.doc);
    const loc = pick(rng, locations(doc));
    const value = pick(rng, OTHER_TYPES[typeOf(loc.value)]);
    setAt(loc, value);
    return { text: serialize(doc), note: `${pathText(loc.path)} = ${JSON.stringify(value)}` };
  },

  'huge-number': (base, rng) => {
    const doc = clone(base.doc);
    const value = pick(rng, [1e308, -1e308, 2 ** 53, 1e9]);
    const targeted = !base.v0 && rng.next() < 0.4;
    if (targeted) {
      // A size: Dense units, or a dimension of an Input, Target or Parameter shape.
      const sized = graphOf(doc).nodes.filter(
        (n) => n.op === 'Dense' || (Array.isArray(n.params.shape) && n.params.shape.length > 0),
      );
      const node = pick(rng, sized);
      if (node.op === 'Dense') node.params.units = value;
      else (node.params.shape as number[])[0] = value;
      return { text: serialize(doc), note: `node ${node.id} size = ${value}` };
    }
    const loc = pick(
      rng,
      locations(doc).filter((l) => typeof l.value === 'number'),
    );
    setAt(loc, value);
    return { text: serialize(doc), note: `${pathText(loc.path)} = ${value}` };
  },

  'overflow-literal': (base, rng) => {
    const doc = clone(base.doc);
    const loc = pick(
      rng,
      locations(doc).filter((l) => typeof l.value === 'number'),
    );
    const raw = pick(rng, ['1e400', '-1e400', '1e999']);
    return { text: withRawValue(doc, loc, raw).text, note: `${pathText(loc.path)} = ${raw}` };
  },

  'nan-text': (base, rng) => {
    const doc = clone(base.doc);
    const loc = pick(
      rng,
      locations(doc).filter((l) => typeof l.value === 'number'),
    );
    const raw = pick(rng, ['NaN', 'Infinity', '-Infinity', '-NaN']);
    const { text, line } = withRawValue(doc, loc, raw);
    return { text, line, note: `${pathText(loc.path)} = ${raw} (bare token)` };
  },

  'unknown-field': (base, rng) => {
    const doc = clone(base.doc);
    const objects: { path: PathKey[]; obj: JsonObject }[] = [{ path: [], obj: doc }];
    for (const l of locations(doc)) if (isObject(l.value)) objects.push({ path: l.path, obj: l.value });
    const { path, obj } = pick(rng, objects);
    let key = pick(rng, UNKNOWN_KEYS);
    while (Object.hasOwn(obj, key)) key += '_';
    const value = pick(rng, UNKNOWN_VALUES);
    obj[key] = value;
    return { text: serialize(doc), note: `${pathText([...path, key])} = ${JSON.stringify(value)}` };
  },

  'unknown-op': (base, rng) => {
    const doc = clone(base.doc);
    const node = pick(rng, graphOf(doc).nodes);
    let op = pick(rng, UNKNOWN_OPS);
    if (getOp(op)) op += 'X';
    node.op = op;
    return { text: serialize(doc), note: `node ${node.id}.op = ${op}`, nodeIds: [node.id] };
  },

  'duplicate-id': (base, rng) => {
    const doc = clone(base.doc);
    const g = graphOf(doc);
    const i = rng.int(g.nodes.length);
    if (rng.next() < 0.5) {
      // A copy of a node, same id.
      const copy = structuredClone(g.nodes[i]);
      g.nodes.splice(rng.int(g.nodes.length + 1), 0, copy);
      return { text: serialize(doc), note: `copied node ${copy.id}`, nodeIds: [copy.id] };
    }
    let j = rng.int(g.nodes.length - 1);
    if (j >= i) j++;
    const id = g.nodes[i].id;
    const renamed = g.nodes[j].id;
    g.nodes[j].id = id;
    return { text: serialize(doc), note: `renamed node ${renamed} to ${id}`, nodeIds: [id] };
  },

  cycle: (base, rng) => {
    const doc = clone(base.doc);
    const g = graphOf(doc);
    const before = consumersOf(g);
    // An edge into a node that feeds something: re-source it from one of that node's descendants.
    const candidates = g.edges.filter((e) => (before.get(e.target) ?? []).length > 0);
    const edge = pick(rng, candidates);
    const descendants = [...reachable(edge.target, before)].filter((id) => id !== edge.target);
    const from = pick(rng, descendants);
    const old = edge.source;
    edge.source = from;
    const after = consumersOf(g);
    const producers = new Map<string, string[]>();
    for (const e of g.edges) producers.set(e.target, [...(producers.get(e.target) ?? []), e.source]);
    const down = reachable(edge.target, after);
    const cycleNodes = [...reachable(edge.target, producers)].filter((id) => down.has(id)).sort();
    return {
      text: serialize(doc),
      note: `edge ${old}->${edge.target}:${edge.targetPort} re-sourced from ${from}`,
      cycleNodes,
    };
  },

  'self-loop': (base, rng) => {
    const doc = clone(base.doc);
    const edge = pick(rng, graphOf(doc).edges);
    const old = edge.source;
    edge.source = edge.target;
    return {
      text: serialize(doc),
      note: `edge ${old}->${edge.target}:${edge.targetPort} re-sourced from ${edge.target}`,
      nodeIds: [edge.target],
    };
  },

  'dangling-edge': (base, rng) => {
    const doc = clone(base.doc);
    const g = graphOf(doc);
    const i = rng.int(g.edges.length);
    const end = rng.next() < 0.5 ? 'source' : 'target';
    const ghost = freshId(doc, rng);
    g.edges[i][end] = ghost;
    return { text: serialize(doc), note: `edges[${i}].${end} = ${ghost}`, path: `edges[${i}]` };
  },

  'wrong-port': (base, rng) => {
    const doc = clone(base.doc);
    const g = graphOf(doc);
    const i = rng.int(g.edges.length);
    const edge = g.edges[i];
    if (rng.next() < 0.3) {
      edge.sourcePort = pick(rng, ['output', 'out2', 'y', 'OUT']);
      return {
        text: serialize(doc),
        note: `edges[${i}].sourcePort = ${edge.sourcePort}`,
        path: `edges[${i}]`,
      };
    }
    const target = g.nodes.find((n) => n.id === edge.target)!;
    const ports = new Set(getOp(target.op)!.inputs.map((p) => p.name));
    let port = pick(rng, ['input', 'x', 'a', 'b', 'in', 'prediction', 'target', 'weights', 'bias', 'A']);
    while (ports.has(port)) port += '2';
    edge.targetPort = port;
    return { text: serialize(doc), note: `edges[${i}].targetPort = ${port}`, path: `edges[${i}]` };
  },

  'missing-loss': (base) => {
    const doc = clone(base.doc);
    const g = graphOf(doc);
    const losses = new Set(g.nodes.filter((n) => isLossOp(n.op)).map((n) => n.id));
    g.nodes = g.nodes.filter((n) => !losses.has(n.id));
    g.edges = g.edges.filter((e) => !losses.has(e.source) && !losses.has(e.target));
    return { text: serialize(doc), note: `deleted ${[...losses].join(', ')}` };
  },

  'shape-mismatch': (base, rng) => {
    const doc = clone(base.doc);
    const g = graphOf(doc);
    const loss = g.nodes.find((n) => isLossOp(n.op))!;
    const feeding = (port: string) =>
      g.edges.find((e) => e.target === loss.id && e.targetPort === port)!.source;
    const byId = (id: string) => g.nodes.find((n) => n.id === id)!;
    const prediction = byId(feeding('prediction'));
    // Class indices [N] fit any number of scores: their Target's shape and the units do not matter.
    const indices = byId(feeding('target')).params.encoding === 'index';
    const variants = indices
      ? ['input-shape']
      : ['target-shape', 'input-shape', ...(prediction.op === 'Dense' ? ['units'] : [])];
    const params = g.nodes.filter((n) => n.op === 'Parameter');
    if (params.length > 0) variants.push('param-shape');
    const variant = pick(rng, variants);
    if (variant === 'target-shape') {
      const t = byId(feeding('target'));
      const shape = t.params.shape as number[];
      shape[shape.length - 1] += 1 + rng.int(3);
      return { text: serialize(doc), note: `Target ${t.id} shape = [${shape}]`, nodeIds: [loss.id] };
    }
    if (variant === 'units') {
      prediction.params.units = (prediction.params.units as number) + 1 + rng.int(3);
      return {
        text: serialize(doc),
        note: `Dense ${prediction.id} units = ${prediction.params.units}`,
        nodeIds: [loss.id],
      };
    }
    if (variant === 'input-shape') {
      // One more dimension: the rank no longer matches the targets (or the inner dimension of MatMul).
      const x = g.nodes.find((n) => n.op === 'Input')!;
      const shape = x.params.shape as number[];
      shape.push(3);
      return { text: serialize(doc), note: `Input ${x.id} shape = [${shape}]` };
    }
    const p = pick(rng, params);
    const shape = p.params.shape as number[];
    shape[0] += 1;
    p.params.init = 'glorotUniform';
    delete p.params.values;
    return { text: serialize(doc), note: `Parameter ${p.id} shape = [${shape}]` };
  },

  'deep-params': (base, rng) => {
    const doc = clone(base.doc);
    const g = graphOf(doc);
    const index = rng.int(g.nodes.length);
    const node = g.nodes[index];
    const keys = Object.keys(node.params);
    const key = keys.length > 0 && rng.next() < 0.7 ? pick(rng, keys) : 'values';
    const depth = 10_000;
    const raw =
      rng.next() < 0.5
        ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    node.params[key] = 0;
    const loc = locations(doc).find(
      (l) => l.path.length === 4 && l.path[1] === index && l.path[2] === 'params' && l.path[3] === key,
    )!;
    return {
      text: withRawValue(doc, loc, raw).text,
      note: `nodes[${index}].params.${key} nested ${depth} deep`,
      nodeIds: [node.id],
      path: `nodes[${index}].params.${key}`,
    };
  },

  'deep-document': (base, rng) => {
    const depth = 100_000;
    const variant = rng.int(4);
    if (variant === 0)
      return { text: `${'['.repeat(depth)}${']'.repeat(depth)}`, note: `array ${depth} deep` };
    if (variant === 1)
      return { text: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, note: `object ${depth} deep` };
    const doc = clone(base.doc);
    const field = variant === 2 ? 'nodes' : 'training';
    const loc = locations(doc).find((l) => l.path.length === 1 && l.path[0] === field)!;
    const raw =
      variant === 2
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${'{"dataset":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return { text: withRawValue(doc, loc, raw).text, note: `${field} nested ${depth} deep` };
  },

  'long-string': (base, rng) => {
    const doc = clone(base.doc);
    const loc = pick(
      rng,
      locations(doc).filter((l) => typeof l.value === 'string'),
    );
    const length = pick(rng, [201, 5_000, 20_000, 1_000_000]);
    const unit = pick(rng, ['q', 'ab', 'é', '😀']);
    const value = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    setAt(loc, value);
    return { text: serialize(doc), note: `${pathText(loc.path)} = ${length} × ${JSON.stringify(unit)}` };
  },

  'control-chars': (base, rng) => {
    const doc = clone(base.doc);
    const loc = pick(
      rng,
      locations(doc).filter((l) => typeof l.value === 'string'),
    );
    const control = pick(rng, ['\n', '\r\n', '\u0000', '\t', '\u2028', '\u001b[31m']);
    const value = loc.value as string;
    const at = rng.int(value.length + 1);
    setAt(loc, value.slice(0, at) + control + value.slice(at));
    return { text: serialize(doc), note: `${pathText(loc.path)} with ${JSON.stringify(control)} at ${at}` };
  },

  truncated: (base, rng) => {
    const full = serialize(base.doc);
    const end = rng.int(1, full.lastIndexOf('}'));
    const text = full.slice(0, end);
    return { text, line: lineCount(text), note: `cut at ${end} of ${full.length}` };
  },

  'byte-flip': (base, rng) => {
    const original = serialize(base.doc);
    const bytes = Buffer.from(original, 'utf8');
    const flips = 1 + rng.int(3);
    const at: number[] = [];
    for (let i = 0; i < flips; i++) {
      const p = rng.int(bytes.length);
      bytes[p] ^= 1 << rng.int(8);
      at.push(p);
    }
    const text = bytes.toString('utf8');
    let first = 0;
    while (first < text.length && text[first] === original[first]) first++;
    return { text, minLine: lineAtOffset(text, first), note: `flipped bytes at ${at.join(', ')}` };
  },

  empty: (_base, rng) => {
    const text = pick(rng, ['', ' ', '\n', '\n\n\n', '\t \r\n  ']);
    return { text, line: lineCount(text), note: `whitespace only: ${JSON.stringify(text)}` };
  },

  'non-object-root': (base, rng) => {
    const texts = ['[]', serialize([base.doc]), '42', '-0', '"graph"', 'null', 'true', '1e400', '[{}]'];
    const text = pick(rng, texts);
    return { text, note: `root ${text.slice(0, 20)}` };
  },

  'version-newer': (base, rng) => {
    const version = pick(rng, [2, 3, 10, 1000, 2 ** 31]);
    const doc = clone(base.doc);
    doc.schemaVersion = version;
    return { text: serialize(doc), note: `schemaVersion ${version}`, version: String(version) };
  },

  'version-malformed': (base, rng) => {
    const version = pick<Json>(rng, ['1', '2', 1.5, -1, null, true, [1], {}, '']);
    const doc = clone(base.doc);
    doc.schemaVersion = version;
    return { text: serialize(doc), note: `schemaVersion ${JSON.stringify(version)}` };
  },

  'version-missing': (base) => {
    const doc = clone(base.doc);
    delete doc.schemaVersion;
    return { text: serialize(doc), note: 'no schemaVersion' };
  },

  'version-zero': (base) => {
    const doc = clone(base.doc);
    doc.schemaVersion = 0;
    return { text: serialize(doc), note: 'schemaVersion 0' };
  },
};

/** One mutation of a kind, drawn from `rng`. */
export function mutate(kind: MutationKind, rng: Rng, bases: readonly BaseGraph[] = baseGraphs()): Mutation {
  const usable = V0_KINDS.has(kind) ? bases : bases.filter((b) => !b.v0);
  const base = pick(rng, usable);
  return { kind, base: base.name, ...MUTATORS[kind](base, rng) };
}

/** `count` mutated files from a seed, cycling through every kind. */
export function generateCorpus(count: number, seed: number): Mutation[] {
  const rng = createRng(seed, 'graph-fuzz');
  const bases = baseGraphs();
  return Array.from({ length: count }, (_, i) =>
    mutate(MUTATION_KINDS[i % MUTATION_KINDS.length], rng, bases),
  );
}

// ---------------------------------------------------------------------------------------------
// Trainable graphs: structured random graphs for the training fuzz (tests/graph/fuzz-train.test.ts)

/** One generated graph file for the training fuzz. */
export interface TrainGraph {
  /** `random` (built from the op registry), `tweak` (an example with params changed) or a mutation kind. */
  origin: 'random' | 'tweak' | MutationKind;
  text: string;
  /** What was built or changed, for failure messages. */
  note: string;
}

const ACTIVATION_OPS = ['Sigmoid', 'Tanh', 'ReLU', 'LeakyReLU', 'ELU', 'Swish', 'Softmax', 'Linear'];
const LAYER_ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'swish', 'softmax'];
const KERNEL_INITS = ['glorotUniform', 'glorotNormal', 'heNormal', 'uniformFanIn', 'zeros'];
const LOSS_OPS = [
  'L2Error',
  'MSE',
  'MAE',
  'BinaryCrossEntropy',
  'CategoricalCrossEntropy',
  'SparseCategoricalCrossEntropy',
  'MulticlassHinge',
];
const OPTIMIZER_TYPES = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];
const PARAM_INITS = ['zeros', 'ones', 'constant', 'uniform', 'normal', 'uniformFanIn', 'glorotUniform'];

const chance = (rng: Rng, p: number) => rng.next() < p;
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** A value of a param outside its spec's bounds (or of the wrong kind for an enum). */
function outOfBounds(rng: Rng, op: string, params: JsonObject): string {
  const spec = getOp(op);
  const candidates = spec?.params ?? [];
  if (candidates.length === 0) return '';
  const p = pick(rng, candidates);
  let value: Json;
  if (p.kind === 'enum') value = 'bogus';
  else if (p.kind === 'bool') value = 1;
  else if (p.kind === 'ints' || p.kind === 'floats')
    value = pick<Json>(rng, [[], [0], [p.max !== undefined ? p.max + 1 : -5], [1.5]]);
  else if (p.min !== undefined && (p.max === undefined || chance(rng, 0.5))) value = p.min - 1;
  else if (p.max !== undefined) value = p.max + 1;
  else value = pick<Json>(rng, [Number.MAX_VALUE, -1e30, 0.5]);
  params[p.name] = value;
  return ` ${op}.${p.name}=${JSON.stringify(value)}`;
}

/** Small builder of a version-1 document. */
class DocBuilder {
  readonly nodes: { id: string; op: string; params: JsonObject }[] = [];
  readonly edges: { source: string; target: string; targetPort: string }[] = [];
  note = '';
  constructor(private readonly rng: Rng) {}

  add(op: string, params: JsonObject = {}): string {
    const id = `${op.toLowerCase()}_${this.nodes.length}`;
    // A few params outside their bounds: the validator must say so, the trainer never sees them.
    if (chance(this.rng, 0.03)) this.note += outOfBounds(this.rng, op, params);
    this.nodes.push({ id, op, params });
    return id;
  }

  wire(source: string, target: string, targetPort = 'in'): void {
    this.edges.push({ source, target, targetPort });
  }
}

/** A random Input shape, favouring small flat ones. */
function randomInputShape(rng: Rng): number[] {
  const r = rng.next();
  if (r < 0.6) return [rng.int(1, 7)];
  if (r < 0.85) return [rng.int(2, 7), rng.int(2, 7), rng.int(1, 4)];
  if (r < 0.95) return [rng.int(1, 5), rng.int(1, 5)];
  return pick(rng, [[2], [1], [8], [1, 1, 1], [3, 1, 1]]);
}

/**
 * One body step after `cur` (whose shape without the batch is `shape`, null when unknown): a layer,
 * an activation or an op, wired. Returns the new node and its shape when known.
 */
function bodyStep(
  b: DocBuilder,
  rng: Rng,
  cur: string,
  shape: number[] | null,
  earlier: { id: string; shape: number[] | null }[],
): { id: string; shape: number[] | null } {
  const rank = shape?.length ?? 0;
  const image = rank === 3;
  const flat = rank === 1;
  const choices: string[] = [
    'activation',
    'activation',
    'Dropout',
    'BatchNormalization',
    'Square',
    'Reshape',
  ];
  if (image) choices.push('Conv2D', 'Conv2D', 'Conv2D', 'MaxPool2D', 'AvgPool2D', 'Flatten', 'Flatten');
  else choices.push('Dense', 'Dense', 'Dense', 'Dense');
  if (flat) choices.push('AddParam', 'Multiply', 'MatMul', 'Concat', 'Sum', 'AddSelf');
  if (!shape || rank === 2) choices.push('Flatten');
  const kind = pick(rng, choices);
  const step = (op: string, params: JsonObject, out: number[] | null, port = 'in') => {
    const id = b.add(op, params);
    b.wire(cur, id, port);
    return { id, shape: out };
  };
  switch (kind) {
    case 'activation': {
      const op = pick(rng, ACTIVATION_OPS);
      const params: JsonObject = {};
      if (op === 'LeakyReLU') params.alpha = round3(rng.uniform(0, 1));
      if (op === 'ELU') params.alpha = round3(rng.uniform(0, 3));
      return step(op, params, shape);
    }
    case 'Dropout':
      return step('Dropout', { rate: pick(rng, [0, 0.1, 0.5, 0.9, 0.99]) }, shape);
    case 'BatchNormalization':
      return step(
        'BatchNormalization',
        { momentum: pick(rng, [0, 0.5, 0.99, 1]), epsilon: pick(rng, [1e-12, 0.001, 1]) },
        shape,
      );
    case 'Square':
      return step('Square', {}, shape);
    case 'Reshape': {
      if (shape && chance(rng, 0.7)) {
        const n = size(shape);
        const target = pick(rng, [[-1], [n], [1, n], [n, 1], [-1, 1]]);
        const out = target.includes(-1) ? target.map((d) => (d === -1 ? n / size(target) / -1 : d)) : target;
        return step('Reshape', { shape: target }, out);
      }
      return step('Reshape', { shape: [rng.int(1, 5), -1] }, null);
    }
    case 'Conv2D': {
      const k = rng.int(1, 4);
      const s = rng.int(1, 3);
      const padding = pick(rng, ['valid', 'same']);
      const filters = rng.int(1, 5);
      const params: JsonObject = {
        filters,
        kernelSize: chance(rng, 0.8) ? [k] : [k, rng.int(1, 4)],
        strides: [s],
        padding,
        activation: pick(rng, LAYER_ACTIVATIONS),
        useBias: chance(rng, 0.8),
        kernelInit: pick(rng, KERNEL_INITS),
      };
      return step('Conv2D', params, null);
    }
    case 'MaxPool2D':
    case 'AvgPool2D': {
      const params: JsonObject = {
        poolSize: [rng.int(1, 3)],
        strides: chance(rng, 0.5) ? null : [rng.int(1, 3)],
        padding: pick(rng, ['valid', 'same']),
      };
      return step(kind, params, null);
    }
    case 'Flatten':
      return step('Flatten', {}, shape ? [size(shape)] : null);
    case 'Dense': {
      const units = chance(rng, 0.02) ? pick(rng, [4096, 65536]) : rng.int(1, 9);
      const params: JsonObject = {
        units,
        activation: pick(rng, LAYER_ACTIVATIONS),
        useBias: chance(rng, 0.8),
        kernelInit: pick(rng, KERNEL_INITS),
      };
      return step('Dense', params, flat ? [units] : null);
    }
    case 'AddParam': {
      const p = b.add('Parameter', {
        shape: chance(rng, 0.9) ? shape! : [shape![0] + 1],
        init: pick(rng, PARAM_INITS),
      });
      const add = b.add('Add', {});
      b.wire(cur, add, 'a');
      b.wire(p, add, 'b');
      return { id: add, shape };
    }
    case 'AddSelf':
    case 'Multiply': {
      const id = b.add(kind === 'AddSelf' ? 'Add' : 'Multiply', {});
      b.wire(cur, id, 'a');
      b.wire(cur, id, 'b');
      return { id, shape };
    }
    case 'MatMul': {
      const m = rng.int(1, 6);
      const p = b.add('Parameter', {
        shape: [chance(rng, 0.9) ? shape![0] : shape![0] + 1, m],
        init: pick(rng, PARAM_INITS),
      });
      const id = b.add('MatMul', {});
      b.wire(cur, id, 'a');
      b.wire(p, id, 'b');
      return { id, shape: [m] };
    }
    case 'Concat': {
      const other = pick(rng, earlier);
      const id = b.add('Concat', { axis: chance(rng, 0.9) ? -1 : pick(rng, [0, 1, 2]) });
      b.wire(cur, id, 'inputs');
      b.wire(other.id, id, 'inputs');
      const out = other.shape?.length === 1 ? [shape![0] + other.shape[0]] : null;
      return { id, shape: out };
    }
    default: {
      const keepDims = chance(rng, 0.5);
      const id = b.add('Sum', { axes: pick<Json>(rng, [null, [-1], [1]]), keepDims });
      b.wire(cur, id);
      return { id, shape: null };
    }
  }
}

/** Random rows of `width` values: floats, or whole numbers below `ints` (ids, class indices). */
function rows(rng: Rng, count: number, width: number, ints?: number): number[][] {
  return Array.from({ length: count }, () =>
    Array.from({ length: width }, () => (ints ? rng.int(ints) : round3(rng.uniform(-2, 2)))),
  );
}

/** The training section: data sized to the Input (mostly), a small batch, one epoch. */
function randomTraining(
  rng: Rng,
  inputSize: number,
  label: { width: number; classes: number | null; binary: boolean },
  idsBelow: number | null,
): { training: JsonObject; note: string } {
  let dataset: JsonObject;
  const r = rng.next();
  if (r < 0.02) {
    // Far too many examples: the memory check must refuse before generating them.
    dataset = { kind: 'blobs', classes: 100, pointsPerClass: 100_000 };
  } else if (label.classes !== null && inputSize === 2 && r < 0.5) {
    const k = label.classes;
    const kinds: JsonObject[] = [
      { kind: 'blobs', classes: Math.max(1, Math.min(k, 100)), pointsPerClass: rng.int(1, 6) },
      { kind: 'spiral', classes: Math.max(1, Math.min(k, 100)), pointsPerClass: rng.int(1, 6) },
    ];
    if (k === 2)
      kinds.push(
        { kind: 'moons', samples: rng.int(2, 24) },
        { kind: 'circles', samples: rng.int(2, 24) },
        { kind: 'checkerboard', samples: rng.int(2, 24), cells: 2 },
        { kind: pick(rng, ['xor', 'or', 'and']) },
      );
    dataset = pick(rng, kinds);
  } else if (label.width === 1 && r < 0.6) {
    dataset =
      inputSize === 1 && chance(rng, 0.5)
        ? { kind: 'sine', samples: rng.int(1, 24) }
        : { kind: 'linear', samples: rng.int(1, 24), features: Math.min(inputSize, 1000) };
  } else {
    // Wide rows (a Dense of 65,536 units) in few examples: the file stays under a few MB.
    const count = Math.max(
      1,
      Math.min(rng.int(1, 13), Math.floor(20_000 / Math.max(inputSize, label.width))),
    );
    const width = chance(rng, 0.93) ? inputSize : inputSize + 1;
    const labelWidth = chance(rng, 0.95) ? label.width : label.width + 1;
    const labelInts = label.binary ? 2 : undefined;
    dataset = {
      kind: 'inline',
      features: rows(rng, count, width, idsBelow ?? undefined),
      labels: rows(rng, count, labelWidth, labelInts),
    };
  }
  const optimizer: JsonObject = {
    type: pick(rng, OPTIMIZER_TYPES),
    learningRate: pick(rng, [0.001, 0.01, 0.1, 1, 10]),
  };
  const training: JsonObject = {
    dataset,
    optimizer,
    batchSize: chance(rng, 0.1) ? pick(rng, [1, 64, 100_000]) : rng.int(1, 9),
    epochs: rng.int(1, 4),
    seed: rng.int(1_000_000),
    shuffle: chance(rng, 0.7),
    testSplit: chance(rng, 0.75) ? 0 : pick(rng, [0.2, 0.5, 0.9]),
  };
  return { training, note: ` data ${String(dataset.kind)}` };
}

/**
 * A structured random graph: one Input (now and then a scratch one beside it), a few layers,
 * activations and ops, one loss fed by a Target sized to the prediction (mostly), now and then a
 * penalty and a second loss, and a training section with small data sized to the Input (mostly).
 */
export function randomTrainGraph(rng: Rng): TrainGraph {
  const b = new DocBuilder(rng);
  const inputShape = randomInputShape(rng);
  const embedding = inputShape.length === 1 && chance(rng, 0.06);
  const x = b.add('Input', { shape: inputShape });
  let cur = { id: x, shape: inputShape as number[] | null };
  let idsBelow: number | null = null;
  if (embedding) {
    idsBelow = rng.int(1, 10);
    const id = b.add('Embedding', { inputDim: idsBelow, outputDim: rng.int(1, 5) });
    b.wire(x, id);
    const flat = b.add('Flatten', {});
    b.wire(id, flat);
    cur = { id: flat, shape: null };
  }
  const earlier = [cur];
  const depth = rng.int(0, 5);
  for (let i = 0; i < depth; i++) {
    cur = bodyStep(b, rng, cur.id, cur.shape, earlier);
    earlier.push(cur);
  }
  if (chance(rng, 0.4) && cur.shape?.length !== 1) {
    // Most graphs end flat, like real classifiers.
    const flat = b.add('Flatten', {});
    b.wire(cur.id, flat);
    cur = { id: flat, shape: cur.shape ? [size(cur.shape)] : null };
  }
  // The prediction's shape, from the shape inference itself.
  const probe = parseGraphText(
    JSON.stringify({
      schemaVersion: 1,
      nodes: b.nodes,
      edges: b.edges,
      training: { dataset: { kind: 'xor' } },
    }),
  );
  const inferred = probe.doc ? checkGraph(probe.doc).shapes.get(cur.id) : undefined;
  const predShape =
    inferred && inferred.every((d) => typeof d === 'number' || d === 'N')
      ? (inferred.filter((d) => d !== 'N') as number[])
      : (cur.shape ?? [1]);
  const loss = pick(rng, LOSS_OPS);
  const k = predShape.length === 1 ? predShape[0] : size(predShape);
  let target: JsonObject;
  let label: { width: number; classes: number | null; binary: boolean };
  const fits = chance(rng, 0.9);
  if (loss === 'CategoricalCrossEntropy' || loss === 'MulticlassHinge') {
    target = chance(rng, 0.6) ? { shape: [k], encoding: 'onehot' } : { shape: predShape, encoding: 'value' };
    label = { width: k, classes: k, binary: false };
  } else if (loss === 'SparseCategoricalCrossEntropy') {
    target = { shape: [1], encoding: chance(rng, 0.8) ? 'index' : 'value' };
    label = { width: 1, classes: k, binary: false };
  } else {
    target = { shape: predShape.length > 0 ? predShape : [1], encoding: 'value' };
    const binary = loss === 'BinaryCrossEntropy';
    label = { width: size(predShape), classes: binary && k === 1 ? 2 : null, binary };
  }
  if (!fits) target.shape = [k + 1];
  if (target.encoding === 'value' && label.classes !== null && loss !== 'BinaryCrossEntropy')
    label.classes = null;
  const t = b.add('Target', target);
  const lossParams: JsonObject = {};
  if (loss.includes('CrossEntropy')) lossParams.fromLogits = chance(rng, 0.3);
  if (loss === 'MulticlassHinge') lossParams.margin = pick(rng, [0, 1, 2]);
  const l = b.add(loss, lossParams);
  b.wire(cur.id, l, 'prediction');
  b.wire(t, l, 'target');
  b.note += ` ${b.nodes.map((n) => n.op).join('>')} on [${inputShape}]`;
  if (chance(rng, 0.15)) {
    // A penalty on a layer by name, or on a Parameter by edge.
    const layers = b.nodes.filter((n) => n.op === 'Dense' || n.op === 'Conv2D' || n.op === 'Embedding');
    const op = pick(rng, ['L2Penalty', 'L1Penalty']);
    const lambda = pick(rng, [0, 0.001, 0.1]);
    if (layers.length > 0 && chance(rng, 0.7)) {
      b.add(op, { lambda, layer: chance(rng, 0.95) ? pick(rng, layers).id : 'nowhere' });
    } else {
      const params = b.nodes.filter((n) => n.op === 'Parameter');
      const p = params.length > 0 ? pick(rng, params).id : b.add('Parameter', { shape: [rng.int(1, 4)] });
      b.wire(p, b.add(op, { lambda }), 'weights');
    }
  }
  if (chance(rng, 0.05)) b.add('Input', { shape: [rng.int(1, 9)] }); // scratch: unconnected
  if (chance(rng, 0.05)) {
    // A branch that feeds no loss (an `unreachable` warning): its weights get no gradient.
    const from = pick(rng, earlier);
    const branch = b.add(pick(rng, ['Dense', 'Sigmoid']), {});
    b.wire(from.id, branch);
  }
  const { training, note } = randomTraining(rng, size(inputShape), label, idsBelow);
  if (chance(rng, 0.05)) training.lossWeights = { [l]: pick(rng, [0, 0.5, 2]) };
  const doc = { schemaVersion: 1, name: 'fuzz', nodes: b.nodes, edges: b.edges, training };
  return { origin: 'random', text: serialize(doc), note: (b.note + note).trim() };
}

/** An example graph with one to three params set to random values (in or out of bounds), small training. */
export function tweakExample(rng: Rng, bases: readonly BaseGraph[]): TrainGraph {
  const base = pick(
    rng,
    bases.filter((x) => !x.v0),
  );
  const doc = clone(base.doc);
  const g = graphOf(doc);
  const notes: string[] = [base.name];
  for (let i = rng.int(1, 4); i > 0; i--) {
    const node = pick(rng, g.nodes);
    const spec = getOp(node.op);
    if (!spec || spec.params.length === 0) continue;
    const p = pick(rng, spec.params);
    let value: Json;
    if (chance(rng, 0.2)) {
      notes.push(outOfBounds(rng, node.op, node.params).trim());
      continue;
    }
    if (p.kind === 'enum') value = pick(rng, p.options ?? ['x']);
    else if (p.kind === 'bool') value = chance(rng, 0.5);
    else if (p.kind === 'int') value = rng.int(Math.max(p.min ?? 0, 0), Math.min(p.max ?? 9, 9) + 1);
    else if (p.kind === 'float') value = round3(rng.uniform(p.min ?? -1, Math.min(p.max ?? 1, 2)));
    else if (p.kind === 'ints') value = [rng.int(1, 5)];
    else if (p.kind === 'floats') value = [round3(rng.uniform(-1, 1))];
    else value = pick(rng, nodeIds(doc));
    node.params[p.name] = value;
    notes.push(`${node.id}.${p.name}=${JSON.stringify(value)}`);
  }
  const training = doc.training as JsonObject;
  training.epochs = 1;
  training.batchSize = rng.int(1, 17);
  if (chance(rng, 0.5)) training.optimizer = { type: pick(rng, OPTIMIZER_TYPES), learningRate: 0.05 };
  return { origin: 'tweak', text: serialize(doc), note: notes.join(' ') };
}

/**
 * `count` graphs for the training fuzz from a seed: mostly {@link randomTrainGraph}, then tweaked
 * examples and the loader mutations of {@link mutate}.
 */
export function generateTrainCorpus(count: number, seed: number): TrainGraph[] {
  const rng = createRng(seed, 'graph-fuzz-train');
  const bases = baseGraphs();
  return Array.from({ length: count }, (_, i): TrainGraph => {
    const slot = i % 10;
    if (slot < 8) return randomTrainGraph(rng);
    if (slot === 8) return tweakExample(rng, bases);
    const m = mutate(MUTATION_KINDS[Math.floor(i / 10) % MUTATION_KINDS.length], rng, bases);
    return { origin: m.kind, text: m.text, note: `${m.base}: ${m.note.slice(0, 120)}` };
  });
}

/**
 * Example graphs with their node ids renamed to names that `Object.prototype` already has
 * (`constructor`, `toString`, `__proto__`…): a lookup by id through a plain object finds the
 * prototype's member instead of nothing, so these graphs catch every such lookup.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Ids that a plain object answers for although nothing was stored under them. */
export const PROTOTYPE_IDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'] as const;

/** A graph file as parsed JSON, before any validation. */
export type RawGraph = Record<string, unknown>;

/**
 * Rebuilds a record with renamed keys. `Object.fromEntries` defines own properties, so a
 * `__proto__` key becomes an own property (as `JSON.parse` makes it) rather than a prototype.
 */
function renameKeys(record: unknown, rename: (id: string) => string): unknown {
  if (record === null || typeof record !== 'object') return record;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [rename(k), v]));
}

/** Reads `graphs/<name>.json` as plain JSON. */
export function rawExample(name: string): RawGraph {
  const path = fileURLToPath(new URL(`../../graphs/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as RawGraph;
}

/**
 * The graph with node ids renamed by `mapping` (old id → new id) everywhere an id appears: nodes,
 * edges, layout, loss weights, saved weights and a penalty's `layer` parameter.
 */
export function renameIds(raw: RawGraph, mapping: Readonly<Record<string, string>>): RawGraph {
  const rename = (id: string): string => (Object.hasOwn(mapping, id) ? mapping[id]! : id);
  // A JSON round trip copies the document; the renamed records are rebuilt below.
  const doc = JSON.parse(JSON.stringify(raw)) as {
    nodes: { id: string; params?: Record<string, unknown> }[];
    edges: { id?: string; source: string; target: string }[];
    layout?: { nodes?: Record<string, unknown> };
    training?: { lossWeights?: Record<string, number> };
    weights?: Record<string, unknown>;
  };
  for (const node of doc.nodes) {
    node.id = rename(node.id);
    if (node.params && typeof node.params.layer === 'string') node.params.layer = rename(node.params.layer);
  }
  for (const edge of doc.edges) {
    edge.source = rename(edge.source);
    edge.target = rename(edge.target);
    delete edge.id;
  }
  const out = doc as unknown as RawGraph & typeof doc;
  if (doc.layout?.nodes) doc.layout.nodes = renameKeys(doc.layout.nodes, rename) as Record<string, unknown>;
  if (doc.training?.lossWeights)
    doc.training.lossWeights = renameKeys(doc.training.lossWeights, rename) as Record<string, number>;
  if (doc.weights) doc.weights = renameKeys(doc.weights, rename) as Record<string, unknown>;
  return out;
}

/** The three examples with five of their ids renamed to prototype member names. */
export const RENAMED: readonly { name: string; mapping: Readonly<Record<string, string>> }[] = [
  {
    name: 'xor-mlp',
    mapping: {
      x: 'constructor',
      hidden: 'toString',
      output: '__proto__',
      t: 'hasOwnProperty',
      loss: 'valueOf',
    },
  },
  {
    name: 'xor-slides',
    mapping: { W1: 'constructor', h: 'toString', b2: '__proto__', t: 'hasOwnProperty', E: 'valueOf' },
  },
  {
    name: 'spiral-mlp',
    mapping: {
      hidden: '__proto__',
      output: 'constructor',
      loss: 'toString',
      t: 'hasOwnProperty',
      reg: 'valueOf',
    },
  },
];

/**
 * A result of the renamed graph (trace frame, walk, weights, CLI output) with the original ids put
 * back, as JSON, to compare with the original graph's result. Ids appear in JSON as whole strings
 * (`"toString"`) or as the node part of a weight key (`"toString/kernel"`).
 */
export function withOriginalIds(value: unknown, mapping: Readonly<Record<string, string>>): unknown {
  let text = JSON.stringify(value);
  for (const [original, renamed] of Object.entries(mapping))
    text = text.replaceAll(`"${renamed}"`, `"${original}"`).replaceAll(`"${renamed}/`, `"${original}/`);
  return JSON.parse(text) as unknown;
}

/** A result as JSON, to compare with {@link withOriginalIds} of the renamed graph's. */
export const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * Brings graph files written by older versions up to the current format, one version at a time.
 *
 * Version 0 was the prototype format: nodes carried `type` instead of `op` and their canvas
 * `position` inline, edges had no `sourcePort`, and training had a flat `learningRate` next to an
 * optimizer name.
 */
import { CURRENT_SCHEMA_VERSION } from './types';
import { setOwn } from './own';

type Json = Record<string, unknown>;

/** One step of the migration chain. */
export interface Migration {
  /** Version this step reads. */
  from: number;
  /** What changed, for release notes and logs. */
  summary: string;
  /** Returns the file in version `from + 1`. Must not mutate its argument. */
  up(doc: Json): Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The chain, ordered by `from`. */
export const MIGRATIONS: Migration[] = [
  {
    from: 0,
    summary:
      'node.type → node.op; node.position → layout; edges get sourcePort "out"; optimizer name + learningRate → optimizer object',
    up(doc) {
      const layout: Record<string, unknown> = {};
      // A malformed `nodes` is passed through untouched so the schema check reports it.
      const newNodes = !Array.isArray(doc.nodes)
        ? doc.nodes
        : doc.nodes.map((n: unknown) => {
            if (!isObject(n)) return n;
            const { type, position, ...rest } = n;
            if (isObject(position) && typeof rest.id === 'string') setOwn(layout, rest.id, position);
            return { ...rest, op: rest.op ?? type };
          });
      const edges = Array.isArray(doc.edges)
        ? doc.edges.map((e: unknown) => (isObject(e) ? { sourcePort: 'out', ...e } : e))
        : doc.edges;
      let training = doc.training;
      if (isObject(training)) {
        const { learningRate, optimizer, ...rest } = training;
        // Version 0 files were written against the prototype's defaults, so those are made
        // explicit here rather than left to today's data-set defaults.
        training = {
          testSplit: 0,
          shuffle: true,
          lossWeights: {},
          ...rest,
          optimizer: isObject(optimizer)
            ? optimizer
            : { type: optimizer ?? 'sgd', learningRate: learningRate ?? 0.1 },
        };
      }
      return { ...doc, schemaVersion: 1, nodes: newNodes, edges, layout: { nodes: layout }, training };
    },
  },
];

/** Result of migrating: the current-version document, or why it cannot be migrated. */
export type MigrateResult = { ok: true; doc: Json; from: number } | { ok: false; message: string };

/** Migrates a parsed file to the current version. */
export function migrate(raw: unknown, migrations: readonly Migration[] = MIGRATIONS): MigrateResult {
  if (!isObject(raw))
    return { ok: false, message: 'expected a JSON object with "schemaVersion", "nodes" and "edges"' };
  const version = raw.schemaVersion;
  if (version === undefined)
    return {
      ok: false,
      message: 'missing "schemaVersion"; a Backprop Studio graph file starts with "schemaVersion": 1',
    };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    return { ok: false, message: `"schemaVersion" must be a whole number, got ${JSON.stringify(version)}` };
  if (version > CURRENT_SCHEMA_VERSION)
    return {
      ok: false,
      message: `the file has schemaVersion ${version}, written by a newer Backprop Studio; this version reads up to ${CURRENT_SCHEMA_VERSION}`,
    };
  let doc: Json = raw;
  for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) return { ok: false, message: `no migration from schemaVersion ${v}` };
    doc = step.up(doc);
  }
  return { ok: true, doc, from: version };
}

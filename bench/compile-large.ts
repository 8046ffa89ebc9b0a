/**
 * Time to open a 1,000-node graph: parse the JSON text, validate and infer shapes, and compile
 * (create the variables), each timed separately, against a 100 ms budget for the three together.
 */
import { compile } from '../src/compile/program';
import { parseGraphText, serializeGraph } from '../src/graph/load';
import { checkGraph } from '../src/graph/check';
import { ladderGraph } from './large-graph';
import { median, num, printTable } from './util';

const NODES = 1000;
const RUNS = 25;
/** Other sizes, to see how the time grows. */
const SCALING = [250, 500, 2000, 4000];
const BUDGET_MS = 100;

/** Milliseconds of each phase in one run. */
interface Timing {
  parse: number;
  check: number;
  compile: number;
}

/** Parses, checks and compiles `text` once; throws if the graph is not valid. */
function openOnce(text: string): Timing & { variables: number; warnings: number } {
  const t0 = performance.now();
  const { doc, diagnostics } = parseGraphText(text);
  const t1 = performance.now();
  if (!doc) throw new Error(`the generated graph does not parse: ${diagnostics[0]?.message}`);
  const checked = checkGraph(doc);
  const t2 = performance.now();
  if (!checked.graph) throw new Error(`the generated graph is not valid: ${checked.diagnostics[0]?.message}`);
  const program = compile(checked.graph);
  const t3 = performance.now();
  const variables = program.weights.length;
  program.dispose();
  return {
    parse: t1 - t0,
    check: t2 - t1,
    compile: t3 - t2,
    variables,
    warnings: checked.diagnostics.length,
  };
}

/** Prints parse, check and compile times of a generated 1,000-node graph. */
export async function runCompileLarge(): Promise<void> {
  const doc = ladderGraph(NODES);
  const text = serializeGraph(doc);
  const first = openOnce(text);
  const runs: Timing[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(openOnce(text));
  const phases = ['parse', 'check', 'compile'] as const;
  const total = (t: Timing) => t.parse + t.check + t.compile;
  const row = (name: string, of: (t: Timing) => number) => {
    const m = median(runs.map(of));
    return [
      name,
      num(of(first), 1),
      num(m, 1),
      num(Math.min(...runs.map(of)), 1),
      `${((m / BUDGET_MS) * 100).toFixed(0)}%`,
    ];
  };
  printTable(
    `Opening a ${doc.nodes.length}-node graph (${doc.edges.length} edges, ${first.variables} variables, ` +
      `${num(text.length / 1024, 0)} KiB of JSON, ${first.warnings} diagnostics); first run, then median and min of ${RUNS}`,
    ['phase', 'first ms', 'median ms', 'min ms', `of ${BUDGET_MS} ms`],
    [
      row('parseGraphText (JSON + migrate + schema)', (t) => t.parse),
      row('checkGraph (validation + shapes)', (t) => t.check),
      row('compile (variables)', (t) => t.compile),
      row('total', total),
    ],
  );
  const scaling = [...SCALING, NODES]
    .sort((a, b) => a - b)
    .map((nodes) => {
      const sized = serializeGraph(ladderGraph(nodes));
      const times = Array.from({ length: 9 }, () => openOnce(sized));
      const ms = median(times.map(total));
      return [
        num(nodes),
        ...phases.map((p) => num(median(times.map((t) => t[p])), 1)),
        num(ms, 1),
        num((1000 * ms) / nodes, 1),
      ];
    });
  printTable(
    'Growth with graph size (median of 9 runs each)',
    ['nodes', 'parse ms', 'check ms', 'compile ms', 'total ms', 'µs per node'],
    scaling,
  );
  const m = median(runs.map(total));
  console.log(
    `total median ${num(m, 1)} ms = ${(m / BUDGET_MS).toFixed(2)} × the ${BUDGET_MS} ms target (${m <= BUDGET_MS ? 'met' : 'missed'}); ` +
      `phases: ${phases.map((p) => `${p} ${num(median(runs.map((t) => t[p])), 1)} ms`).join(', ')}`,
  );
}

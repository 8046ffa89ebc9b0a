/**
 * Graphviz DOT: the computation graph as a diagram for slides, papers and lecture notes
 * (`dot -Tsvg graph.dot`). Each node shows its label, op, face params and inferred shape; edges
 * name the input port they feed when the consumer has several.
 */
import { getOp } from '../ops/registry';
import type { OpCategory } from '../ops/spec';
import { formatShape } from '../shapes/shape';
import { baseName } from './json';
import type { ExportFormat, ExportSource } from './types';

/** Fill colours per palette group, close to the canvas's. */
const FILL: Record<OpCategory, string> = {
  data: '#e3f2fd',
  layer: '#ede7f6',
  activation: '#e8f5e9',
  operation: '#fff8e1',
  loss: '#ffebee',
  regularizer: '#fce4ec',
};

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function faceParams(op: string, params: Record<string, unknown>): string {
  const spec = getOp(op);
  if (!spec) return '';
  return spec.params
    .filter((p) => p.face)
    .map((p) => {
      const v = params[p.name] ?? p.default;
      if (v === null || v === undefined) return null;
      return `${p.name} ${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`;
    })
    .filter((x): x is string => x !== null)
    .join(', ');
}

function writeDot({ doc, shapes }: ExportSource): string {
  const lines = [
    `digraph ${dotString(doc.name ?? 'graph')} {`,
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const n of doc.nodes) {
    const spec = getOp(n.op);
    const shape = shapes.get(n.id);
    const parts = [
      n.label ?? n.id,
      spec?.title ?? n.op,
      faceParams(n.op, n.params),
      shape ? formatShape(shape) : '',
    ];
    const fill = spec ? FILL[spec.category] : '#eeeeee';
    lines.push(
      `  ${dotString(n.id)} [label=${dotString(parts.filter(Boolean).join('\n'))}, fillcolor="${fill}"];`,
    );
  }
  const inputsOf = new Map<string, number>();
  for (const e of doc.edges) inputsOf.set(e.target, (inputsOf.get(e.target) ?? 0) + 1);
  for (const e of doc.edges) {
    const label = (inputsOf.get(e.target) ?? 0) > 1 ? ` [label=${dotString(e.targetPort)}]` : '';
    lines.push(`  ${dotString(e.source)} -> ${dotString(e.target)}${label};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export const dotFormat: ExportFormat = {
  id: 'dot',
  title: 'Graphviz diagram (DOT)',
  description:
    'The computation graph as a Graphviz diagram with ops, key params and shapes, for slides and papers.',
  needsValidGraph: false,
  limitations: ({ doc }) => {
    const out = [{ message: 'a diagram: the training settings and the canvas layout are not written' }];
    if (doc.weights && Object.keys(doc.weights).length)
      out.push({ message: 'the trained weights are not written (export JSON to keep them)' });
    return out;
  },
  write: (source) => [{ path: `${baseName(source.doc.name)}.dot`, contents: writeDot(source) }],
};

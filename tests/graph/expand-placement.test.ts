/**
 * Expanding a layer in place makes room: its parts never land on another node of the example, and
 * everything right of the layer keeps its order.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPANDED_COLUMN, EXPANDED_ROW, expandDense } from '../../src/graph/expand';
import { parseGraphText } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';

/** A node's box on the canvas: 180 px wide (canvas.css); a node with readouts is at most ~130 tall. */
const W = 180;
const H = 130;

function overlaps(doc: GraphDoc, ids: ReadonlySet<string>): string[] {
  const at = doc.layout.nodes;
  const found: string[] = [];
  for (const a of ids)
    for (const b of Object.keys(at)) {
      if (a === b || (ids.has(b) && a > b)) continue;
      const p = at[a];
      const q = at[b];
      if (Math.abs(p.x - q.x) < W && Math.abs(p.y - q.y) < H) found.push(`${a} on ${b}`);
    }
  return found;
}

const examples = readdirSync('graphs').filter((f) => f.endsWith('.json'));

describe('expanding a layer in place', () => {
  it('spaces columns wider than a node and weights below a node with readouts', () => {
    expect(EXPANDED_COLUMN).toBeGreaterThan(W);
    expect(EXPANDED_ROW).toBeGreaterThanOrEqual(H);
  });

  for (const file of examples) {
    const doc = parseGraphText(readFileSync(`graphs/${file}`, 'utf8')).doc!;
    for (const layer of doc.nodes.filter((n) => n.op === 'Dense'))
      it(`${file}: ${layer.id} expands without landing on another node`, () => {
        const r = expandDense(doc, layer.id);
        if (!r.ok) throw new Error(r.message);
        const parts = new Set(r.doc.nodes.filter((n) => n.id.startsWith(`${layer.id}.`)).map((n) => n.id));
        expect(overlaps(r.doc, parts)).toEqual([]);
      });
  }
});

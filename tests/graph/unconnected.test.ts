/** An unconnected input is reported once, as unconnected-port, not again as a shape mismatch. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import { checkGraph } from '../../src/graph/check';

describe('unconnected required ports', () => {
  it('give one diagnostic per port and none from the shape rule', () => {
    const doc = parseGraphText(readFileSync('graphs/xor-mlp.json', 'utf8')).doc!;
    const cut = { ...doc, edges: doc.edges.filter((e) => e.target !== 'hidden') };
    const forHidden = checkGraph(cut).diagnostics.filter((d) => d.nodeId === 'hidden');
    expect(forHidden.map((d) => d.code)).toEqual(['unconnected-port']);
  });
});

/**
 * A field that is not in the file is reported as a missing field with its path, not as zod's
 * "expected string, received undefined", which reads as if the file held a bad value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/graph/diagnostics';
import { parseGraphValue } from '../../src/graph/load';

interface Slides {
  nodes: Record<string, unknown>[];
  edges: Record<string, unknown>[];
  training: Record<string, unknown>;
}
const slides = (): Slides => JSON.parse(readFileSync('graphs/xor-slides.json', 'utf8')) as Slides;

describe('a missing field', () => {
  it('on a node without an op names the field, its path and its node', () => {
    const doc = slides();
    delete doc.nodes[0].op;
    const { doc: loaded, diagnostics } = parseGraphValue(doc);
    expect(loaded).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'schema', path: 'nodes[0].op', nodeId: 'x' });
    expect(diagnostics[0].message).toBe('missing field "op" (expected a string)');
    expect(formatDiagnostic(diagnostics[0])).toBe(
      'error [schema] node "x", nodes[0].op: missing field "op" (expected a string)',
    );
  });

  it('on an edge without a target', () => {
    const doc = slides();
    delete doc.edges[1].target;
    const { diagnostics } = parseGraphValue(doc);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'error [schema] edges[1].target: missing field "target" (expected a string)',
    ]);
  });

  it('on a training section without a data set, still saying what to add', () => {
    const doc = slides();
    delete doc.training.dataset;
    const { diagnostics } = parseGraphValue(doc);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].path).toBe('training.dataset');
    expect(diagnostics[0].message).toMatch(/^missing field "dataset"; .*add "dataset": \{ "kind": "xor" \}/);
  });

  it('never reads "received undefined" for any field left out of a node, an edge or the training section', () => {
    const cases: [keyof Slides, string][] = [
      ['nodes', 'id'],
      ['nodes', 'op'],
      ['edges', 'source'],
      ['edges', 'target'],
      ['edges', 'targetPort'],
    ];
    for (const [list, key] of cases) {
      const doc = slides();
      delete (doc[list] as Record<string, unknown>[])[0][key];
      const messages = parseGraphValue(doc).diagnostics.map(formatDiagnostic);
      expect(messages.join('\n'), `${list}[0].${key}`).toContain(`${list}[0].${key}: missing field "${key}"`);
      expect(messages.join('\n')).not.toMatch(/received undefined/);
    }
  });
});

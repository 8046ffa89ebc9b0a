/** The one list of problems: graph diagnostics and the run's blocking ones, never disagreeing. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import { loadRunData } from '../../src/run/prepare';
import { mergeProblems, problemsVerdict } from '../../renderer/store/problems';

describe('the Problems panel’s list', () => {
  const doc = parseGraphText(readFileSync('graphs/xor-mlp.json', 'utf8')).doc!;
  doc.nodes.find((n) => n.id === 'x')!.params.shape = [4];

  it('shows the data-fit error the worker blocks on, on its node, and is not ready', () => {
    const checked = checkGraph(doc);
    // The graph alone is sound: this is the case that used to say "ready to train".
    expect(checked.diagnostics).toEqual([]);
    const data = loadRunData(checked.graph!, {});
    if (data.ok) throw new Error('expected the data not to fit');
    const problems = mergeProblems(checked.diagnostics, data.diagnostics);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ nodeId: 'x', field: 'shape', severity: 'error' });
    expect(problems[0].message).toMatch(/set the Input shape to \[2\]/);
    expect(problemsVerdict(problems, false)).toBe('blocked');
  });

  it('lists a graph error the worker also reports once', () => {
    const broken = { ...doc, edges: doc.edges.filter((e) => e.target !== 'hidden') };
    const graph = checkGraph(broken).diagnostics;
    expect(mergeProblems(graph, graph)).toEqual(graph);
  });

  it('is ready only once the run is trainable', () => {
    expect(problemsVerdict([], true)).toBe('ready');
    expect(problemsVerdict([], false)).toBe('checking');
  });
});

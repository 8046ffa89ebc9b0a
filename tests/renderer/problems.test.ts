/** The one list of problems: graph diagnostics and the run's blocking ones, never disagreeing. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/graph/check';
import { parseGraphText } from '../../src/graph/load';
import { loadRunData } from '../../src/run/prepare';
import { mergeProblems, problemsVerdict, problemsView } from '../../renderer/store/problems';
import { MAX_DIAGNOSTICS_PER_CODE, omittedText } from '../../src/graph/diagnostics';

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

describe('the Problems panel’s rows for many repeats of one problem', () => {
  const doc = parseGraphText(readFileSync('graphs/xor-slides.json', 'utf8')).doc!;
  const duplicates = 200_000;
  const many = {
    ...doc,
    edges: [...doc.edges, ...Array.from({ length: duplicates }, () => ({ ...doc.edges[0] }))],
  };

  it('lists the first of a code and one row counting the rest, with the full counts', () => {
    const problems = mergeProblems(checkGraph(many).diagnostics, []);
    expect(problems).toHaveLength(duplicates);
    const view = problemsView(problems);
    expect(view.shown).toHaveLength(MAX_DIAGNOSTICS_PER_CODE);
    expect(view.omitted).toEqual([
      {
        code: 'port-taken',
        severity: 'error',
        omitted: duplicates - MAX_DIAGNOSTICS_PER_CODE,
        count: duplicates,
      },
    ]);
    expect(omittedText(view.omitted[0])).toBe('… and 199,980 more port-taken problems');
    expect(view.errors).toBe(duplicates);
    expect(view.warnings).toBe(0);
  });

  it('leaves a short list whole', () => {
    const broken = { ...doc, edges: doc.edges.slice(1) };
    const problems = checkGraph(broken).diagnostics;
    expect(problemsView(problems)).toMatchObject({ shown: problems, omitted: [] });
  });
});

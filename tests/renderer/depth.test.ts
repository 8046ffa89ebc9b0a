/** The canvas's node depths: longest paths from the sources, iterative so long chains cannot overflow. */
import { describe, expect, it } from 'vitest';
import { nodeDepths } from '../../renderer/canvas/depth';

/** A chain n0 → n1 → … of `length` nodes, listed last node first (the deep case for a walk). */
function chain(length: number) {
  const nodes = Array.from({ length }, (_, i) => ({ id: `n${i}` }));
  const edges = nodes.slice(1).map((n, i) => ({ source: `n${i}`, target: n.id }));
  return { nodes: nodes.reverse(), edges };
}

describe('nodeDepths', () => {
  it('gives the longest path from a source', () => {
    const depth = nodeDepths({
      nodes: [{ id: 'loss' }, { id: 'a' }, { id: 'b' }, { id: 'c' }],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'a', target: 'loss' },
        { source: 'c', target: 'loss' },
      ],
    });
    expect(Object.fromEntries(depth)).toEqual({ a: 0, b: 1, c: 2, loss: 3 });
  });

  it('cuts cycles instead of looping', () => {
    const depth = nodeDepths({
      nodes: [{ id: 'a' }, { id: 'b' }],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
      ],
    });
    expect(Object.fromEntries(depth)).toEqual({ a: 2, b: 1 });
  });

  it('walks a 100,000-node chain listed sink first without overflowing the stack', () => {
    const depth = nodeDepths(chain(100_000));
    expect(depth.get('n99999')).toBe(99_999);
    expect(depth.get('n0')).toBe(0);
  });
});

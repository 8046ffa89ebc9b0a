/** What a big graph hands React Flow: the nodes and edges near the view, widened by a margin. */
import { describe, expect, it } from 'vitest';
import { covers, edgesInView, nodesInView, viewRect } from '../../renderer/canvas/in-view';

describe('the view in flow coordinates', () => {
  it('is the canvas divided by the zoom, shifted by the pan, widened by a view on each side', () => {
    // A 1000 × 500 canvas at zoom 2 panned by (−400, 100): it shows x 200…700, y −50…200.
    expect(viewRect({ x: -400, y: 100, zoom: 2 }, 1000, 500, 0)).toEqual({
      x0: 200,
      y0: -50,
      x1: 700,
      y1: 200,
    });
    expect(viewRect({ x: -400, y: 100, zoom: 2 }, 1000, 500, 1)).toEqual({
      x0: -300,
      y0: -300,
      x1: 1200,
      y1: 450,
    });
  });
});

describe('edges near the view', () => {
  const size = { width: 100, height: 50 };
  const rect = { x0: 0, y0: 0, x1: 1000, y1: 1000 };
  const at = new Map([
    ['in', { x: 100, y: 100 }],
    ['near', { x: 950, y: 980 }],
    ['far', { x: 5000, y: 100 }],
    ['farther', { x: 9000, y: 100 }],
    ['left', { x: -3000, y: 500 }],
    ['above', { x: 400, y: -200 }],
  ]);
  const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

  it('keeps edges with an end inside, or a node box reaching in, and drops those wholly outside', () => {
    const kept = edgesInView(
      [edge('in', 'near'), edge('far', 'farther'), edge('above', 'in'), edge('far', 'in')],
      at,
      size,
      rect,
    );
    expect(kept.map((e) => e.id)).toEqual(['in->near', 'above->in', 'far->in']);
  });

  it('keeps an edge whose ends are both outside but which crosses the view', () => {
    expect(edgesInView([edge('left', 'far')], at, size, rect)).toHaveLength(1);
  });

  it('keeps an edge whose node has no position (React Flow places it)', () => {
    expect(edgesInView([edge('far', 'nowhere')], at, size, rect)).toHaveLength(1);
  });

  it('counts a node by its box, not its corner: a box ending just inside the view keeps its edge', () => {
    const box = new Map([
      ['a', { x: -99, y: -49 }],
      ['b', { x: -2000, y: -2000 }],
    ]);
    expect(edgesInView([edge('a', 'b')], box, size, rect)).toHaveLength(1);
    const out = new Map([
      ['a', { x: -101, y: -49 }],
      ['b', { x: -2000, y: -2000 }],
    ]);
    expect(edgesInView([edge('a', 'b')], out, size, rect)).toHaveLength(0);
  });
});

describe('nodes near the view', () => {
  const size = { width: 100, height: 50 };
  const rect = { x0: 0, y0: 0, x1: 1000, y1: 1000 };
  const node = (id: string, x: number, y: number) => ({ id, position: { x, y } });
  const nodes = [
    node('inside', 500, 500),
    node('box-reaches-in', -99, 990),
    node('just-out', -101, 500),
    node('below', 500, 1001),
    node('far-but-kept', 9000, 9000),
    node('far', 9000, 100),
  ];

  it('keeps those whose box reaches in and those asked for, in their order', () => {
    expect(nodesInView(nodes, new Set(['far-but-kept']), size, rect).map((n) => n.id)).toEqual([
      'inside',
      'box-reaches-in',
      'far-but-kept',
    ]);
  });
});

describe('a view inside what was handed over', () => {
  const handed = { x0: -1000, y0: -500, x1: 2000, y1: 1000 };
  it('is covered while it stays inside, on every side', () => {
    expect(covers(handed, { x0: -1000, y0: -500, x1: 2000, y1: 1000 })).toBe(true);
    expect(covers(handed, { x0: 0, y0: 0, x1: 1000, y1: 500 })).toBe(true);
  });
  it('is not once any side leaves it', () => {
    for (const inner of [
      { x0: -1001, y0: 0, x1: 0, y1: 0 },
      { x0: 0, y0: -501, x1: 0, y1: 0 },
      { x0: 0, y0: 0, x1: 2001, y1: 0 },
      { x0: 0, y0: 0, x1: 0, y1: 1001 },
    ])
      expect(covers(handed, inner)).toBe(false);
  });
});

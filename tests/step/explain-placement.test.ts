/** Where step mode's readout card goes: beside the focused node, inside the canvas, never over the node. */
import { describe, expect, it } from 'vitest';
import { inView, placeCard } from '../../renderer/step/placement';
import type { Rect } from '../../renderer/step/placement';

const area: Rect = { x: 0, y: 50, width: 1000, height: 600 };
const card = { width: 300, height: 150 };
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('placeCard', () => {
  it('puts the card below the node when there is room', () => {
    expect(placeCard({ x: 100, y: 100, width: 80, height: 40 }, card, area)).toEqual({ x: 100, y: 152 });
  });

  it('goes above a node near the bottom, and slides along to stay inside', () => {
    const node = { x: 950, y: 560, width: 40, height: 20 };
    const at = placeCard(node, card, area);
    expect(at).toEqual({ x: 700, y: 560 - 12 - 150 });
    expect(overlaps({ ...at, ...card }, node)).toBe(false);
  });

  it('never covers a node when any side has room, for nodes all over the canvas', () => {
    for (let x = 0; x < 960; x += 40)
      for (let y = 50; y < 620; y += 30) {
        const node = { x, y, width: 40, height: 30 };
        const at = placeCard(node, card, area);
        expect(overlaps({ ...at, ...card }, node), `${x},${y}`).toBe(false);
      }
  });

  it('docks in the far corner when no side fits', () => {
    const tiny = { x: 0, y: 0, width: 320, height: 200 };
    expect(placeCard({ x: 150, y: 80, width: 20, height: 40 }, card, tiny)).toEqual({ x: 8, y: 38 });
  });

  it('tells whether a node is in view', () => {
    expect(inView({ x: 10, y: 60, width: 10, height: 10 }, area)).toBe(true);
    expect(inView({ x: -5, y: 60, width: 10, height: 10 }, area)).toBe(false);
  });
});

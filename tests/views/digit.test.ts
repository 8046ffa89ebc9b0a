/** A drawing turned into an MNIST-style input: scaled to a 20/28 box, centred by mass. */
import { describe, expect, it } from 'vitest';
import { centreOfMass, digitInput, inkBox } from '../../src/views/digit';

function canvas(w: number, h: number, ink: (x: number, y: number) => boolean) {
  const pixels = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) pixels[y * w + x] = ink(x, y) ? 1 : 0;
  return { width: w, height: h, pixels };
}

describe('digitInput', () => {
  it('scales a square of ink to 20×20 in the middle of 28×28, whatever its place on the pad', () => {
    // A 100×100 block in the corner of a 280×280 pad.
    const pad = canvas(280, 280, (x, y) => x >= 10 && x < 110 && y >= 150 && y < 250);
    expect(inkBox(pad)).toEqual([10, 150, 110, 250]);
    const img = digitInput(pad, 28, 28);
    const box = inkBox(img)!;
    expect(box[2] - box[0]).toBe(20);
    expect(box[3] - box[1]).toBe(20);
    // Centred: (28 − 20) / 2 = 4 pixels each side, centre of mass at (14, 14).
    expect(box).toEqual([4, 4, 24, 24]);
    expect(centreOfMass(img)).toEqual([14, 14]);
    expect(Math.max(...img.pixels)).toBe(1);
  });

  it('keeps the aspect ratio and averages the area each pixel covers', () => {
    // A 40×10 bar: scaled by 20/40 to 20×5, ink 1 everywhere inside.
    const pad = canvas(100, 100, (x, y) => x >= 30 && x < 70 && y >= 45 && y < 55);
    const img = digitInput(pad, 28, 28);
    const box = inkBox(img)!;
    expect([box[2] - box[0], box[3] - box[1]]).toEqual([20, 5]);
    // A 40×40 checkerboard of 1-pixel squares, scaled by 1/2: each pixel covers 2×2 squares, half ink.
    const board = canvas(60, 60, (x, y) => x >= 10 && x < 50 && y >= 10 && y < 50 && (x + y) % 2 === 0);
    const grey = digitInput(board, 28, 28);
    const inside = Array.from(grey.pixels).filter((v) => v > 0);
    expect(inside).toHaveLength(400);
    for (const v of inside) expect(v).toBeCloseTo(0.5, 6);
  });

  it('gives a blank image for a blank pad', () => {
    const img = digitInput(
      canvas(50, 50, () => false),
      16,
      16,
    );
    expect(img.pixels.every((v) => v === 0)).toBe(true);
    expect(img.pixels).toHaveLength(256);
  });
});

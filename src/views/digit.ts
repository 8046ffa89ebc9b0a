/**
 * Turns a drawing into an input image the way MNIST's digits were made: the ink's bounding box is
 * scaled (aspect kept) to fit a box of 20/28 of the image, then placed so its centre of mass sits
 * at the image centre. Pixels are 0 (paper) … 1 (ink), like MNIST scaled by 1/255.
 */

/** A grey image, row-major, `width` × `height` values in 0 … 1. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/** Ink below this level counts as paper when finding the drawing's bounding box. */
const INK = 0.05;
/** Samples per target pixel along each axis when averaging the source area it covers. */
const SUB = 4;

/** The ink's bounding box [x0, y0, x1, y1) or null for a blank drawing. */
export function inkBox(img: GreyImage): [number, number, number, number] | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (img.pixels[y * img.width + x] > INK) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
  return x1 < 0 ? null : [x0, y0, x1, y1];
}

/** Centre of mass (x, y) of an image's values, or its centre when it is blank. */
export function centreOfMass(img: GreyImage): [number, number] {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const v = img.pixels[y * img.width + x];
      m += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  return m === 0 ? [img.width / 2, img.height / 2] : [sx / m, sy / m];
}

/**
 * Resamples the drawing to `width` × `height`: the ink's bounding box scaled to fit a square of
 * 20/28 of the smaller side (each target pixel the mean of the source area it covers), centred by
 * its centre of mass. A blank drawing gives a blank image.
 */
export function digitInput(drawing: GreyImage, width: number, height: number): GreyImage {
  const out = new Float32Array(width * height);
  const box = inkBox(drawing);
  if (!box) return { width, height, pixels: out };
  const [x0, y0, x1, y1] = box;
  const fit = Math.max(1, Math.round((Math.min(width, height) * 20) / 28));
  const scale = fit / Math.max(x1 - x0, y1 - y0);
  const w = Math.max(1, Math.min(width, Math.round((x1 - x0) * scale)));
  const h = Math.max(1, Math.min(height, Math.round((y1 - y0) * scale)));
  const small = new Float32Array(w * h);
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      let s = 0;
      for (let a = 0; a < SUB; a++)
        for (let b = 0; b < SUB; b++) {
          const sx = Math.min(x1 - 1, Math.floor(x0 + (i + (b + 0.5) / SUB) / scale));
          const sy = Math.min(y1 - 1, Math.floor(y0 + (j + (a + 0.5) / SUB) / scale));
          s += drawing.pixels[sy * drawing.width + sx];
        }
      small[j * w + i] = s / (SUB * SUB);
    }
  const [cx, cy] = centreOfMass({ width: w, height: h, pixels: small });
  const ox = Math.max(0, Math.min(width - w, Math.round(width / 2 - cx)));
  const oy = Math.max(0, Math.min(height - h, Math.round(height / 2 - cy)));
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) out[(j + oy) * width + i + ox] = Math.min(1, Math.max(0, small[j * w + i]));
  return { width, height, pixels: out };
}

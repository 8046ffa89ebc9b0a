/** A 2-D context drawing in CSS pixels on a canvas whose backing store matches the screen's density. */
export function cssContext(
  el: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const ctx = el.getContext('2d');
  if (!ctx) return null;
  const dpr = Math.max(1, window.devicePixelRatio || 1);
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (el.width !== w || el.height !== h) {
    el.width = w;
    el.height = h;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(w / width, 0, 0, h / height, 0, 0);
  return ctx;
}

/** Colours for the canvas; number formatting lives in the core (`src/trace/format.ts`). */
export { gradientHealth, num, tensorText } from '../../src/trace/format';

/** Diverging colour for a value in [−1, 1] (blue negative, orange positive). */
export function divergingColor(t: number): string {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const alpha = Math.abs(c);
  return c >= 0 ? `rgba(232, 115, 30, ${alpha.toFixed(3)})` : `rgba(47, 111, 214, ${alpha.toFixed(3)})`;
}

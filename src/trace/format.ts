/** Number and tensor formatting shared by the canvas, the step panel and the CLI. */
import type { TensorTrace } from './types';

/** A number in at most 4 significant digits, exponent form when very small or large; −0 as 0. */
export function num(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a < 1e-3 || a >= 1e5 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
  return text.replace('-', '−');
}

/** Nested rows of a row-major tensor for display: [a, b] or [[a, b], [c, d]]. */
export function tensorText(t: TensorTrace, digits = 4): string {
  if (!t.values) return `${t.shape.join('×')}: mean ${num(t.stats.mean)}, ‖·‖ ${num(t.stats.norm)}`;
  const v = t.values;
  if (t.shape.length === 0) return num(v[0], digits);
  const cols = t.shape[t.shape.length - 1] || 1;
  const rows: string[] = [];
  for (let i = 0; i < v.length; i += cols)
    rows.push(
      `[${v
        .slice(i, i + cols)
        .map((x) => num(x, digits))
        .join(', ')}]`,
    );
  return rows.length === 1 ? rows[0] : `[${rows.join(', ')}]`;
}

/** Gradient-magnitude verdict for the badges. */
export function gradientHealth(norm: number): 'vanishing' | 'exploding' | null {
  if (!Number.isFinite(norm) || norm > 1e3) return 'exploding';
  if (norm > 0 && norm < 1e-7) return 'vanishing';
  return null;
}

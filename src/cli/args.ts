/** Parsers of command-line values; each throws commander's InvalidArgumentError (exit 2). */
import { InvalidArgumentError } from 'commander';

/** A whole number ≥ 1. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

/** A whole number ≥ 0. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

/** A finite number > 0. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** Comma-separated numbers (`0,1.5,-2`). */
export function numberList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  const bad = parts.findIndex((p, i) => p === '' || !Number.isFinite(nums[i]));
  if (bad >= 0) throw new InvalidArgumentError(`item ${bad + 1} ("${parts[bad]}") is not a number`);
  return nums;
}

/**
 * A size in bytes from `512MB`, `2GB`, `1.5 GB` or a plain number of MB (1 GB = 1024 MB), for
 * `--memory-limit` and `--file-limit`.
 */
export function byteSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(mb|m|mib|gb|g|gib|tb|t|tib)?\s*$/i.exec(value);
  const n = match ? Number(match[1]) : NaN;
  if (!match || !(n > 0))
    throw new InvalidArgumentError('expected a size such as 512MB or 4GB (a plain number is MB)');
  const unit = (match[2] ?? 'mb').toLowerCase()[0];
  const mb = 1024 * 1024;
  return Math.round(n * (unit === 't' ? mb * 1024 * 1024 : unit === 'g' ? mb * 1024 : mb));
}

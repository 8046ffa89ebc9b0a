/** Suggestions for a misspelt op name. */
import { opNames } from '../ops/registry';

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(
        dp[j] + 1,
        dp[j - 1] + 1,
        prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** "did you mean …?" for an unknown op name, or the list of known ops when nothing is close. */
export function suggestOp(name: string): string {
  const names = opNames();
  const best = names.map((n) => ({ n, d: distance(name.slice(0, 64), n) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? `did you mean "${best.n}"?` : `known ops: ${names.join(', ')}`;
}

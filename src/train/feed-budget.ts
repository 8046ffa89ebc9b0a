/**
 * One budget for everything a run computes besides training (trace frames, decision-boundary grids
 * and unit maps, the views): together they may take at most `share` of the training time. Each
 * step's training time earns credit, each side-feed spends what it took.
 *
 * Trace frames come often and only take credit that is there; a boundary grid or a views report
 * (rarer, and a picture the UI would otherwise never refresh) may overdraw down to one bank's depth,
 * so frames cannot starve them. Over a run the feeds then take at most `share` of the training time
 * plus two banks (the one a run starts with, the overdraft) and one feed's cost.
 */

/** Who asks: frames wait for credit, the rarer feeds may overdraw. */
export type FeedKind = 'trace' | 'boundary' | 'views';

/** Milliseconds of side-feed time that may be banked (and overdrawn), at most. */
export const BANK_MS = 50;

/** Credit for side-feeds, earned by training time. */
export class FeedBudget {
  /** Side-feed milliseconds available now; starts full, so a run shows its first pictures at once. */
  private credit = BANK_MS;
  private trainedMs = 0;
  private spentMs = 0;
  private underWay = 0;

  /** @param share - Largest share of training time the feeds may take together (0.1: 10 %), read at each step. */
  constructor(private readonly share: () => number) {}

  /** A step trained for `ms`. */
  trained(ms: number): void {
    if (!(ms > 0)) return;
    this.trainedMs += ms;
    this.credit = Math.min(BANK_MS, this.credit + this.share() * ms);
  }

  /** Whether a feed of `kind` may start now. */
  allows(kind: FeedKind): boolean {
    return kind === 'trace' ? this.credit > 0 : this.credit > -BANK_MS;
  }

  /** A feed took `ms`. */
  spent(ms: number): void {
    if (!(ms > 0)) return;
    this.spentMs += ms;
    this.credit -= ms;
  }

  /** A feed started work that continues after awaits; call the function returned when it ends. */
  begin(): () => void {
    this.underWay++;
    let ended = false;
    return () => {
      if (!ended) this.underWay--;
      ended = true;
    };
  }

  /** Whether a feed started with {@link begin} has not ended. */
  get working(): boolean {
    return this.underWay > 0;
  }

  /** Training and side-feed milliseconds counted so far (for benchmarks and tests). */
  get totals(): { trainedMs: number; spentMs: number } {
    return { trainedMs: this.trainedMs, spentMs: this.spentMs };
  }
}

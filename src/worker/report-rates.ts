/**
 * The report rates a session runs with: the protocol's {@link ReportRates} as the UI configures
 * them, and the trainer's {@link ReportOptions} derived from them.
 */
import type { ReportOptions } from '../train/progress';
import { DEFAULT_RATES } from './protocol';
import type { ReportRates } from './protocol';

/** The rates in force and the report options every run of the session reads. */
export class ReportSettings {
  private current: ReportRates = { ...DEFAULT_RATES };
  /** Handed to every run and updated in place by `configure`, so new rates apply during a run. */
  readonly report: ReportOptions;

  /** @param wantTrace - Whether the UI would take a trace frame now (see `ReportOptions`). */
  constructor(wantTrace: () => boolean) {
    this.report = { evaluateEachEpoch: true, wantTrace };
    this.apply();
  }

  /** The rates in force; replaced, not changed in place, by `configure`. */
  get rates(): ReportRates {
    return this.current;
  }

  /**
   * Changes the rates given, leaving the others as they are.
   *
   * @throws Error when a rate is not a number ≥ 0; then no rate changes.
   */
  configure(rates: Partial<ReportRates>): void {
    const next = { ...this.current };
    for (const key of Object.keys(DEFAULT_RATES) as (keyof ReportRates)[]) {
      const v = rates[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new Error(`rate ${key} must be a number ≥ 0, got ${String(v)}`);
      next[key] = v;
    }
    next.boundaryResolution = Math.min(256, Math.max(2, Math.round(next.boundaryResolution)));
    // 0 turns the unit maps off; otherwise a coarse grid is all a node has room for.
    next.unitMapResolution =
      next.unitMapResolution > 0 ? Math.min(64, Math.max(2, Math.round(next.unitMapResolution))) : 0;
    next.fullLimit = Math.round(next.fullLimit);
    this.current = next;
    this.apply();
  }

  private apply(): void {
    this.report.progressEveryMs = this.current.progressEveryMs;
    // The protocol's 0 disables tracing; the trainer's 0 would trace every step.
    this.report.traceEveryMs = this.current.traceEveryMs > 0 ? this.current.traceEveryMs : undefined;
    this.report.fullLimit = this.current.fullLimit;
    this.report.traceBudget = this.current.traceBudget;
  }
}

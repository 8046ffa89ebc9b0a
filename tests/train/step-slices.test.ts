/**
 * When a run yields and what its side-feeds may spend: steps back to back for a slice of work only
 * where waiting requests are signalled (and a yield at once when one waits), and frames, grids and
 * views together within their share of the training time. Clocks here are numbers the test passes.
 */
import { describe, expect, it } from 'vitest';
import { SLICE_MS, StepSlices } from '../../src/train/step-slices';
import { BANK_MS, FeedBudget } from '../../src/train/feed-budget';

describe('step slices', () => {
  it('yields after every step when nobody can say whether a request waits', () => {
    const slices = new StepSlices(0, undefined);
    expect(slices.sliced).toBe(false);
    expect(slices.shouldYield(0.1)).toBe(true);
    expect(slices.shouldYield(0.2)).toBe(true);
  });

  it('runs steps back to back until a slice of work is done, then yields', () => {
    const slices = new StepSlices(100, () => false);
    expect(slices.sliced).toBe(true);
    // Steps of 1 ms: no yield before SLICE_MS of them.
    let t = 100;
    let steps = 0;
    while (!slices.shouldYield((t += 1))) steps++;
    expect(steps).toBe(SLICE_MS - 1);
    expect(t - 100).toBe(SLICE_MS);
    slices.yielded(t);
    expect(slices.shouldYield(t + 1)).toBe(false);
  });

  it('yields after the step in which a request was announced, however early in the slice', () => {
    let waiting = false;
    const slices = new StepSlices(0, () => waiting);
    expect(slices.shouldYield(1)).toBe(false);
    waiting = true;
    expect(slices.shouldYield(2)).toBe(true);
    expect(slices.stillWaiting()).toBe(true);
    waiting = false;
    expect(slices.stillWaiting()).toBe(false);
  });
});

describe('feed budget', () => {
  it('lets frames take only credit earned by training, at the share given', () => {
    const budget = new FeedBudget(() => 0.1);
    // Starts with a full bank, so a run's first pictures come at once.
    expect(budget.allows('trace')).toBe(true);
    budget.spent(BANK_MS);
    expect(budget.allows('trace')).toBe(false);
    // 10 % of 5 ms of training: 0.5 ms of credit.
    budget.trained(5);
    expect(budget.allows('trace')).toBe(true);
    budget.spent(0.5);
    expect(budget.allows('trace')).toBe(false);
  });

  it('lets a grid or the views overdraw by one bank, so frames cannot starve them', () => {
    const budget = new FeedBudget(() => 0.1);
    budget.spent(BANK_MS + 1);
    expect(budget.allows('trace')).toBe(false);
    expect(budget.allows('boundary')).toBe(true);
    budget.spent(BANK_MS);
    expect(budget.allows('views')).toBe(false);
  });

  it('keeps every feed together within share × training time plus two banks and one feed', () => {
    const budget = new FeedBudget(() => 0.1);
    // A run of 1 ms steps where every feed asks after every step and costs what it costs.
    const costs = { trace: 2, boundary: 7, views: 13 } as const;
    for (let step = 0; step < 10_000; step++) {
      budget.trained(1);
      for (const kind of ['trace', 'boundary', 'views'] as const)
        if (budget.allows(kind)) budget.spent(costs[kind]);
    }
    const { trainedMs, spentMs } = budget.totals;
    expect(trainedMs).toBe(10_000);
    // The bank it starts with, the overdraft the rarer feeds may run up, and the last feed's cost.
    expect(spentMs).toBeLessThanOrEqual(0.1 * trainedMs + 2 * BANK_MS + 13);
    // And the budget is used, not left idle.
    expect(spentMs).toBeGreaterThanOrEqual(0.1 * trainedMs - BANK_MS);
  });

  it('reports work under way until it ends, once however often it is ended', () => {
    const budget = new FeedBudget(() => 0.1);
    const end = budget.begin();
    expect(budget.working).toBe(true);
    end();
    end();
    expect(budget.working).toBe(false);
  });
});

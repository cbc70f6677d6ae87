import { describe, expect, it } from 'vitest';
import { activityTotal, cumulative, localDate } from './series';

describe('cumulative', () => {
  it('ends at the completed count and starts from what was done before the window', () => {
    const days = [
      { date: '2026-11-01', completed: 0 },
      { date: '2026-11-02', completed: 2 },
      { date: '2026-11-03', completed: 1 },
    ];
    expect(cumulative(days, 10)).toEqual([
      { date: '2026-11-01', completed: 0, total: 7 },
      { date: '2026-11-02', completed: 2, total: 9 },
      { date: '2026-11-03', completed: 1, total: 10 },
    ]);
  });

  it('never goes below zero when the counts disagree', () => {
    expect(cumulative([{ date: '2026-11-01', completed: 3 }], 1).map((p) => p.total)).toEqual([3]);
    expect(cumulative([], 4)).toEqual([]);
  });
});

describe('day helpers', () => {
  it('reads a calendar date as that local day', () => {
    const d = localDate('2026-03-29');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2026, 2, 29, 0]);
  });

  it('adds up a day’s activity', () => {
    expect(activityTotal({ date: '2026-11-01', completions: 1, submissions: 2, runs: 3 })).toBe(6);
  });
});

import { describe, expect, it } from 'vitest';
import { dayStart, figuresOf, noCounts, periodOf, rankDepartments, rateOf } from '../../src/modules/case-stats/figures.js';

describe('case statistics figures', () => {
  it('rounds rates to four decimals and has none without a denominator', () => {
    expect(rateOf(1, 3)).toEqual({ numerator: 1, denominator: 3, rate: 0.3333 });
    expect(rateOf(2, 3).rate).toBe(0.6667);
    expect(rateOf(0, 0)).toEqual({ numerator: 0, denominator: 0, rate: null });
    const f = figuresOf({ ...noCounts(), intake: 10, effective: 8, resolved: 6, onTime: 4, dueJudged: 7, satisfied: 3, basicallySatisfied: 1, unsatisfied: 1 });
    expect(f.closureRate.rate).toBe(0.75);
    expect(f.onTimeRate.rate).toBe(0.5714);
    expect(f.satisfactionRate).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
  });

  it('defaults the period to the 30 days up to today in Shanghai', () => {
    const now = new Date('2025-03-01T17:00:00Z'); // 03-02 in Shanghai
    expect(periodOf({}, now)).toEqual({ from: '2025-02-01', to: '2025-03-02', days: 30 });
    expect(periodOf({ from: '2025-02-20' }, now)).toEqual({ from: '2025-02-20', to: '2025-03-02', days: 11 });
    expect(periodOf({ from: '2024-12-01' }, now)).toEqual({ from: '2024-12-01', to: '2024-12-30', days: 30 });
    expect(periodOf({ to: '2025-01-10' }, now)).toEqual({ from: '2024-12-12', to: '2025-01-10', days: 30 });
    expect(periodOf({ from: '2025-03-05' }, now)).toEqual({ from: '2025-03-05', to: '2025-03-05', days: 1 });
    expect(dayStart('2025-03-02').toISOString()).toBe('2025-03-01T16:00:00.000Z');
  });

  it('ranks departments by on-time rate, then satisfaction, then volume; unrated last', () => {
    const d = (name: string, onTime: number | null, sat: number | null, intake: number) => ({
      name,
      figures: { ...figuresOf({ ...noCounts(), intake }), onTimeRate: { numerator: 0, denominator: 0, rate: onTime }, satisfactionRate: { numerator: 0, denominator: 0, rate: sat } },
    });
    const ranked = rankDepartments([d('甲', null, null, 50), d('乙', 0.9, 0.8, 5), d('丙', 0.9, 0.95, 3), d('丁', 1, null, 1), d('戊', 0.9, 0.95, 9)]);
    expect(ranked.map((r) => r.name)).toEqual(['丁', '戊', '丙', '乙', '甲']);
  });
});

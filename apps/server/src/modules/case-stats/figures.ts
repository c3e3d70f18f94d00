import type { CaseFigures, StatsRate } from '@gongzhi/contracts';
import type { FigureCounts } from './repository.js';

/** Pure helpers of the statistics: Shanghai days and periods, rates, figures from counts. */

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3600_000;

/** Shanghai midnight starting `day` (YYYY-MM-DD). */
export const dayStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);

/** YYYY-MM-DD of an instant in Shanghai. */
export const dayOfInstant = (t: Date | number): string => new Date(+t + OFFSET_MS).toISOString().slice(0, 10);

/** YYYY-MM-DD of a day number (days since 1970-01-01). */
export const dayOfNumber = (d: number): string => new Date(d * DAY_MS).toISOString().slice(0, 10);

export const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

export const addDays = (day: string, k: number): string => dayOfNumber(dayNumber(day) + k);

export interface Period {
  from: string;
  to: string;
  days: number;
}

/** The period asked for; missing ends default to the 30 days ending today (or at `to`). */
export function periodOf(q: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const today = dayOfInstant(now);
  // Only a start: 30 days from it, but not past today (nor before the start).
  const to = q.to ?? (q.from ? [addDays(q.from, 29), today].sort()[0]! : today);
  const from = q.from ?? addDays(to, -29);
  if (from > to) return { from, to: from, days: 1 };
  return { from, to, days: dayNumber(to) - dayNumber(from) + 1 };
}

/** A rate rounded to four decimals (99.14% = 0.9914); null when there is nothing to count. */
export function rateOf(numerator: number, denominator: number): StatsRate {
  return { numerator, denominator, rate: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null };
}

export function figuresOf(c: FigureCounts): CaseFigures {
  const rated = c.satisfied + c.basicallySatisfied + c.unsatisfied;
  return {
    intake: c.intake,
    effective: c.effective,
    resolved: c.resolved,
    closed: c.closed,
    open: c.open,
    overdue: c.overdue,
    closureRate: rateOf(c.resolved, c.effective),
    onTimeRate: rateOf(c.onTime, c.dueJudged),
    satisfactionRate: rateOf(c.satisfied + c.basicallySatisfied, rated),
    ratings: { satisfied: c.satisfied, basicallySatisfied: c.basicallySatisfied, unsatisfied: c.unsatisfied },
  };
}

export const noCounts = (): FigureCounts => ({ intake: 0, effective: 0, resolved: 0, closed: 0, open: 0, overdue: 0, onTime: 0, dueJudged: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, today: 0 });

/** Departments ranked: best on-time rate first, then satisfaction, then volume; unrated last. */
export function rankDepartments<T extends { name: string; figures: CaseFigures }>(rows: T[]): T[] {
  const key = (r: StatsRate) => r.rate ?? -1;
  return [...rows].sort(
    (a, b) =>
      key(b.figures.onTimeRate) - key(a.figures.onTimeRate) ||
      key(b.figures.satisfactionRate) - key(a.figures.satisfactionRate) ||
      b.figures.intake - a.figures.intake ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

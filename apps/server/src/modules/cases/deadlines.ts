import type { CaseConfigSnapshot, DeadlineRuleEntry } from './config-cache.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';

const HOUR_MS = 3600_000;

/** The most specific rule: category + type, category, type, then the default. */
export function deadlineRuleFor(cfg: CaseConfigSnapshot, type: string, categoryCode: string | null): DeadlineRuleEntry {
  const parent = categoryCode ? (cfg.categories.get(categoryCode)?.parentCode ?? null) : null;
  const rules = cfg.deadlineRules;
  const pick = (cat: string | null, t: string | null) => rules.find((r) => r.categoryCode === cat && r.caseType === t);
  return (
    (categoryCode ? (pick(categoryCode, type) ?? pick(categoryCode, null)) : undefined) ??
    (parent ? (pick(parent, type) ?? pick(parent, null)) : undefined) ??
    pick(null, type) ??
    pick(null, null) ?? { caseType: null, categoryCode: null, signWorkingHours: 1, urgentSignHours: 2, handleWorkingDays: 5, complexWorkingDays: 15, followUpWorkingDays: 1, warnRatio: 0.75 }
  );
}

export interface HandlingDeadlines {
  signDueAt: Date;
  handleDueAt: Date;
  warnAt: Date;
  /** False when the span reaches a year without holiday data (counted Monday–Friday). */
  calendarKnown: boolean;
}

/**
 * Deadlines from the moment the department gets the case. Signing: working hours, or clock hours
 * for urgent cases (they do not wait for the office to open). Handling: working days, the long
 * time for complex cases. Yellow warning once the rule's share of the working time has passed.
 */
export function handlingDeadlines(cal: WorkingCalendar, rule: DeadlineRuleEntry, base: Date, opts: { urgent: boolean; complex: boolean }): HandlingDeadlines {
  const signDueAt = opts.urgent ? new Date(+base + rule.urgentSignHours * HOUR_MS) : cal.addWorkingHours(base, rule.signWorkingHours);
  const handleDueAt = cal.addWorkingDays(base, opts.complex ? rule.complexWorkingDays : rule.handleWorkingDays);
  const warnAt = warnMoment(cal, base, handleDueAt, rule.warnRatio);
  const known = cal.describe(base, handleDueAt).unknownYears.length === 0;
  return { signDueAt, handleDueAt, warnAt, calendarKnown: known };
}

export function warnMoment(cal: WorkingCalendar, base: Date, due: Date, ratio: number): Date {
  const total = cal.workingTimeBetween(base, due);
  return cal.addWorkingHours(base, (total * ratio) / HOUR_MS);
}

/** Follow-up (回访) is due the rule's working days after resolution (default: the next working day). */
export function followUpDeadline(cal: WorkingCalendar, rule: DeadlineRuleEntry, resolvedAt: Date): Date {
  return cal.addWorkingDays(resolvedAt, Math.max(1, rule.followUpWorkingDays));
}

/** Working time left on the handling clock when it pauses (an extension request). */
export function remainingMs(cal: WorkingCalendar, now: Date, due: Date): number {
  return Math.max(0, cal.workingTimeBetween(now, due));
}

/** Restart a paused clock: what was left, plus approved extra working days. */
export function resumeDeadline(cal: WorkingCalendar, now: Date, remaining: number, extraWorkingDays = 0): Date {
  const resumed = cal.addWorkingHours(now, remaining / HOUR_MS);
  return extraWorkingDays > 0 ? cal.addWorkingDays(resumed, extraWorkingDays) : resumed;
}

export type Warning = 'none' | 'yellow' | 'red';

/** The warning a case shows at `now` from its stored deadlines. */
export function warningAt(now: Date, c: { handleDueAt: Date | null; warnAt: Date | null; paused: boolean }): { warning: Warning; overdue: boolean } {
  if (!c.handleDueAt || c.paused) return { warning: 'none', overdue: false };
  if (+now > +c.handleDueAt) return { warning: 'red', overdue: true };
  if (c.warnAt && +now >= +c.warnAt) return { warning: 'yellow', overdue: false };
  return { warning: 'none', overdue: false };
}

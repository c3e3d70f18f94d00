import type { CaseStatus } from '@gongzhi/contracts';

/**
 * The deadline badge of a case, from the deadlines the server computed (working days, holidays)
 * and the clock: red once the handling deadline has passed (even before the deadline job's next
 * scan marks it), yellow in the warning window or when signing is late, grey while an extension
 * request pauses the clock. Pure, so the rule is tested once and every screen shows the same colour.
 */
export type DeadlineTone = 'red' | 'yellow' | 'ok' | 'paused' | 'none';
export type DeadlineClock = 'sign' | 'handle' | 'followUp';

export interface DeadlineInput {
  status: CaseStatus;
  deadlines: {
    signDueAt: string | null;
    handleDueAt: string | null;
    followUpDueAt: string | null;
    warning: 'none' | 'yellow' | 'red';
    overdue: boolean;
    paused: boolean;
  };
}

export interface DeadlineBadgeInfo {
  tone: DeadlineTone;
  /** Which clock the badge is about. */
  clock: DeadlineClock | null;
  dueAt: string | null;
  /** Milliseconds left (negative: overdue by), null without a deadline. */
  leftMs: number | null;
}

const FINISHED: readonly CaseStatus[] = ['closed', 'merged', 'cancelled'];
const AFTER_RESOLUTION: readonly CaseStatus[] = ['resolved', 'verified', 'followed_up'];

const left = (due: string | null, now: number) => (due ? Date.parse(due) - now : null);

export function deadlineBadge(c: DeadlineInput, now: number): DeadlineBadgeInfo {
  const d = c.deadlines;
  if (FINISHED.includes(c.status)) return { tone: 'none', clock: null, dueAt: null, leftMs: null };
  if (AFTER_RESOLUTION.includes(c.status)) {
    // Handling is over; what remains is the follow-up (回访) clock, if the rule sets one.
    if (!d.followUpDueAt || c.status === 'followed_up') return { tone: 'none', clock: null, dueAt: null, leftMs: null };
    const ms = left(d.followUpDueAt, now)!;
    return { tone: ms < 0 ? 'red' : 'ok', clock: 'followUp', dueAt: d.followUpDueAt, leftMs: ms };
  }
  if (d.paused) return { tone: 'paused', clock: 'handle', dueAt: null, leftMs: null };
  const handleLeft = left(d.handleDueAt, now);
  if (d.overdue || d.warning === 'red' || (handleLeft !== null && handleLeft < 0)) {
    return { tone: 'red', clock: 'handle', dueAt: d.handleDueAt, leftMs: handleLeft };
  }
  const signLeft = left(d.signDueAt, now);
  if (c.status === 'dispatched' && signLeft !== null && signLeft < 0) return { tone: 'yellow', clock: 'sign', dueAt: d.signDueAt, leftMs: signLeft };
  if (d.warning === 'yellow') return { tone: 'yellow', clock: 'handle', dueAt: d.handleDueAt, leftMs: handleLeft };
  if (handleLeft === null) return { tone: 'none', clock: null, dueAt: null, leftMs: null };
  return { tone: 'ok', clock: 'handle', dueAt: d.handleDueAt, leftMs: handleLeft };
}

/** Sort weight: the cases a dispatcher must look at first come first. */
export function toneRank(tone: DeadlineTone): number {
  return tone === 'red' ? 0 : tone === 'yellow' ? 1 : tone === 'paused' ? 2 : 3;
}

/** A span as the badge says it: days and hours, or hours and minutes under a day. */
export function spanParts(ms: number): { days: number; hours: number; minutes: number } {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  return { days, hours, minutes: days ? 0 : total % 60 };
}

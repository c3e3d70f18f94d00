import type { CaseNotificationKind, CaseStatus } from '@gongzhi/contracts';
import { toShanghaiIso, type WorkingCalendar } from '../calendar/working-calendar.js';
import { type Warning, warningAt } from './deadlines.js';

/**
 * The pure decisions of the deadline job (deadline-job.ts): which warning a case should show,
 * when it escalates next, and the notices it sends. No database, no clock: `now` is given.
 */

/** An open case as the job reads it (deadline-repository.ts). */
export interface WatchedCase {
  id: string;
  number: string;
  title: string;
  version: number;
  status: CaseStatus;
  path: string;
  subCode: string | null;
  leadDepartmentId: string | null;
  assistDepartmentIds: string[];
  warnAt: Date | null;
  handleDueAt: Date | null;
  signDueAt: Date | null;
  warning: Warning;
  overdue: boolean;
  supervised: boolean;
  escalationLevel: number;
  escalateAt: Date | null;
}

export interface WarningChange {
  warning: Warning;
  overdue: boolean;
  /** Set when the case turns red: its first escalation (null: escalation off). */
  escalateAt: Date | null;
}

export interface NoticeDraft {
  caseId: string;
  kind: CaseNotificationKind;
  departmentId: string | null;
  path: string;
  message: string;
  dedupeKey: string;
}

const RANK: Record<Warning, number> = { none: 0, yellow: 1, red: 2 };

/** Working milliseconds in one working day under the calendar's hours. */
export const workingDayMs = (cal: WorkingCalendar) => (cal.workHours.close - cal.workHours.open) * 60_000;

/**
 * The warning the case should show now, or null when it already does. Only ever raises: a
 * restarted clock (redispatch, reopen, extension decision) resets the warning in the transition
 * itself (transition-effects.ts), so a lower answer here means a stale read, not a change.
 */
export function warningChange(c: WatchedCase, now: Date, cal: WorkingCalendar, escalateAfterWorkingDays: number): WarningChange | null {
  const w = warningAt(now, { handleDueAt: c.handleDueAt, warnAt: c.warnAt, paused: false });
  if (RANK[w.warning] < RANK[c.warning] || (w.warning === c.warning && w.overdue === c.overdue)) return null;
  const turnsRed = w.warning === 'red' && c.warning !== 'red';
  return { ...w, escalateAt: turnsRed ? firstEscalation(cal, c.handleDueAt!, escalateAfterWorkingDays) : null };
}

/** Overdue by more than `days` working days: the due moment plus that much working time. 0 turns escalation off. */
export function firstEscalation(cal: WorkingCalendar, handleDueAt: Date, days: number): Date | null {
  if (days <= 0) return null;
  return cal.addWorkingHours(handleDueAt, (days * workingDayMs(cal)) / 3600_000);
}

/**
 * After an escalation at `escalateAt`: the next one, a further span of `days` working days on.
 * Spans that passed while the job was not running are skipped, so an outage does not bring a
 * burst of escalations: one per span still to come.
 */
export function nextEscalation(cal: WorkingCalendar, escalateAt: Date, now: Date, days: number): Date {
  const span = (days * workingDayMs(cal)) / 3600_000;
  let next = cal.addWorkingHours(escalateAt, span);
  while (+next <= +now) next = cal.addWorkingHours(next, span);
  return next;
}

/** Whole working days between the due moment and `at`. */
export function workingDaysOverdue(cal: WorkingCalendar, handleDueAt: Date, at: Date): number {
  return Math.floor(cal.workingTimeBetween(handleDueAt, at) / workingDayMs(cal) + 1e-9);
}

/** The district: the root of the jurisdiction tree (a path's first label; 0001 allows no parent above a district). */
export const districtPathOf = (path: string): string => path.split('.')[0]!;

/** '2025-10-14 17:30' in Shanghai time, for messages. */
export const shanghaiLabel = (d: Date): string => toShanghaiIso(d).slice(0, 16).replace('T', ' ');

const subject = (c: WatchedCase) => `案件 ${c.number}「${c.title.length > 30 ? `${c.title.slice(0, 30)}…` : c.title}」`;

/** One notice per case and deadline: a restarted clock has a new due moment, so it warns again. */
export function yellowNotice(c: WatchedCase): NoticeDraft {
  return {
    caseId: c.id,
    kind: 'yellow',
    departmentId: c.leadDepartmentId,
    path: c.path,
    message: `【黄灯预警】${subject(c)}将于 ${shanghaiLabel(c.handleDueAt!)} 到期，请抓紧办理。`,
    dedupeKey: `${c.id}:yellow:${c.handleDueAt!.toISOString()}`,
  };
}

export function overdueNotice(c: WatchedCase): NoticeDraft {
  return {
    caseId: c.id,
    kind: 'overdue',
    departmentId: c.leadDepartmentId,
    path: c.path,
    message: `【红灯超期】${subject(c)}已超过办理时限（${shanghaiLabel(c.handleDueAt!)}），列为督办件，请尽快办结。`,
    dedupeKey: `${c.id}:overdue:${c.handleDueAt!.toISOString()}`,
  };
}

export function signOverdueNotice(c: WatchedCase): NoticeDraft {
  return {
    caseId: c.id,
    kind: 'sign_overdue',
    departmentId: c.leadDepartmentId,
    path: c.path,
    message: `【签收超时】${subject(c)}应于 ${shanghaiLabel(c.signDueAt!)} 前签收，至今未签收。`,
    dedupeKey: `${c.id}:sign_overdue:${c.signDueAt!.toISOString()}`,
  };
}

/** Addressed to the level above: the district (and still to the lead department). */
export function escalatedNotice(c: WatchedCase, escalateAt: Date, daysOverdue: number, level: number): NoticeDraft {
  return {
    caseId: c.id,
    kind: 'escalated',
    departmentId: c.leadDepartmentId,
    path: districtPathOf(c.path),
    message: `【升级督办】${subject(c)}超过办理时限 ${daysOverdue} 个工作日仍未办结，已升级至区级督办（第 ${level} 次升级）。`,
    dedupeKey: `${c.id}:escalated:${escalateAt.toISOString()}`,
  };
}

import { describe, expect, it } from 'vitest';
import { parseWorkHours, toShanghaiIso, WorkingCalendar } from '../../../src/modules/calendar/working-calendar.js';
import {
  districtPathOf,
  escalatedNotice,
  firstEscalation,
  nextEscalation,
  overdueNotice,
  signOverdueNotice,
  type WatchedCase,
  warningChange,
  workingDaysOverdue,
  yellowNotice,
} from '../../../src/modules/cases/deadline-rules.js';

const cal = new WorkingCalendar({ workHours: parseWorkHours('09:00-17:30')!, unknownYears: 'weekends' });
const at = (iso: string) => new Date(iso);
const sh = (d: Date | null) => (d ? toShanghaiIso(d) : null);

// Dispatched 2025-09-30 10:00 with 5 working days: due after the National Day break (10-14 17:30),
// yellow at 75 % of the working time (10-13 13:30).
const base: WatchedCase = {
  id: '00000000-0000-4000-8000-000000000001',
  number: '20250930000001',
  title: '小区门口占道经营，油烟扰民',
  version: 3,
  status: 'signed',
  path: '310105.310105004.310105004001.310105004001001',
  subCode: '310105004',
  leadDepartmentId: '00000000-0000-4000-8000-0000000000d1',
  assistDepartmentIds: [],
  warnAt: at('2025-10-13T13:30:00+08:00'),
  handleDueAt: at('2025-10-14T17:30:00+08:00'),
  signDueAt: at('2025-09-30T11:00:00+08:00'),
  warning: 'none',
  overdue: false,
  supervised: false,
  escalationLevel: 0,
  escalateAt: null,
};

describe('warnings', () => {
  it('turns yellow at the warning moment and red after the due moment, only ever upwards', () => {
    expect(warningChange(base, at('2025-10-13T13:29:00+08:00'), cal, 2)).toBeNull();
    expect(warningChange(base, at('2025-10-13T13:30:00+08:00'), cal, 2)).toEqual({ warning: 'yellow', overdue: false, escalateAt: null });
    const yellow = { ...base, warning: 'yellow' as const };
    expect(warningChange(yellow, at('2025-10-14T17:30:00+08:00'), cal, 2)).toBeNull();
    const red = warningChange(yellow, at('2025-10-14T17:31:00+08:00'), cal, 2);
    expect(red).toMatchObject({ warning: 'red', overdue: true });
    // Overdue by more than 2 working days: 10-16 17:30.
    expect(sh(red!.escalateAt)).toBe('2025-10-16T17:30:00+08:00');
    // Already red: nothing to change; a stale read never lowers the warning.
    expect(warningChange({ ...base, warning: 'red', overdue: true }, at('2025-10-20T09:00:00+08:00'), cal, 2)).toBeNull();
    expect(warningChange({ ...base, warning: 'red', overdue: true }, at('2025-10-01T09:00:00+08:00'), cal, 2)).toBeNull();
  });

  it('goes straight to red when the job missed the yellow window, and escalation 0 means off', () => {
    expect(warningChange(base, at('2025-10-15T09:00:00+08:00'), cal, 0)).toEqual({ warning: 'red', overdue: true, escalateAt: null });
  });

  it('turns an overdue case red when an extension decision left it past due (warning reset to none)', () => {
    const c = { ...base, warning: 'none' as const, overdue: true };
    expect(warningChange(c, at('2025-10-15T09:00:00+08:00'), cal, 2)).toMatchObject({ warning: 'red', overdue: true });
  });
});

describe('escalation spans', () => {
  it('counts working days past the due moment, skipping weekends and holidays', () => {
    // Due Friday 2025-09-26 17:30; +2 working days: Sunday 09-28 is a make-up working day.
    expect(sh(firstEscalation(cal, at('2025-09-26T17:30:00+08:00'), 2))).toBe('2025-09-29T17:30:00+08:00');
    // Due 09-30 17:30; the next working days are 10-09 and 10-10.
    expect(sh(firstEscalation(cal, at('2025-09-30T17:30:00+08:00'), 2))).toBe('2025-10-10T17:30:00+08:00');
    // A due moment inside working hours (a resumed clock): exactly two working days of time.
    expect(sh(firstEscalation(cal, at('2025-11-17T13:00:00+08:00'), 2))).toBe('2025-11-19T13:00:00+08:00');
  });

  it('moves one span on after each escalation, skipping spans missed while the job was down', () => {
    const first = at('2025-10-16T17:30:00+08:00');
    expect(sh(nextEscalation(cal, first, at('2025-10-16T17:31:00+08:00'), 2))).toBe('2025-10-20T17:30:00+08:00');
    // Down for a week: the next escalation is the next span boundary still ahead, not a burst.
    expect(sh(nextEscalation(cal, first, at('2025-10-23T10:00:00+08:00'), 2))).toBe('2025-10-24T17:30:00+08:00');
    expect(workingDaysOverdue(cal, base.handleDueAt!, first)).toBe(2);
    expect(workingDaysOverdue(cal, base.handleDueAt!, at('2025-10-20T17:30:00+08:00'))).toBe(4);
    expect(workingDaysOverdue(cal, base.handleDueAt!, at('2025-10-15T12:00:00+08:00'))).toBe(0);
  });
});

describe('notices', () => {
  it('say what happened in Chinese, address the lead department and the case’s place, once per deadline', () => {
    const y = yellowNotice(base);
    expect(y).toMatchObject({ kind: 'yellow', departmentId: base.leadDepartmentId, path: base.path });
    expect(y.message).toBe('【黄灯预警】案件 20250930000001「小区门口占道经营，油烟扰民」将于 2025-10-14 17:30 到期，请抓紧办理。');
    expect(overdueNotice(base).message).toContain('已超过办理时限（2025-10-14 17:30）');
    expect(signOverdueNotice(base).message).toContain('应于 2025-09-30 11:00 前签收');
    // A restarted clock has a new due moment, hence a new key: it warns again.
    const restarted = { ...base, handleDueAt: at('2025-10-24T17:30:00+08:00') };
    expect(overdueNotice(restarted).dedupeKey).not.toBe(overdueNotice(base).dedupeKey);
    expect(yellowNotice(restarted).dedupeKey).not.toBe(y.dedupeKey);
  });

  it('send escalations to the district, the level above', () => {
    expect(districtPathOf(base.path)).toBe('310105');
    const e = escalatedNotice(base, at('2025-10-16T17:30:00+08:00'), 2, 1);
    expect(e).toMatchObject({ kind: 'escalated', path: '310105', departmentId: base.leadDepartmentId });
    expect(e.message).toBe('【升级督办】案件 20250930000001「小区门口占道经营，油烟扰民」超过办理时限 2 个工作日仍未办结，已升级至区级督办（第 1 次升级）。');
    expect(escalatedNotice(base, at('2025-10-20T17:30:00+08:00'), 4, 2).dedupeKey).not.toBe(e.dedupeKey);
  });

  it('shorten long titles', () => {
    const long = { ...base, title: '长'.repeat(40) };
    expect(yellowNotice(long).message).toContain(`「${'长'.repeat(30)}…」`);
  });
});

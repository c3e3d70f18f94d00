import { describe, expect, it } from 'vitest';
import { parseWorkHours, toShanghaiIso, WorkingCalendar } from '../../../src/modules/calendar/working-calendar.js';
import type { CaseConfigSnapshot, DepartmentEntry } from '../../../src/modules/cases/config-cache.js';
import { deadlineRuleFor, handlingDeadlines, remainingMs, resumeDeadline, warningAt } from '../../../src/modules/cases/deadlines.js';
import { chooseDepartments } from '../../../src/modules/cases/dispatch.js';

const cal = new WorkingCalendar({ workHours: parseWorkHours('09:00-17:30')!, unknownYears: 'weekends' });
const dept = (id: string, kind: string, level: 'district' | 'subdistrict', unitId: string): DepartmentEntry => ({ id, code: id, name: id, kind, level, unitId, path: '310105' });
const cat = (code: string, parentCode: string | null) => ({ code, parentCode, name: code, nameEn: code, parentName: parentCode, kind: 'event' as const, defaultType: 'complaint' as const, complex: false, urgent: false, active: true });

const cfg: CaseConfigSnapshot = {
  categories: new Map([
    ['B01', cat('B01', null)],
    ['B0101', cat('B0101', 'B01')],
    ['B0102', cat('B0102', 'B01')],
    ['B0103', cat('B0103', 'B01')],
  ]),
  rules: [
    { id: 'r1', categoryCode: 'B0101', subdistrictId: null, leadKind: 'greening', leadLevel: 'subdistrict', leadDepartmentId: null, assistKinds: ['urban_management'], autoDispatch: true },
    { id: 'r2', categoryCode: 'B0101', subdistrictId: 'S2', leadKind: null, leadLevel: null, leadDepartmentId: 'district-cg', assistKinds: [], autoDispatch: true },
    { id: 'r3', categoryCode: 'B01', subdistrictId: null, leadKind: 'urban_management', leadLevel: 'district', leadDepartmentId: null, assistKinds: [], autoDispatch: false },
  ],
  deadlineRules: [
    { caseType: null, categoryCode: null, signWorkingHours: 1, urgentSignHours: 2, handleWorkingDays: 5, complexWorkingDays: 15, followUpWorkingDays: 1, warnRatio: 0.75 },
    { caseType: 'consult', categoryCode: null, signWorkingHours: 1, urgentSignHours: 2, handleWorkingDays: 1, complexWorkingDays: 15, followUpWorkingDays: 1, warnRatio: 0.75 },
    { caseType: null, categoryCode: 'B01', signWorkingHours: 2, urgentSignHours: 1, handleWorkingDays: 3, complexWorkingDays: 10, followUpWorkingDays: 1, warnRatio: 0.5 },
    { caseType: 'consult', categoryCode: 'B0102', signWorkingHours: 1, urgentSignHours: 1, handleWorkingDays: 2, complexWorkingDays: 10, followUpWorkingDays: 1, warnRatio: 0.5 },
  ],
  departments: new Map(
    [dept('s1-green', 'greening', 'subdistrict', 'S1'), dept('s1-cg', 'urban_management', 'subdistrict', 'S1'), dept('district-cg', 'urban_management', 'district', 'D'), dept('district-green', 'greening', 'district', 'D')].map((d) => [d.id, d]),
  ),
};

describe('权责清单 dispatch', () => {
  it('sends a category to the office of the rule kind stationed in the case 街镇, with assisting offices', () => {
    const c = chooseDepartments(cfg, 'B0101', 'S1');
    expect(c.lead?.id).toBe('s1-green');
    expect(c.assists.map((d) => d.id)).toEqual(['s1-cg']);
    expect(c.rule?.id).toBe('r1');
  });
  it('prefers the 街镇 own rule over the district-wide one', () => {
    expect(chooseDepartments(cfg, 'B0101', 'S2').lead?.id).toBe('district-cg');
  });
  it('falls back to the district bureau where the 街镇 has no office of that kind', () => {
    expect(chooseDepartments(cfg, 'B0101', 'S3').lead?.id).toBe('district-green');
  });
  it('uses the first-level category rule when the second level has none, and says why when nothing applies', () => {
    const c = chooseDepartments(cfg, 'B0103', 'S1');
    expect(c.rule?.id).toBe('r3');
    expect(c.rule?.autoDispatch).toBe(false);
    expect(chooseDepartments(cfg, null, 'S1').reason).toContain('未分类');
  });
});

describe('deadline rules', () => {
  it('picks the most specific rule: category + type, category, parent category, type, default', () => {
    expect(deadlineRuleFor(cfg, 'consult', 'B0102').handleWorkingDays).toBe(2);
    expect(deadlineRuleFor(cfg, 'complaint', 'B0102').handleWorkingDays).toBe(3); // parent B01
    expect(deadlineRuleFor(cfg, 'consult', null).handleWorkingDays).toBe(1);
    expect(deadlineRuleFor(cfg, 'help', null).handleWorkingDays).toBe(5);
  });

  it('signs within working hours, or clock hours when urgent; handles in working days (long for complex cases)', () => {
    const rule = deadlineRuleFor(cfg, 'help', null);
    const friday = new Date('2025-11-14T17:00:00+08:00');
    const normal = handlingDeadlines(cal, rule, friday, { urgent: false, complex: false });
    expect(toShanghaiIso(normal.signDueAt)).toBe('2025-11-17T09:30:00+08:00');
    expect(toShanghaiIso(normal.handleDueAt)).toBe('2025-11-21T17:30:00+08:00');
    const urgent = handlingDeadlines(cal, rule, friday, { urgent: true, complex: false });
    expect(toShanghaiIso(urgent.signDueAt)).toBe('2025-11-14T19:00:00+08:00');
    const complex = handlingDeadlines(cal, rule, friday, { urgent: false, complex: true });
    expect(toShanghaiIso(complex.handleDueAt)).toBe('2025-12-05T17:30:00+08:00');
    expect(normal.calendarKnown).toBe(true);
    expect(+normal.warnAt).toBeGreaterThan(+friday);
    expect(+normal.warnAt).toBeLessThan(+normal.handleDueAt);
  });

  it('flags deadlines that reach a year without holiday data', () => {
    const rule = deadlineRuleFor(cfg, 'help', null);
    expect(handlingDeadlines(cal, rule, new Date('2026-12-29T10:00:00+08:00'), { urgent: false, complex: false }).calendarKnown).toBe(false);
  });

  it('keeps the remaining working time across a pause and adds approved days', () => {
    const due = new Date('2025-11-21T17:30:00+08:00');
    const pausedAt = new Date('2025-11-20T17:30:00+08:00'); // one working day (8.5 h) left
    const left = remainingMs(cal, pausedAt, due);
    expect(left).toBe(8.5 * 3600_000);
    const resumedMonday = new Date('2025-11-24T09:00:00+08:00');
    expect(toShanghaiIso(resumeDeadline(cal, resumedMonday, left))).toBe('2025-11-24T17:30:00+08:00');
    expect(toShanghaiIso(resumeDeadline(cal, resumedMonday, left, 2))).toBe('2025-11-26T17:30:00+08:00');
  });

  it('shows yellow after the warning moment, red after the deadline, nothing while paused', () => {
    const c = { handleDueAt: new Date('2025-11-21T17:30:00+08:00'), warnAt: new Date('2025-11-20T12:00:00+08:00'), paused: false };
    expect(warningAt(new Date('2025-11-19T10:00:00+08:00'), c).warning).toBe('none');
    expect(warningAt(new Date('2025-11-20T12:00:00+08:00'), c).warning).toBe('yellow');
    expect(warningAt(new Date('2025-11-22T10:00:00+08:00'), c)).toEqual({ warning: 'red', overdue: true });
    expect(warningAt(new Date('2025-11-22T10:00:00+08:00'), { ...c, paused: true }).warning).toBe('none');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { knownYears } from '../../../src/modules/calendar/holidays.js';
import {
  CalendarUnknownYearError,
  parseWorkHours,
  shanghaiDate,
  toShanghaiIso,
  WorkingCalendar,
} from '../../../src/modules/calendar/working-calendar.js';

const cal = new WorkingCalendar({ workHours: parseWorkHours('09:00-17:30')! });
const at = (iso: string) => new Date(iso);
const days = (from: string, n: number) => toShanghaiIso(cal.addWorkingDays(at(from), n));
const hours = (from: string, h: number) => toShanghaiIso(cal.addWorkingHours(at(from), h));
const H = 3600_000;

describe('working days', () => {
  it('knows statutory holidays, 调休 make-up days and ordinary weekends', () => {
    expect(cal.isWorkingDay('2025-10-01')).toBe(false); // 国庆节
    expect(cal.isWorkingDay('2025-10-06')).toBe(false); // 中秋, inside the National Day break
    expect(cal.isWorkingDay('2025-09-28')).toBe(true); // Sunday, make-up working day
    expect(cal.isWorkingDay('2025-10-11')).toBe(true); // Saturday, make-up working day
    expect(cal.isWorkingDay('2025-11-15')).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay('2025-11-17')).toBe(true); // ordinary Monday
    // An instant is taken in Shanghai: 2025-11-16T20:00Z is Monday morning in Shanghai.
    expect(cal.isWorkingDay(at('2025-11-16T20:00:00Z'))).toBe(true);
  });

  it('2025-09-30 10:00 + 5 working days is due after National Day, not on 2025-10-07', () => {
    // Day 1 = 10-09, 2 = 10-10, 3 = 10-11 (make-up Saturday), 4 = 10-13, 5 = 10-14.
    expect(days('2025-09-30T10:00:00+08:00', 5)).toBe('2025-10-14T17:30:00+08:00');
    expect(days('2025-09-30T10:00:00+08:00', 3)).toBe('2025-10-11T17:30:00+08:00');
  });

  it('the receiving day never counts, whatever the time of receipt', () => {
    // Tuesday 2025-11-18: before opening, during hours and after closing all give Wednesday as day 1.
    expect(days('2025-11-18T08:00:00+08:00', 1)).toBe('2025-11-19T17:30:00+08:00');
    expect(days('2025-11-18T10:00:00+08:00', 1)).toBe('2025-11-19T17:30:00+08:00');
    expect(days('2025-11-18T20:00:00+08:00', 1)).toBe('2025-11-19T17:30:00+08:00');
    // Received on a Saturday: Monday is day 1.
    expect(days('2025-11-15T10:00:00+08:00', 1)).toBe('2025-11-17T17:30:00+08:00');
  });

  it('skips an ordinary weekend', () => {
    // Friday 2025-11-14 + 1 → Monday 11-17; + 3 → Wednesday 11-19.
    expect(days('2025-11-14T10:00:00+08:00', 1)).toBe('2025-11-17T17:30:00+08:00');
    expect(days('2025-11-14T10:00:00+08:00', 3)).toBe('2025-11-19T17:30:00+08:00');
  });

  it('counts a make-up Saturday as a working day', () => {
    // Friday 2025-10-10 + 1 → Saturday 10-11 (调休上班).
    expect(days('2025-10-10T10:00:00+08:00', 1)).toBe('2025-10-11T17:30:00+08:00');
  });

  it('crosses Spring Festival 2025 (01-28..02-04 off, 01-26 and 02-08 make-up days)', () => {
    expect(days('2025-01-27T10:00:00+08:00', 1)).toBe('2025-02-05T17:30:00+08:00');
    // 02-05, 02-06, 02-07, 02-08 (make-up Saturday), 02-10.
    expect(days('2025-01-27T10:00:00+08:00', 5)).toBe('2025-02-10T17:30:00+08:00');
    // Received Saturday 01-25: Sunday 01-26 is a make-up working day and counts as day 1.
    expect(days('2025-01-25T10:00:00+08:00', 1)).toBe('2025-01-26T17:30:00+08:00');
  });

  it('crosses Spring Festival 2026 (02-15..02-23 off, 02-14 and 02-28 make-up days)', () => {
    expect(days('2026-02-13T10:00:00+08:00', 1)).toBe('2026-02-14T17:30:00+08:00');
    expect(days('2026-02-13T10:00:00+08:00', 2)).toBe('2026-02-24T17:30:00+08:00');
    // 02-24..02-27 are days 2–5, Saturday 02-28 is day 6.
    expect(days('2026-02-13T10:00:00+08:00', 6)).toBe('2026-02-28T17:30:00+08:00');
  });

  it('0 working days means the same working day, or the next one when received after closing or on a day off', () => {
    expect(days('2025-11-18T10:00:00+08:00', 0)).toBe('2025-11-18T17:30:00+08:00');
    expect(days('2025-11-18T17:30:00+08:00', 0)).toBe('2025-11-19T17:30:00+08:00');
    expect(days('2025-10-01T10:00:00+08:00', 0)).toBe('2025-10-09T17:30:00+08:00');
  });

  it('describes the holidays and make-up days on the way', () => {
    const from = at('2025-09-30T10:00:00+08:00');
    const span = cal.describe(from, cal.addWorkingDays(from, 5));
    expect(span.holidaysSkipped.map((h) => h.date)).toEqual(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']);
    expect(span.holidaysSkipped[0]!.name).toBe('国庆节');
    expect(span.holidaysSkipped[5]!.name).toBe('中秋');
    expect(span.makeupWorkdays).toEqual(['2025-10-11']);
    expect(span.unknownYears).toEqual([]);
  });
});

describe('working hours', () => {
  it('adds within one day and ends exactly at closing', () => {
    expect(hours('2025-11-18T10:00:00+08:00', 2)).toBe('2025-11-18T12:00:00+08:00');
    expect(hours('2025-11-18T09:00:00+08:00', 8.5)).toBe('2025-11-18T17:30:00+08:00');
  });

  it('carries over nights (no lunch break: one interval per day)', () => {
    // 16:00 + 4h: 1.5h today, 2.5h from Wednesday 09:00.
    expect(hours('2025-11-18T16:00:00+08:00', 4)).toBe('2025-11-19T11:30:00+08:00');
    expect(hours('2025-11-18T11:00:00+08:00', 2)).toBe('2025-11-18T13:00:00+08:00');
  });

  it('carries over weekends and statutory holidays', () => {
    // Friday 2025-11-14 17:00 + 1h → Monday 09:30.
    expect(hours('2025-11-14T17:00:00+08:00', 1)).toBe('2025-11-17T09:30:00+08:00');
    // 2025-09-30 17:00 + 1h → make-up? No: 10-01..10-08 off, so 10-09 09:30.
    expect(hours('2025-09-30T17:00:00+08:00', 1)).toBe('2025-10-09T09:30:00+08:00');
    // 2025-10-10 17:00 + 1h → Saturday 10-11 09:30 (make-up working day).
    expect(hours('2025-10-10T17:00:00+08:00', 1)).toBe('2025-10-11T09:30:00+08:00');
    // 40 hours from Monday 2025-11-17 09:00: 4 full days (34h) + 6h on Friday → 15:00.
    expect(hours('2025-11-17T09:00:00+08:00', 40)).toBe('2025-11-21T15:00:00+08:00');
  });

  it('a start outside hours begins at the next opening', () => {
    expect(hours('2025-11-18T07:00:00+08:00', 1)).toBe('2025-11-18T10:00:00+08:00');
    expect(hours('2025-11-18T20:00:00+08:00', 1)).toBe('2025-11-19T10:00:00+08:00');
    expect(hours('2025-11-15T12:00:00+08:00', 1)).toBe('2025-11-17T10:00:00+08:00');
  });

  it('0 hours answers the start itself, or the next opening outside hours', () => {
    expect(hours('2025-11-18T10:15:00+08:00', 0)).toBe('2025-11-18T10:15:00+08:00');
    expect(hours('2025-11-18T18:00:00+08:00', 0)).toBe('2025-11-19T09:00:00+08:00');
  });

  it('measures working time between two instants', () => {
    const between = (a: string, b: string) => cal.workingTimeBetween(at(a), at(b));
    expect(between('2025-11-18T10:00:00+08:00', '2025-11-18T12:00:00+08:00')).toBe(2 * H);
    expect(between('2025-11-14T17:00:00+08:00', '2025-11-17T09:30:00+08:00')).toBe(1 * H);
    expect(between('2025-09-30T17:00:00+08:00', '2025-10-09T09:30:00+08:00')).toBe(1 * H);
    expect(between('2025-11-18T12:00:00+08:00', '2025-11-18T10:00:00+08:00')).toBe(-2 * H);
    expect(between('2025-11-15T10:00:00+08:00', '2025-11-16T10:00:00+08:00')).toBe(0);
    // Inverse of addWorkingHours.
    const from = at('2025-09-29T15:00:00+08:00');
    expect(cal.workingTimeBetween(from, cal.addWorkingHours(from, 30))).toBe(30 * H);
  });

  it('uses the configured hours', () => {
    const early = new WorkingCalendar({ workHours: parseWorkHours('08:30-17:00')! });
    expect(toShanghaiIso(early.addWorkingHours(at('2025-11-18T16:30:00+08:00'), 1))).toBe('2025-11-19T09:00:00+08:00');
    expect(toShanghaiIso(early.addWorkingDays(at('2025-11-18T10:00:00+08:00'), 1))).toBe('2025-11-19T17:00:00+08:00');
  });
});

describe('time zone independence', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });
  it.each(['UTC', 'America/New_York', 'Asia/Shanghai'])('gives the same answers with TZ=%s', (tz) => {
    process.env.TZ = tz;
    // The process time zone really changed (New York is behind UTC on 2025-09-30).
    expect(new Date('2025-09-30T12:00:00Z').getTimezoneOffset()).toBe({ UTC: 0, 'America/New_York': 240, 'Asia/Shanghai': -480 }[tz]);
    expect(days('2025-09-30T10:00:00+08:00', 5)).toBe('2025-10-14T17:30:00+08:00');
    // 02:00Z on 10-01 is 10:00 on National Day in Shanghai (still 09-30 in New York).
    expect(shanghaiDate(at('2025-10-01T02:00:00Z'))).toBe('2025-10-01');
    expect(cal.isWorkingDay(at('2025-10-01T02:00:00Z'))).toBe(false);
    // 09:00Z is 17:00 in Shanghai: half an hour left on 09-30, the rest after the holiday.
    expect(hours('2025-09-30T09:00:00Z', 1)).toBe('2025-10-09T09:30:00+08:00');
  });
});

describe('years without holiday data', () => {
  const after = knownYears.last + 1;
  it('are refused in strict mode rather than guessed', () => {
    expect(() => cal.isWorkingDay(`${after}-03-02`)).toThrow(CalendarUnknownYearError);
    expect(() => cal.addWorkingDays(at(`${knownYears.last}-12-30T10:00:00+08:00`), 10)).toThrow(/尚未收录/);
    expect(() => cal.isWorkingDay(`${knownYears.first - 1}-06-02`)).toThrow(CalendarUnknownYearError);
  });
  it('are reported by describe() when counted as Monday–Friday in lenient mode', () => {
    const lenient = new WorkingCalendar({ workHours: cal.workHours, unknownYears: 'weekends' });
    const from = at(`${knownYears.last}-12-30T10:00:00+08:00`);
    const due = lenient.addWorkingDays(from, 10);
    expect(shanghaiDate(due).startsWith(String(after))).toBe(true);
    expect(lenient.describe(from, due).unknownYears).toEqual([after]);
  });
});

describe('GONGZHI_WORK_HOURS', () => {
  it('defaults to 09:00-17:30', () => {
    expect(loadConfig({}).workHours).toEqual({ open: 540, close: 1050, text: '09:00-17:30' });
    expect(loadConfig({ GONGZHI_WORK_HOURS: '08:30-17:00' }).workHours).toEqual({ open: 510, close: 1020, text: '08:30-17:00' });
  });
  it.each(['9-17', '09:00', '18:00-09:00', '09:00-09:00', '25:00-26:00', '09:60-17:00'])('rejects %s with a Chinese message', (v) => {
    expect(() => loadConfig({ GONGZHI_WORK_HOURS: v })).toThrow(ConfigError);
    expect(() => loadConfig({ GONGZHI_WORK_HOURS: v })).toThrow(/GONGZHI_WORK_HOURS 应为 HH:MM-HH:MM/);
  });
});

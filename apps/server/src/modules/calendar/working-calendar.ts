import { holidayName, isKnownYear, knownYears, makeupWorkdayOf } from './holidays.js';

/**
 * Working days and working hours in Asia/Shanghai, whatever the server's TZ: Shanghai has kept
 * UTC+08:00 without daylight saving since 1991, so local dates are computed by shifting the
 * instant by eight hours and reading UTC fields — no dependence on the process time zone.
 *
 * Rule for "n working days" (the receiving day never counts, as 民法典 第201条 counts periods
 * "开始的当日不计入"): day 1 is the first working day after the Shanghai calendar date on which the
 * case was received — whether it arrived during hours, before opening, after closing or on a day
 * off — and the case is due at the closing time of day n. A case received on a working day
 * during working hours therefore has the whole next working day as day 1. n = 0 means "the same
 * working day": the closing time of the receiving day when it is a working day and the case
 * arrived before closing, otherwise the closing time of the next working day.
 *
 * Working hours are one interval [open, close) per working day (no lunch break).
 */

export const TIMEZONE = 'Asia/Shanghai' as const;
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const MINUTE_MS = 60_000;

/** Minutes after local midnight; `text` is the configured form, e.g. '09:00-17:30'. */
export interface WorkHours {
  open: number;
  close: number;
  text: string;
}

const workHoursPattern = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses 'HH:MM-HH:MM'; null when malformed or when closing is not after opening. */
export function parseWorkHours(text: string): WorkHours | null {
  const m = workHoursPattern.exec(text.trim());
  if (!m) return null;
  const open = Number(m[1]) * 60 + Number(m[2]);
  const close = Number(m[3]) * 60 + Number(m[4]);
  return close > open ? { open, close, text: text.trim() } : null;
}

/** A date outside the years the statutory calendar is known for, in strict mode. */
export class CalendarUnknownYearError extends Error {
  constructor(readonly year: number) {
    super(`${year} 年的法定节假日安排尚未收录（已收录 ${knownYears.first}–${knownYears.last} 年）`);
  }
}

/** 'YYYY-MM-DD' of the instant in Shanghai. */
export function shanghaiDate(instant: Date | number): string {
  return new Date(+instant + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant as ISO 8601 with +08:00 (milliseconds only when present). */
export function toShanghaiIso(instant: Date | number): string {
  const local = new Date(+instant + OFFSET_MS).toISOString();
  const ms = local.slice(19, 23);
  return `${local.slice(0, 19)}${ms === '.000' ? '' : ms}+08:00`;
}

/** Epoch ms of local midnight starting `day`. */
function midnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - OFFSET_MS;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export interface CalendarOptions {
  workHours: WorkHours;
  /**
   * `throw` (default): a day in a year without data raises CalendarUnknownYearError.
   * `weekends`: such days count Monday–Friday as working days; callers must then report the
   * answer as provisional (see `describe().unknownYears`), never as exact.
   */
  unknownYears?: 'throw' | 'weekends';
}

export interface SpanDescription {
  holidaysSkipped: { date: string; name: string }[];
  makeupWorkdays: string[];
  unknownYears: number[];
}

export class WorkingCalendar {
  readonly workHours: WorkHours;
  private readonly lenient: boolean;

  constructor(opts: CalendarOptions) {
    this.workHours = opts.workHours;
    this.lenient = opts.unknownYears === 'weekends';
  }

  /** Whether `date` (an instant, taken in Shanghai, or 'YYYY-MM-DD') is a working day. */
  isWorkingDay(date: Date | string): boolean {
    const day = typeof date === 'string' ? date : shanghaiDate(date);
    const year = Number(day.slice(0, 4));
    if (!isKnownYear(year) && !this.lenient) throw new CalendarUnknownYearError(year);
    if (holidayName(day)) return false;
    if (makeupWorkdayOf(day)) return true;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** Due moment of `n` working days from `from` — see the rule at the top of this file. */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
    let day = shanghaiDate(from);
    if (n === 0) {
      const beforeClose = +from < midnight(day) + this.workHours.close * MINUTE_MS;
      if (!(this.isWorkingDay(day) && beforeClose)) day = this.nextWorkingDay(day);
      return this.closingOf(day);
    }
    for (let counted = 0; counted < n; counted++) day = this.nextWorkingDay(day);
    return this.closingOf(day);
  }

  /**
   * The moment by which `hours` of working time have passed since `from`. Only time inside working
   * hours on working days counts; a start outside them begins at the next opening (so 0 hours
   * outside hours answers that opening). Ending exactly at closing answers the closing time.
   */
  addWorkingHours(from: Date, hours: number): Date {
    if (!(hours >= 0) || !Number.isFinite(hours)) throw new RangeError('hours must be a non-negative number');
    let remaining = Math.round(hours * 3600_000);
    let t = +from;
    for (;;) {
      const day = shanghaiDate(t);
      if (this.isWorkingDay(day)) {
        const open = midnight(day) + this.workHours.open * MINUTE_MS;
        const close = midnight(day) + this.workHours.close * MINUTE_MS;
        const start = Math.max(t, open);
        if (start < close) {
          if (remaining <= close - start) return new Date(start + remaining);
          remaining -= close - start;
        }
      }
      t = midnight(nextDay(day));
    }
  }

  /** Working milliseconds between two instants; negative when `b` is before `a`. */
  workingTimeBetween(a: Date, b: Date): number {
    if (+b < +a) return -this.workingTimeBetween(b, a);
    let total = 0;
    const last = shanghaiDate(b);
    for (let day = shanghaiDate(a); ; day = nextDay(day)) {
      if (this.isWorkingDay(day)) {
        const open = midnight(day) + this.workHours.open * MINUTE_MS;
        const close = midnight(day) + this.workHours.close * MINUTE_MS;
        total += Math.max(0, Math.min(close, +b) - Math.max(open, +a));
      }
      if (day === last) return total;
    }
  }

  /** Statutory holidays, make-up working days and unknown years on the local dates from `a` to `b` inclusive. */
  describe(a: Date, b: Date): SpanDescription {
    const out: SpanDescription = { holidaysSkipped: [], makeupWorkdays: [], unknownYears: [] };
    const last = shanghaiDate(b);
    for (let day = shanghaiDate(a); day <= last; day = nextDay(day)) {
      const year = Number(day.slice(0, 4));
      if (!isKnownYear(year) && !out.unknownYears.includes(year)) out.unknownYears.push(year);
      const name = holidayName(day);
      if (name) out.holidaysSkipped.push({ date: day, name });
      if (makeupWorkdayOf(day)) out.makeupWorkdays.push(day);
    }
    return out;
  }

  private nextWorkingDay(day: string): string {
    let d = nextDay(day);
    while (!this.isWorkingDay(d)) d = nextDay(d);
    return d;
  }

  private closingOf(day: string): Date {
    return new Date(midnight(day) + this.workHours.close * MINUTE_MS);
  }
}

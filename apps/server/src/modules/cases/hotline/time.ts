import { toHalfWidth } from '@gongzhi/contracts';
import { toShanghaiIso } from '../../calendar/working-calendar.js';
import type { Cell } from './read-file.js';

const shanghaiOffsetMs = 8 * 3600_000;
// Excel's day 0 is 1899-12-30; day 25569 is 1970-01-01.
const excelEpochDays = 25569;

export type TimeResult = { ok: true; date: Date; iso: string } | { ok: false; reason: string };


function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  // Date.UTC rolls 2025-02-30 over to March: a date that does not round-trip does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(t - shanghaiOffsetMs);
}

const datePart = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`;
// Seconds follow a colon (09:30:15) or 分 (9时30分15秒); text is half-width by then.
const timePart = String.raw`(\d{1,2})\s*[:时]\s*(\d{1,2})\s*(?::\s*(\d{1,2})(?:\.\d+)?|分\s*(?:(\d{1,2})\s*秒)?)?`;
const local = new RegExp(`^${datePart}(?:\\s*T?\\s*${timePart})?$`);
const withOffset = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * 受理时间 from a cell: an xlsx date cell (wall-clock time, no zone), an Excel serial number, or
 * text such as `2025-11-28 09:30`, `2025/11/28 9:30:00`, `2025年11月28日 9时30分` (all in
 * Asia/Shanghai) or ISO 8601 with an offset. A time of day is required; the future is refused.
 */
export function parseReceivedAt(cell: Cell, now: Date, toleranceMs = 5 * 60_000): TimeResult {
  let date: Date | null = null;
  if (cell instanceof Date) {
    // exceljs gives an xlsx date as if it were UTC: its UTC fields are the wall clock in the sheet.
    date = new Date(cell.getTime() - shanghaiOffsetMs);
  } else if (typeof cell === 'number') {
    if (cell < excelEpochDays || cell > 73051) return { ok: false, reason: '受理时间不是有效的日期时间' };
    if (Number.isInteger(cell)) return { ok: false, reason: '受理时间缺少时分（应如 2025-11-28 09:30）' };
    date = new Date(Math.round((cell - excelEpochDays) * 86400) * 1000 - shanghaiOffsetMs);
  } else if (typeof cell === 'string') {
    const s = toHalfWidth(cell).trim();
    if (withOffset.test(s)) {
      const t = Date.parse(s.replace(' ', 'T'));
      date = Number.isNaN(t) ? null : new Date(t);
    } else {
      const m = local.exec(s);
      if (!m) return { ok: false, reason: '受理时间格式无法识别（应如 2025-11-28 09:30）' };
      if (m[4] === undefined) return { ok: false, reason: '受理时间缺少时分（应如 2025-11-28 09:30）' };
      date = wallClock(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? m[7] ?? 0));
    }
  } else {
    return { ok: false, reason: '受理时间不是有效的日期时间' };
  }
  if (!date || Number.isNaN(date.getTime())) return { ok: false, reason: '受理时间不是有效的日期时间' };
  if (date.getTime() > now.getTime() + toleranceMs) return { ok: false, reason: '受理时间晚于当前时间' };
  if (date.getUTCFullYear() < 2000) return { ok: false, reason: '受理时间早于 2000 年，不是有效的受理时间' };
  // Whole seconds: what the hotline system records.
  date = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return { ok: true, date, iso: toShanghaiIso(date) };
}

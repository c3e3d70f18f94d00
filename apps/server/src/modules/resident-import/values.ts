import { toHalfWidth } from '@gongzhi/contracts';
import type { Cell } from './parse.js';

/**
 * Cell values as committees type them: 是/否 in several spellings, dates as Excel dates or as
 * text (2024/3/5, 2024-03-05, 2024年3月5日, 20240305), building numbers as 5 / 5号 / 5号楼 / ５幢.
 * Each parser answers the value, or null when the cell cannot be read as one.
 */

/** Trimmed, half-width text; '' for an empty cell. Numbers print without Excel's float noise. */
export function text(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(Number(c.toPrecision(15)));
  return toHalfWidth(String(c)).replace(/[\u00a0\u3000]/g, ' ').trim();
}

const yes = new Set(['是', 'y', 'yes', '1', 'true', '√', '✓', '有']);
const no = new Set(['否', 'n', 'no', '0', 'false', '×', '✗', '无']);
export function yesNo(c: Cell): boolean | null {
  if (typeof c === 'boolean') return c;
  const t = text(c).toLowerCase();
  return yes.has(t) ? true : no.has(t) ? false : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
function ymd(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** 'YYYY-MM-DD' or null. Excel date cells arrive as Dates at UTC midnight; a bare number is an Excel serial day. */
export function dateOf(c: Cell): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : ymd(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate());
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 1 || c > 80_000) return null;
    const d = new Date(Date.UTC(1899, 11, 30) + c * 86_400_000);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const t = text(c).replace(/\s+/g, '');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  return m ? ymd(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

const chineseDigits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/** 一..九十九 as a number (单元 and 楼号 are sometimes written so). */
function chineseNumber(s: string): number | null {
  if (!/^[一二两三四五六七八九十]+$/.test(s)) return null;
  if (s === '十') return 10;
  const [a, b] = s.split('十') as [string, string | undefined];
  if (b === undefined) return s.length === 1 ? chineseDigits[s]! : null;
  return (a ? chineseDigits[a]! : 1) * 10 + (b ? chineseDigits[b]! : 0);
}

/** The building's number: 5 / 5号 / 5号楼 / 5幢 / 5栋 / 五号楼 → '5'; other names (甲楼) are kept as typed. */
export function buildingKey(c: Cell): string {
  const t = text(c).replace(/\s+/g, '');
  const m = /^(\d+|[一二两三四五六七八九十]+)(号楼|号|幢|栋|楼|座)?$/.exec(t);
  if (!m) return t;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!);
  return n === null ? t : String(n);
}

/** 单元: 1 / 1单元 / 一单元 → 1; empty → 1 (most blocks have one). */
export function unitNo(c: Cell): number | null {
  const t = text(c).replace(/\s+/g, '').replace(/单元$/, '');
  if (t === '') return 1;
  const n = /^\d+$/.test(t) ? Number(t) : chineseNumber(t);
  return n !== null && n >= 1 && n <= 50 ? n : null;
}

/** 室号 and its floor: 601 / 601室 → ('601', 6); 1203 → 12; 2 or 02 (a low-rise flat) → floor 1; B101 → -1. */
export function roomOf(c: Cell): { room: string; floor: number } | null {
  const t = text(c).replace(/\s+/g, '').replace(/室$/, '').toUpperCase();
  if (t === '' || t.length > 16) return null;
  const basement = /^(B|地下|负)(\d{3,4})$/.exec(t);
  if (basement) return { room: t, floor: -Math.floor(Number(basement[2]) / 100) };
  if (!/^\d+$/.test(t)) return /^[\dA-Z-]+$/.test(t) ? { room: t, floor: 1 } : null;
  const n = Number(t);
  return { room: String(n), floor: n >= 100 ? Math.floor(n / 100) : 1 };
}

/** Several labels in one cell, separated by 、 , ， ; ； / or spaces. */
export function splitList(c: Cell): string[] {
  return text(c)
    .split(/[、,，;；/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Compound names compare without spaces and full-width differences. */
export const compoundKey = (s: string): string => toHalfWidth(s).replace(/[\s\u3000]+/g, '');

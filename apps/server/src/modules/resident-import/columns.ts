import { type ResidentImportColumnKey, residentImportColumns } from '@gongzhi/contracts';
import { normalizeHeader } from '../cases/hotline/columns.js';

const byName = new Map<string, ResidentImportColumnKey>();
for (const c of residentImportColumns) for (const name of [c.header, ...c.aliases]) byName.set(normalizeHeader(name), c.key);

export type ColumnMap = Partial<Record<ResidentImportColumnKey, number>>;

export type HeaderResult =
  | { ok: true; columns: ColumnMap; unknown: string[] }
  | { ok: false; message: string; missing: string[]; unknown: string[]; repeated: string[] };

export const headerOf = (key: ResidentImportColumnKey): string => residentImportColumns.find((c) => c.key === key)!.header;

/**
 * Finds each known column in the header row. Columns a committee adds for itself (备注 …) are
 * tolerated, but named in the message when required ones are missing: a misspelt required
 * header usually shows up there.
 */
export function mapHeader(cells: unknown[]): HeaderResult {
  const columns: ColumnMap = {};
  const repeated: string[] = [];
  const unknown: string[] = [];
  cells.forEach((cell, i) => {
    if (cell === null || cell === undefined || String(cell).trim() === '') return;
    const key = byName.get(normalizeHeader(String(cell)));
    if (!key) unknown.push(String(cell).trim());
    else if (columns[key] !== undefined) repeated.push(headerOf(key));
    else columns[key] = i;
  });
  const missing = residentImportColumns.filter((c) => c.required && columns[c.key] === undefined).map((c) => c.header);
  if (missing.length > 0 || repeated.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`缺少必需的列：${missing.join('、')}`);
    if (repeated.length > 0) parts.push(`列重复：${repeated.join('、')}`);
    if (unknown.length > 0) parts.push(`无法识别的列：${unknown.join('、')}`);
    return { ok: false, message: `表头不正确，${parts.join('；')}。请使用居民信息导入模板（表头在第一行）。`, missing, unknown, repeated };
  }
  return { ok: true, columns, unknown };
}

/** Whether a row looks like the header: it names at least three known columns. */
export function looksLikeHeader(cells: unknown[]): boolean {
  return cells.filter((c) => c !== null && c !== undefined && byName.has(normalizeHeader(String(c)))).length >= 3;
}

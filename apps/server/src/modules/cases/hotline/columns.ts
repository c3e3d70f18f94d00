import { type HotlineColumnKey, hotlineColumns, toHalfWidth } from '@gongzhi/contracts';

/** A header as people write it → a comparable form: no spaces, half-width, no `*` marks, no bracketed note. */
export function normalizeHeader(h: string): string {
  return toHalfWidth(h)
    .replace(/[\s\u00a0\u3000\ufeff]+/g, '')
    .replace(/\*/g, '')
    .replace(/[(（][^)）]*[)）]$/, '')
    .toLowerCase();
}

const byName = new Map<string, HotlineColumnKey>();
for (const c of hotlineColumns) for (const name of [c.header, ...c.aliases]) byName.set(normalizeHeader(name), c.key);

export type ColumnMap = Partial<Record<HotlineColumnKey, number>>;

export type HeaderResult = { ok: true; columns: ColumnMap } | { ok: false; message: string; missing: string[]; repeated: string[] };

/** Finds each known column in a header row; unknown headers are ignored (exports carry many more). */
export function mapHeader(cells: unknown[]): HeaderResult {
  const columns: ColumnMap = {};
  const repeated: string[] = [];
  cells.forEach((cell, i) => {
    if (cell === null || cell === undefined) return;
    const key = byName.get(normalizeHeader(String(cell)));
    if (!key) return;
    if (columns[key] !== undefined) repeated.push(headerOf(key));
    else columns[key] = i;
  });
  const missing = hotlineColumns.filter((c) => c.required && columns[c.key] === undefined).map((c) => c.header);
  if (missing.length > 0 || repeated.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`缺少必需的列：${missing.join('、')}`);
    if (repeated.length > 0) parts.push(`列重复：${repeated.join('、')}`);
    return { ok: false, message: `表头不正确，${parts.join('；')}。请使用导入模板（第一行为表头）。`, missing, repeated };
  }
  return { ok: true, columns };
}

export const headerOf = (key: HotlineColumnKey): string => hotlineColumns.find((c) => c.key === key)!.header;

/** Whether a row looks like a header: it names at least three known columns. */
export function looksLikeHeader(cells: unknown[]): boolean {
  return cells.filter((c) => c !== null && c !== undefined && byName.has(normalizeHeader(String(c)))).length >= 3;
}

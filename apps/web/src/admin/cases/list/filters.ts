import type { CaseStatus } from '@gongzhi/contracts';
import type { CaseListFilter } from '../../api/cases';

/**
 * The case list's filters live in the page URL (shareable, kept by the back button); a saved view
 * is a name plus that query string, kept per user in the browser (localStorage). Pure helpers.
 */

const STATUSES = ['received', 'dispatched', 'signed', 'in_progress', 'resolved', 'verified', 'followed_up', 'closed', 'returned', 'merged', 'cancelled'];
const TYPES = ['consult', 'help', 'complaint', 'suggestion', 'report', 'praise'];
const CHANNELS = ['resident_app', 'hotline_12345', 'grid_patrol', 'iot_alarm', 'reception', 'open311'];
const SORTS = ['received_desc', 'received_asc', 'due_asc'] as const;
const CATEGORY = /^[A-Z]\d{2}(\d{2})?$/;
const UNIT = /^\d{6}(\d{3}){0,3}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/;

const list = (v: string | null, allowed: string[]) => {
  const items = (v ?? '').split(',').filter((x) => allowed.includes(x));
  return items.length ? [...new Set(items)] : undefined;
};
const bool = (v: string | null) => (v === 'true' ? true : v === 'false' ? false : undefined);
const match = (v: string | null, re: RegExp) => (v && re.test(v) ? v : undefined);

/** The filter a URL query describes; unknown or malformed values are dropped, not sent. */
export function filterFromParams(p: URLSearchParams): CaseListFilter {
  const f: CaseListFilter = {
    status: list(p.get('status'), STATUSES) as CaseStatus[] | undefined,
    type: list(p.get('type'), TYPES),
    channel: list(p.get('channel'), CHANNELS),
    category: match(p.get('category'), CATEGORY),
    unit: match(p.get('unit'), UNIT),
    department: match(p.get('department'), UUID),
    overdue: bool(p.get('overdue')),
    warning: p.get('warning') === 'yellow' || p.get('warning') === 'red' ? (p.get('warning') as 'yellow' | 'red') : undefined,
    supervised: bool(p.get('supervised')),
    extensionRequested: bool(p.get('extensionRequested')),
    from: match(p.get('from'), ISO),
    to: match(p.get('to'), ISO),
    q: p.get('q')?.trim().slice(0, 50) || undefined,
    sort: (SORTS as readonly string[]).includes(p.get('sort') ?? '') ? (p.get('sort') as CaseListFilter['sort']) : undefined,
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as CaseListFilter;
}

const ORDER: (keyof CaseListFilter)[] = ['q', 'status', 'type', 'channel', 'category', 'unit', 'department', 'overdue', 'warning', 'supervised', 'extensionRequested', 'from', 'to', 'sort'];

/** The URL query of a filter, in a fixed key order so equal filters give equal strings. */
export function paramsFromFilter(f: CaseListFilter): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ORDER) {
    const v = f[k];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return p;
}

/** How many filters are set (the sort order is not a filter). */
export function activeFilterCount(f: CaseListFilter): number {
  return ORDER.filter((k) => k !== 'sort' && f[k] !== undefined).length;
}

/** A day picked in the console (Asia/Shanghai) as the API's bounds: from its start, to the next day's start. */
export function dayBounds(fromDay: string | undefined, toDay: string | undefined): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (fromDay) out.from = `${fromDay}T00:00:00+08:00`;
  if (toDay) {
    const next = new Date(Date.parse(`${toDay}T00:00:00+08:00`) + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    out.to = `${next}T00:00:00+08:00`;
  }
  return out;
}

/** The days a filter's bounds cover, for the date picker (inverse of dayBounds). */
export function boundDays(f: Pick<CaseListFilter, 'from' | 'to'>): { fromDay?: string; toDay?: string } {
  const day = (iso: string, shift: number) => new Date(Date.parse(iso) + 8 * 3_600_000 + shift).toISOString().slice(0, 10);
  return { fromDay: f.from ? day(f.from, 0) : undefined, toDay: f.to ? day(f.to, -1) : undefined };
}

// ---------- saved views ----------

export interface SavedView {
  id: string;
  name: string;
  /** The list's URL query (paramsFromFilter). */
  query: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const MAX_VIEWS = 20;
export const viewsKey = (userId: string) => `gongzhi.caseViews.${userId}`;

export function loadViews(store: KeyValueStore, userId: string): SavedView[] {
  try {
    const raw = JSON.parse(store.getItem(viewsKey(userId)) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((v): v is SavedView => !!v && typeof v === 'object' && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.query === 'string')
      .slice(0, MAX_VIEWS);
  } catch {
    return [];
  }
}

/** Adds a view (a view of the same name is replaced); the newest first, at most MAX_VIEWS. */
export function addView(views: readonly SavedView[], name: string, query: string, id: string): SavedView[] {
  const clean = name.trim().slice(0, 30);
  return [{ id, name: clean, query }, ...views.filter((v) => v.name !== clean)].slice(0, MAX_VIEWS);
}

export function saveViews(store: KeyValueStore, userId: string, views: readonly SavedView[]): void {
  store.setItem(viewsKey(userId), JSON.stringify(views.slice(0, MAX_VIEWS)));
}

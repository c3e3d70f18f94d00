import type { AppMeta, Compound, CompoundType, UnitDetail, UnitFeatureCollection, UnitLevel, UnitRef, UnitSummary } from '@gongzhi/contracts';
import { getJson } from './client';

export type SearchHit = UnitRef & { ancestors: UnitRef[] };
export type Page<T> = { items: T[]; nextCursor: string | null };

const unitPath = (code: string) => `/api/jurisdictions/${encodeURIComponent(code)}`;

export const api = {
  meta: (signal?: AbortSignal) => getJson<AppMeta>('/api/meta', undefined, signal),
  root: (signal?: AbortSignal) => getJson<UnitDetail>('/api/jurisdictions/root', undefined, signal),
  unit: (code: string, signal?: AbortSignal) => getJson<UnitDetail>(unitPath(code), undefined, signal),
  children: (code: string, signal?: AbortSignal) =>
    getJson<{ items: UnitSummary[] }>(`${unitPath(code)}/children`, undefined, signal),
  geometry: (code: string, signal?: AbortSignal) =>
    getJson<UnitFeatureCollection>(`${unitPath(code)}/geometry`, { children: 1 }, signal),
  search: (q: string, opts: { level?: UnitLevel; limit?: number } = {}, signal?: AbortSignal) =>
    getJson<{ items: SearchHit[] }>('/api/jurisdictions/search', { q, level: opts.level, limit: opts.limit ?? 20 }, signal),
  compounds: (
    query: { unit: string; type?: CompoundType; q?: string; limit?: number; cursor?: string | null },
    signal?: AbortSignal,
  ) => getJson<Page<Compound>>('/api/compounds', query, signal),
};

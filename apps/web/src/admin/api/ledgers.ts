import type { LedgerResult, LedgerSummary } from '@gongzhi/contracts';
import { download, getJson } from './client';

export type PlainQuery = { plain?: boolean; reason?: string };

/** 台账报表 and the de-identified export. */
export const ledgersApi = {
  list: (signal?: AbortSignal) => getJson<{ items: LedgerSummary[] }>('/api/ledgers', undefined, signal),
  get: (id: string, unit: string, q: PlainQuery = {}, signal?: AbortSignal) => getJson<LedgerResult>(`/api/ledgers/${encodeURIComponent(id)}`, { unit, ...q }, signal),
  exportXlsx: (id: string, unit: string, q: PlainQuery = {}) => download(`/api/ledgers/${encodeURIComponent(id)}.xlsx`, { unit, ...q }, `ledger-${id}-${unit}.xlsx`),
  deidentified: (unit: string, k: number) => download('/api/residents/deidentified.xlsx', { unit, k }, `deidentified-${unit}.xlsx`),
};

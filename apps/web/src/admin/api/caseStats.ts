import type { CaseStatsOverview } from '@gongzhi/contracts';
import { download, getJson } from './client';

export type StatsQuery = { unit?: string; from?: string; to?: string; top?: number };

export const caseStatsApi = {
  overview: (q: StatsQuery, signal?: AbortSignal) => getJson<CaseStatsOverview>('/api/case-stats/overview', q, signal),
  export: (q: StatsQuery) => download('/api/case-stats/export.xlsx', q, 'case-stats.xlsx'),
};

import type { Compound, CompoundEvaluation, CompoundType, GovernanceComparison, GovernanceGuide, GovernanceIndicator, GovernanceItem, GovernanceListKind, GovernanceOverview, GovernanceType } from '@gongzhi/contracts';
import { getJson, sendJson } from './client';

const base = (type: CompoundType) => `/api/governance/types/${type}`;
export type IndicatorDraft = { id?: string; name: string; description: string; weight: number; active: boolean };

/** 分类治理 API: lists, guide, indicators of a compound type; evaluations of compounds. */
export const governanceApi = {
  overview: (signal?: AbortSignal) => getJson<GovernanceOverview>('/api/governance/types', undefined, signal),
  type: (type: CompoundType, signal?: AbortSignal) => getJson<GovernanceType>(base(type), undefined, signal),
  addItem: (type: CompoundType, body: { listKind: GovernanceListKind; title: string; detail: string }) => sendJson<GovernanceItem>('POST', `${base(type)}/items`, body),
  editItem: (type: CompoundType, id: string, body: { title: string; detail: string }) => sendJson<GovernanceItem>('PATCH', `${base(type)}/items/${id}`, body),
  deleteItem: (type: CompoundType, id: string) => sendJson<{ deleted: string }>('DELETE', `${base(type)}/items/${id}`),
  reorder: (type: CompoundType, kind: GovernanceListKind, ids: string[]) => sendJson<{ items: GovernanceItem[] }>('PUT', `${base(type)}/lists/${kind}/order`, { ids }),
  saveGuide: (type: CompoundType, html: string, version: number) => sendJson<GovernanceGuide>('PUT', `${base(type)}/guide`, { html, version }),
  saveIndicators: (type: CompoundType, indicators: IndicatorDraft[]) => sendJson<{ items: GovernanceIndicator[] }>('PUT', `${base(type)}/indicators`, { indicators }),
  compare: (type: CompoundType, year: number, signal?: AbortSignal) => getJson<GovernanceComparison>(`${base(type)}/comparison`, { year }, signal),
  evaluate: (compoundId: string, body: { year: number; scores: { indicatorId: string; score: number }[]; note?: string }) =>
    sendJson<CompoundEvaluation & { replaced: boolean }>('POST', `/api/compounds/${compoundId}/evaluations`, body),
  /** Compounds of a type the caller sees (for picking the one to evaluate). */
  compounds: (type: CompoundType, q: string, signal?: AbortSignal) => getJson<{ items: Compound[] }>('/api/compounds', { type, q, limit: 30 }, signal),
  history: (compoundId: string, signal?: AbortSignal) => getJson<{ items: CompoundEvaluation[] }>(`/api/compounds/${compoundId}/evaluations`, undefined, signal),
};

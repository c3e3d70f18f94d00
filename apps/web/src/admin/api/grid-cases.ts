import type { Case, CaseAction, CaseActionRequest, CaseCategoryTree, CaseEventView, CaseSummary } from '@gongzhi/contracts';
import type { ErrorBody } from '@gongzhi/contracts';
import i18n from '../i18n';
import { ApiError, csrfToken, getJson } from './client';

/**
 * The few case calls the grid worker's pages make. Writes go through `write()` rather than the
 * console's sendJson because the patrol queue needs what it lacks: an Idempotency-Key header, a
 * raw image body, and failures that do not send the user to the sign-in page mid-queue.
 */
// A request on a weak mobile connection can hang for minutes: give up and let the queue retry.
// A create that did reach the server is then answered as a replay of its key.
const timeout = (ms: number) => (typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined);

async function write<T>(path: string, body: BodyInit | undefined, headers: Record<string, string>, timeoutMs = 30_000): Promise<T> {
  const h: Record<string, string> = { 'accept-language': i18n.language === 'en' ? 'en' : 'zh-CN', ...headers };
  const token = csrfToken();
  if (token) h['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: h, body, credentials: 'same-origin', signal: timeout(timeoutMs) });
  } catch {
    throw new ApiError('NETWORK', i18n.t('grid.errors.network'), 0);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (json as Partial<ErrorBody> | null)?.error;
    throw new ApiError(error?.code ?? `HTTP_${res.status}`, error?.message ?? `请求失败（HTTP ${res.status}）`, res.status, error?.details);
  }
  return json as T;
}

export type CaseListQuery = {
  status?: string;
  mine?: boolean;
  channel?: string;
  sort?: 'received_desc' | 'received_asc' | 'due_asc';
  limit?: number;
  cursor?: string | null;
};

export const gridCasesApi = {
  /** Raw image bytes (already compressed in the browser); answers the photo's id. */
  uploadPhoto: async (bytes: ArrayBuffer | Blob, type: string) =>
    (await write<{ id: string }>('/api/cases/photos', bytes, { 'content-type': type }, 90_000)).id,

  /** The keyed create: the same key and body answer the first case (200, replayed: true). */
  createCase: async (body: unknown, idempotencyKey: string) => {
    const r = await write<{ case: Case; replayed: boolean }>('/api/cases', JSON.stringify(body), {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    });
    return { caseId: r.case.id, number: r.case.number, replayed: r.replayed };
  },

  list: (query: CaseListQuery, signal?: AbortSignal) =>
    getJson<{ items: CaseSummary[]; nextCursor: string | null }>('/api/cases', { ...query, mine: query.mine ? 'true' : undefined }, signal),

  get: (id: string, signal?: AbortSignal) => getJson<Case>(`/api/cases/${encodeURIComponent(id)}`, undefined, signal),

  events: (id: string, signal?: AbortSignal) => getJson<{ items: CaseEventView[] }>(`/api/cases/${encodeURIComponent(id)}/events`, undefined, signal),

  act: (id: string, action: CaseAction, body: CaseActionRequest) =>
    write<Case>(`/api/cases/${encodeURIComponent(id)}/actions/${action}`, JSON.stringify(body), { 'content-type': 'application/json' }),

  categories: (signal?: AbortSignal) => getJson<CaseCategoryTree>('/api/case-categories', undefined, signal),
};
